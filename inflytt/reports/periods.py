"""Report periods: a quarter (`2026Q4`), a year (`2026`) or dates (`2026-01-01..2026-03-31`).

Bounds are dates in Europe/Stockholm and both are included: a registration at 23:30 on 31 March
belongs to Q1. Filters turn them into aware datetimes with `lib.dates.day_start`, so a DST change
inside a period moves nothing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.utils.translation import gettext as _

from inflytt.lib.dates import day_start

# The project's history starts before Inflytt; "since start" means since the first project year.
PROGRAMME_START = date(2020, 1, 1)

_QUARTER = re.compile(r"^(\d{4})Q([1-4])$", re.IGNORECASE)
_YEAR = re.compile(r"^(\d{4})$")
_RANGE = re.compile(r"^(\d{4}-\d{2}-\d{2})\.\.(\d{4}-\d{2}-\d{2})$")


class PeriodError(ValueError):
    pass


@dataclass(frozen=True)
class Period:
    start: date
    end: date  # included

    @property
    def key(self) -> str:
        """The period written the way `parse_period` reads it (used in URLs and file names)."""
        if self.start.month in (1, 4, 7, 10) and self.start.day == 1:
            quarter = (self.start.month - 1) // 3 + 1
            if self == quarter_of(self.start):
                return f"{self.start.year}Q{quarter}"
        if self.start == date(self.start.year, 1, 1) and self.end == date(self.start.year, 12, 31):
            return str(self.start.year)
        return f"{self.start.isoformat()}..{self.end.isoformat()}"

    @property
    def since(self) -> datetime:
        """The first instant of the period (aware, local time)."""
        return day_start(self.start)

    @property
    def until(self) -> datetime:
        """The first instant after the period: filter with `< until`."""
        return day_start(self.end + timedelta(days=1))

    @property
    def years(self) -> range:
        return range(self.start.year, self.end.year + 1)

    def __str__(self) -> str:
        return self.key


def quarter_of(day: date) -> Period:
    first_month = (day.month - 1) // 3 * 3 + 1
    start = date(day.year, first_month, 1)
    next_start = date(day.year + 1, 1, 1) if first_month == 10 else date(day.year, first_month + 3, 1)
    return Period(start, next_start - timedelta(days=1))


def parse_period(text: str) -> Period:
    """`2026Q4`, `2026` or `2026-01-01..2026-03-31`; PeriodError for anything else."""
    text = text.strip()
    if match := _QUARTER.match(text):
        return quarter_of(date(int(match[1]), (int(match[2]) - 1) * 3 + 1, 1))
    if match := _YEAR.match(text):
        year = int(match[1])
        if year < 1:
            raise PeriodError(_("“%(period)s” is not a period.") % {"period": text})
        return Period(date(year, 1, 1), date(year, 12, 31))
    if match := _RANGE.match(text):
        try:
            start, end = date.fromisoformat(match[1]), date.fromisoformat(match[2])
        except ValueError:
            raise PeriodError(_("“%(period)s” is not a period.") % {"period": text}) from None
        if end < start:
            raise PeriodError(_("The period ends before it starts."))
        return Period(start, end)
    raise PeriodError(
        _("“%(period)s” is not a period: write 2026Q4, 2026 or 2026-01-01..2026-03-31.") % {"period": text}
    )
