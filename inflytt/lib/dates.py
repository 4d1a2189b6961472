"""Dates and times in the installation's time zone."""

from __future__ import annotations

from datetime import date, datetime, time

from django.conf import settings
from django.utils import timezone


def day_start(day: date) -> datetime:
    """Midnight at the start of `day`, local time (Europe/Stockholm): the bound of a day filter."""
    return timezone.make_aware(datetime.combine(day, time.min))


def months_before(moment: datetime, months: int) -> datetime:
    """The same day and time `months` calendar months earlier (the 31st falls back to the month's end)."""
    index = moment.year * 12 + moment.month - 1 - months
    year, month = divmod(index, 12)
    day = moment.day
    while True:
        try:
            return moment.replace(year=year, month=month + 1, day=day)
        except ValueError:
            day -= 1


def retention_cutoff(now: datetime | None = None) -> datetime:
    """The moment before which a contact's last activity makes it go: INFLYTT_RETENTION_YEARS ago.

    Calendar years (29 February falls back to 28 February), so "5 years" is what a person means.
    """
    return months_before(timezone.localtime(now or timezone.now()), 12 * settings.INFLYTT_RETENTION_YEARS)
