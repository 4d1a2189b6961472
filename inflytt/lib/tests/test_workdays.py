"""The 2025 agreement, Bilaga 4 (and the same appendix of the 2024 agreement; docs/requirements.md R1),
the service level for relocation guidance: "En person som tar kontakt för flyttvägledning ska ha fått en
första återkoppling inom fem arbetsdagar." """

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from inflytt.lib.workdays import (
    add_working_days,
    clock_start,
    first_response_due,
    is_working_day,
    working_days_between,
)

STHLM = ZoneInfo("Europe/Stockholm")


def at(year: int, month: int, day: int, hour: int = 10, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=STHLM)


def test_registered_the_friday_before_christmas_is_due_after_new_year():
    # Julafton, juldagen, annandag jul, nyårsafton and nyårsdagen are all days off.
    assert first_response_due(at(2025, 12, 19)) == date(2026, 1, 2)


def test_first_response_due_skips_midsummer_eve():
    assert first_response_due(at(2025, 6, 18)) == date(2025, 6, 26)


def test_a_registration_after_office_hours_counts_from_the_next_working_day():
    assert clock_start(at(2025, 6, 17, 16, 59)) == date(2025, 6, 17)
    assert clock_start(at(2025, 6, 17, 17, 0)) == date(2025, 6, 18)
    assert first_response_due(at(2025, 6, 17, 17, 30)) == date(2025, 6, 26)


def test_a_registration_on_a_weekend_counts_from_monday():
    assert clock_start(at(2026, 3, 7)) == date(2026, 3, 9)  # Saturday -> Monday
    assert first_response_due(at(2026, 3, 8)) == date(2026, 3, 16)


def test_office_hours_are_configurable(settings):
    settings.INFLYTT_OFFICE_CLOSES = "16:00"
    assert clock_start(at(2025, 6, 17, 16, 30)) == date(2025, 6, 18)


@pytest.mark.parametrize(
    ("day", "why"),
    [
        (date(2026, 1, 1), "nyårsdagen"),
        (date(2026, 1, 6), "trettondedag jul"),
        (date(2026, 4, 3), "långfredagen"),
        (date(2026, 4, 6), "annandag påsk"),
        (date(2026, 5, 1), "första maj"),
        (date(2026, 5, 14), "Kristi himmelsfärdsdag"),
        (date(2026, 6, 6), "nationaldagen"),
        (date(2026, 6, 19), "midsommarafton"),
        (date(2026, 12, 24), "julafton"),
        (date(2026, 12, 25), "juldagen"),
        (date(2026, 12, 26), "annandag jul"),
        (date(2026, 12, 31), "nyårsafton"),
        (date(2027, 3, 26), "långfredagen 2027"),
        (date(2027, 5, 6), "Kristi himmelsfärdsdag 2027"),
        (date(2027, 6, 25), "midsommarafton 2027"),
        (date(2028, 4, 17), "annandag påsk 2028"),
        (date(2028, 5, 25), "Kristi himmelsfärdsdag 2028"),
        (date(2028, 6, 6), "nationaldagen 2028 (a Tuesday)"),
    ],
)
def test_swedish_days_off_are_not_working_days(day, why):
    assert not is_working_day(day), why


def test_ordinary_weekdays_are_working_days():
    assert is_working_day(date(2026, 11, 23))  # a Monday
    assert is_working_day(date(2026, 4, 2))  # skärtorsdagen is a working day
    assert is_working_day(date(2026, 6, 5))  # the day before National Day


def test_across_easter_and_ascension():
    # Registered on skärtorsdagen 2026-04-02: långfredag and annandag påsk are off.
    assert first_response_due(at(2026, 4, 2)) == date(2026, 4, 13)
    # Registered Tuesday before Ascension 2026-05-14.
    assert first_response_due(at(2026, 5, 12)) == date(2026, 5, 20)


def test_across_national_day_on_a_weekday():
    # 2025-06-06 is a Friday: registered Wednesday 4 June.
    assert first_response_due(at(2025, 6, 4)) == date(2025, 6, 12)


def test_across_year_ends_for_several_years():
    assert first_response_due(at(2026, 12, 22)) == date(2027, 1, 4)
    assert first_response_due(at(2027, 12, 23)) == date(2028, 1, 3)


def test_the_time_zone_is_stockholm():
    # 16:30 UTC on a winter day is 17:30 in Stockholm: after office hours.
    utc = datetime(2026, 11, 23, 16, 30, tzinfo=ZoneInfo("UTC"))
    assert clock_start(utc) == date(2026, 11, 24)


def test_add_and_count_working_days_agree():
    start = date(2025, 12, 19)
    for days in range(0, 30):
        assert working_days_between(start, add_working_days(start, days)) == days


def test_counting_working_days_agrees_with_walking_the_calendar():
    from datetime import timedelta

    def walk(start: date, end: date) -> int:
        return sum(is_working_day(start + timedelta(days=n)) for n in range(1, (end - start).days + 1))

    for start, end in [
        (date(2025, 12, 19), date(2026, 1, 2)),
        (date(2024, 2, 28), date(2026, 3, 1)),  # a leap day and two year ends
        (date(2026, 6, 18), date(2026, 6, 18)),
        (date(2023, 12, 31), date(2028, 1, 1)),
    ]:
        assert working_days_between(start, end) == walk(start, end)
        assert working_days_between(end, start) == -walk(start, end)
