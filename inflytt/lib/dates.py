"""Dates and times in the installation's time zone."""

from __future__ import annotations

import functools
from collections.abc import Callable
from datetime import date, datetime, time

from django.conf import settings
from django.utils import dateformat, timezone
from django.utils.dates import MONTHS, MONTHS_3


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


# Django's date format characters that strftime writes alike in every language and locale.
_STRFTIME = {"Y": "%Y", "m": "%m", "d": "%d", "H": "%H", "i": "%M", "s": "%S"}
# ... and those written from the value and Django's translated month names.
_WRITTEN: dict[str, Callable[[date], str]] = {
    "j": lambda value: str(value.day),
    "n": lambda value: str(value.month),
    "M": lambda value: str(MONTHS_3[value.month]).title(),
    "F": lambda value: str(MONTHS[value.month]),
}


@functools.cache
def compiled_format(format_string: str) -> Callable[[date], str]:
    """`dateformat.format(value, format_string)` for a page of values: the format is read once.

    Django parses the format string for every value (about 47 µs a time on the benchmark machine, so
    a card's 50 activities spent 2-3 ms on it, issue 16). The characters Inflytt's formats use
    (inflytt/formats) are written with strftime and Django's month names; any other character falls
    back to dateformat.format. A test compares the two for every named format in both languages.
    The month names are translated when a value is written, so the result follows the active language.
    Years are written as strftime writes them, which equals Django's for the years 1000-9999.
    """
    parts: list[str | Callable[[date], str]] = []
    for index, piece in enumerate(dateformat.re_formatchars.split(format_string)):
        if index % 2 == 0:
            if piece:
                parts.append(dateformat.re_escaped.sub(r"\1", piece).replace("%", "%%"))
        elif piece in _STRFTIME:
            parts.append(_STRFTIME[piece])
        elif piece in _WRITTEN:
            parts.append(_WRITTEN[piece])
        else:
            return lambda value: dateformat.format(value, format_string)
    if all(isinstance(part, str) for part in parts):
        pattern = "".join(parts)  # type: ignore[arg-type]
        return lambda value: value.strftime(pattern)
    return lambda value: "".join(value.strftime(part) if isinstance(part, str) else part(value) for part in parts)
