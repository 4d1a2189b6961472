"""Dates and times in the installation's time zone."""

from __future__ import annotations

from datetime import date, datetime, time

from django.utils import timezone


def day_start(day: date) -> datetime:
    """Midnight at the start of `day`, local time (Europe/Stockholm): the bound of a day filter."""
    return timezone.make_aware(datetime.combine(day, time.min))
