"""The working-day clock of the first-response service level.

The 2025 agreement, Bilaga 4 (docs/requirements.md): "Kontakten ska få svar inom 5 arbetsdagar". Working days are Monday
to Friday except Swedish public holidays and the days treated like them: midsommarafton, julafton and
nyårsafton (lag (1930:173) 2 §; semesterlagen 3 a §). The `holidays` package, country SE with the
categories public and de_facto, gives exactly that set; we keep no holiday list of our own.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from functools import cache

import holidays
from django.conf import settings
from django.utils import timezone

FIRST_RESPONSE_WORKING_DAYS = 5


@cache
def _days_off(year: int) -> frozenset[date]:
    calendar = holidays.country_holidays(
        "SE", years=year, categories=(holidays.PUBLIC, holidays.DE_FACTO), language="sv"
    )
    return frozenset(calendar)


def is_working_day(day: date) -> bool:
    return day.weekday() < 5 and day not in _days_off(day.year)


def next_working_day(day: date) -> date:
    """The first working day after `day`."""
    day += timedelta(days=1)
    while not is_working_day(day):
        day += timedelta(days=1)
    return day


def add_working_days(start: date, days: int) -> date:
    """The date `days` working days after `start` (start itself is day 0)."""
    if days < 0:
        raise ValueError("days must not be negative")
    day = start
    for _ in range(days):
        day = next_working_day(day)
    return day


@cache
def _cumulative(year: int) -> tuple[int, ...]:
    """Entry n: the working days among the first n days of the year (entry 0 is 0)."""
    counts, day = [0], date(year, 1, 1)
    while day.year == year:
        counts.append(counts[-1] + is_working_day(day))
        day += timedelta(days=1)
    return tuple(counts)


def _through(day: date) -> int:
    return _cumulative(day.year)[day.timetuple().tm_yday]


def working_days_between(start: date, end: date) -> int:
    """Working days after `start` up to and including `end` (negative when end is before start).

    Constant time per call from a per-year table: the service-level figures call it per contact.
    """
    if end < start:
        return -working_days_between(end, start)
    full_years = sum(_cumulative(year)[-1] for year in range(start.year, end.year))
    return full_years + _through(end) - _through(start)


def office_closes() -> time:
    hours, minutes = (int(part) for part in settings.INFLYTT_OFFICE_CLOSES.split(":"))
    return time(hours, minutes)


def clock_start(registered_at: datetime) -> date:
    """The working day the clock starts on: the day of registration, or the next working day
    when the person registered after office hours or on a day off."""
    local = timezone.localtime(registered_at)
    day = local.date()
    if is_working_day(day) and local.time() < office_closes():
        return day
    return next_working_day(day)


def first_response_due(registered_at: datetime) -> date:
    return add_working_days(clock_start(registered_at), FIRST_RESPONSE_WORKING_DAYS)
