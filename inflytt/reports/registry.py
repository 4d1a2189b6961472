"""Figures other apps add to the reports.

The reports app knows nothing of the apps above it. An app that can count something for the
reports (the networks app: ambassadors, coworking spaces, employers with hires) registers a
figure from its AppConfig.ready:

    from inflytt.reports.registry import ExtraFigure, register
    register(ExtraFigure(key="companies_found_staff", label=_("Companies that found staff"),
                         counts_people=False, compute=companies_found_staff_by_party))

`compute(period)` returns {party pk or None: count} in one query. A figure nobody registered is
not shown at all: no zero is made up for it (a goal without its figure says "no figure yet").
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.utils.functional import Promise

if TYPE_CHECKING:
    from inflytt.reports.periods import Period


@dataclass(frozen=True)
class ExtraFigure:
    key: str
    label: str | Promise
    compute: Callable[[Period], dict[int | None, int]]
    # Counts people (so small cells are suppressed for steering) or things (companies, spaces).
    counts_people: bool = False


_FIGURES: dict[str, ExtraFigure] = {}


def register(figure: ExtraFigure) -> None:
    _FIGURES[figure.key] = figure


def unregister(key: str) -> None:
    _FIGURES.pop(key, None)


def extra_figures() -> list[ExtraFigure]:
    return list(_FIGURES.values())
