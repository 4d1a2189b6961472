"""Pagination without a COUNT over all rows: one query a page, and counts that stop at a limit."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet


@dataclass
class WindowPage:
    object_list: list[Any]
    number: int
    has_next: bool

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def next_page_number(self) -> int:
        return self.number + 1

    @property
    def previous_page_number(self) -> int:
        return self.number - 1

    def __iter__(self) -> Iterator[Any]:
        return iter(self.object_list)


def window_page(queryset: QuerySet[Any], *, page: str | None, per_page: int) -> WindowPage:
    try:
        number = max(1, int(page or 1))
    except ValueError:
        number = 1
    start = (number - 1) * per_page
    rows = list(queryset[start : start + per_page + 1])
    return WindowPage(object_list=rows[:per_page], number=number, has_next=len(rows) > per_page)


# A list shows its exact number of matches up to this many and "more than" beyond: counting every
# match of a broad filter reads tens of thousands of rows to print one number (issue 16).
COUNT_LIMIT = 1000


@dataclass
class CountedPage(WindowPage):
    """A page of a list with its number of matches, counted no further than `limit`."""

    count: int
    limit: int
    per_page: int

    @property
    def count_is_exact(self) -> bool:
        return self.count <= self.limit

    @property
    def num_pages(self) -> int | None:
        """The number of pages when the count is exact, else None (the list shows "Page n")."""
        if not self.count_is_exact:
            return None
        return max(1, -(-self.count // self.per_page))


def counted_page(
    queryset: QuerySet[Any],
    *,
    page: str | None,
    per_page: int,
    limit: int | None = None,
    counting: QuerySet[Any] | None = None,
) -> CountedPage:
    """One page of `queryset` and its count up to `limit` (count > limit means "more than limit").

    The rows are read as window_page reads them (one row past the page tells whether there is a
    next one); the count reads at most limit + 1 matches, and none at all when the page itself shows
    where the list ends. `counting` is the same matches without the joins the rows need, when
    `queryset` is a values() query whose joins would stay in the count."""
    limit = limit or COUNT_LIMIT
    window = window_page(queryset, page=page, per_page=per_page)
    start = (window.number - 1) * per_page
    if window.object_list and not window.has_next:
        count = start + len(window.object_list)
    elif not window.object_list and window.number == 1:
        count = 0
    else:
        count = (queryset if counting is None else counting).order_by().values("pk")[: limit + 1].count()
    return CountedPage(
        object_list=window.object_list,
        number=window.number,
        has_next=window.has_next,
        count=count,
        limit=limit,
        per_page=per_page,
    )
