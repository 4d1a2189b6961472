"""Periods are dates in Europe/Stockholm, both ends included."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest

from inflytt.reports.periods import Period, PeriodError, parse_period, quarter_of

STOCKHOLM = ZoneInfo("Europe/Stockholm")


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("2026Q1", date(2026, 1, 1), date(2026, 3, 31)),
        ("2026q4", date(2026, 10, 1), date(2026, 12, 31)),
        ("2024Q1", date(2024, 1, 1), date(2024, 3, 31)),
        ("2026", date(2026, 1, 1), date(2026, 12, 31)),
        ("2026-01-01..2026-03-31", date(2026, 1, 1), date(2026, 3, 31)),
        ("2026-03-29..2026-03-29", date(2026, 3, 29), date(2026, 3, 29)),
    ],
)
def test_parse_period(text, start, end):
    assert parse_period(text) == Period(start, end)


@pytest.mark.parametrize("text", ["2026Q5", "26", "2026-02-30..2026-03-01", "2026-03-31..2026-01-01", "", "Q1"])
def test_a_bad_period_is_refused(text):
    with pytest.raises(PeriodError):
        parse_period(text)


def test_the_key_reads_back():
    for text in ("2026Q4", "2026", "2026-01-01..2026-02-28"):
        assert parse_period(text).key == text


def test_a_registration_at_2330_on_31_march_belongs_to_q1():
    q1, q2 = parse_period("2026Q1"), parse_period("2026Q2")
    late = datetime(2026, 3, 31, 23, 30, tzinfo=STOCKHOLM)
    assert q1.since <= late < q1.until
    assert not (q2.since <= late < q2.until)


def test_bounds_are_local_midnight_across_dst():
    # Summer time starts 29 March 2026 and ends 25 October 2026.
    spring = parse_period("2026-03-29..2026-03-29")
    assert spring.since == datetime(2026, 3, 29, tzinfo=STOCKHOLM)
    assert spring.until == datetime(2026, 3, 30, tzinfo=STOCKHOLM)
    assert (spring.until.astimezone(UTC) - spring.since.astimezone(UTC)).total_seconds() == 23 * 3600
    autumn = parse_period("2026-10-25..2026-10-25")
    assert (autumn.until.astimezone(UTC) - autumn.since.astimezone(UTC)).total_seconds() == 25 * 3600


def test_year_edge():
    q4 = parse_period("2026Q4")
    assert q4.until == datetime(2027, 1, 1, tzinfo=STOCKHOLM)
    assert quarter_of(date(2026, 12, 31)) == q4
    assert quarter_of(date(2027, 1, 1)) == parse_period("2027Q1")
