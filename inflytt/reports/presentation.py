"""A report as one audience sees it: small cells suppressed for steering, one party or all.

Steering sees only aggregates (docs/security.md): "any cell that counts fewer than 3 people is suppressed
for steering ... so that nobody can be singled out in a small municipality". Totals stay true.
A suppressed cell must not be recoverable by subtracting the shown cells from a shown total, so
`suppress` hides a second cell where needed (secondary suppression). Coordinators and guides see
exact counts.

Each row is suppressed along one dimension at a time (parties, or one breakdown within a party
whose own cell is shown). Differences between two different figures (registered minus answered)
are not cells and are not protected: every figure shown is one of the cells above.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any, TypeVar

from django.utils.translation import gettext_lazy as _

from inflytt.parties.models import Party
from inflytt.reports.models import Metric
from inflytt.reports.selectors import Economy, Figure, GoalProgress, Label, Report, party_payment

SMALL = 3  # a cell counting 1 or 2 people is small
# The goals that count people (companies that found staff count companies).
PEOPLE_GOALS = {Metric.HOUSEHOLDS_MOVED, Metric.REGISTRATIONS, Metric.MAGAZINE_ORDERS}
STEERING = "steering"
STAFF = "staff"
AUDIENCES = (STEERING, STAFF)

EXACT, SMALL_CELL, HIDDEN = "exact", "small", "hidden"
SMALL_TEXT = _("fewer than 3")
HIDDEN_TEXT = _("hidden")

K = TypeVar("K", bound=Hashable)


@dataclass(frozen=True)
class Cell:
    value: int | None  # None when suppressed
    state: str = EXACT

    @property
    def shown(self) -> bool:
        return self.state == EXACT


def _is_small(value: int) -> bool:
    return 0 < value < SMALL


def _unique(primaries: list[int], secondaries: list[int]) -> bool:
    """Could a reader who knows the total and the shown cells tell the hidden cells' values?

    A small cell is 1 or 2, a secondary one at least 3 (it was hidden for being big enough). The
    hidden cells add up to a known sum; only the smallest possible sum, or the largest when no
    secondary cell is unbounded, fixes every cell.
    """
    hidden = sum(primaries) + sum(secondaries)  # the total less the shown cells
    smallest = len(primaries) + SMALL * len(secondaries)
    largest = 2 * len(primaries) if not secondaries else None
    return hidden == smallest or hidden == largest


def suppress(total: int, cells: Mapping[K, int], *, total_shown_elsewhere: bool = False) -> tuple[Cell, dict[K, Cell]]:
    """Steering's view of one row: small cells as "fewer than 3", and enough others hidden.

    `total_shown_elsewhere`: the total is on the page anyway (a party's own figure above its
    breakdown), so it cannot be the cell that is hidden; the whole row is hidden instead.
    """
    shown: dict[K, Cell] = {key: Cell(value) for key, value in cells.items()}
    if _is_small(total):
        return Cell(None, SMALL_CELL), {
            key: Cell(None, SMALL_CELL) if value else Cell(0) for key, value in cells.items()
        }
    primaries = [key for key, value in cells.items() if _is_small(value)]
    if not primaries:
        return Cell(total), shown
    for key in primaries:
        shown[key] = Cell(None, SMALL_CELL)
    secondaries: list[K] = []
    # Candidates for the second cell: the smallest cells that are not small themselves.
    candidates = sorted((value, index, key) for index, (key, value) in enumerate(cells.items()) if value >= SMALL)
    while _unique([cells[key] for key in primaries], [cells[key] for key in secondaries]):
        if not candidates:
            if total_shown_elsewhere:
                return Cell(total), {key: Cell(None, HIDDEN) if value else Cell(0) for key, value in cells.items()}
            return Cell(None, HIDDEN), shown
        _value, _index, key = candidates.pop(0)
        secondaries.append(key)
        shown[key] = Cell(None, HIDDEN)
    return Cell(total), shown


@dataclass
class ShownBreakdown:
    key: str
    label: Label
    rows: list[tuple[str, Label, Cell]]


@dataclass
class ShownFigure:
    key: str
    label: Label
    total: Cell
    by_party: list[tuple[Party, Cell]]
    breakdowns: list[ShownBreakdown] = field(default_factory=list)


def _exact_row(figure: Figure, parties: list[Party]) -> tuple[Cell, dict[int, Cell]]:
    return Cell(figure.total), {party.pk: Cell(figure.by_party.get(party.pk, 0)) for party in parties}


@dataclass
class ReportView:
    report: Report
    audience: str
    party: Party | None  # None: the whole programme
    figures: dict[str, ShownFigure]

    @property
    def parties(self) -> list[Party]:
        return [self.party] if self.party is not None else self.report.parties

    def cell(self, key: str) -> Cell:
        return self.figures[key].total

    @property
    def share_in_time(self) -> float | None:
        given, in_time = self.cell("first_responses"), self.cell("first_responses_in_time")
        if not (given.shown and in_time.shown) or not given.value:
            return None
        return (in_time.value or 0) / given.value

    @property
    def median_days(self) -> float | None:
        return self.report.median_days(self.party) if self.cell("first_responses").shown else None

    @property
    def goals(self) -> list[GoalProgress]:
        """The year's goals; for steering a count of 1 or 2 households or persons so far is suppressed."""
        if self.audience != STEERING:
            return self.report.goals
        return [
            replace(progress, reached=None, suppressed=True)
            if progress.goal.metric in PEOPLE_GOALS and progress.reached is not None and _is_small(progress.reached)
            else progress
            for progress in self.report.goals
        ]

    @property
    def economy(self) -> Economy | None:
        return self.report.economy

    @property
    def payment(self) -> int | Any | None:
        return None if self.party is None else party_payment(self.report.economy, self.party)

    def as_json(self) -> dict[str, Any]:
        """The shape `manage.py report` and GET /api/v1/reports/{period} answer (see README)."""
        data: dict[str, Any] = {
            "period": {"from": self.report.period.start.isoformat(), "to": self.report.period.end.isoformat()},
            "party": self.party.slug if self.party else None,
            "audience": self.audience,
        }
        for key, figure in self.figures.items():
            data[key] = {
                "total": figure.total.value,
                "by_party": {party.slug: cell.value for party, cell in figure.by_party},
            }
            if figure.breakdowns:
                data[key]["breakdowns"] = {
                    breakdown.key: {row_key: cell.value for row_key, _label, cell in breakdown.rows}
                    for breakdown in figure.breakdowns
                }
        data["first_responses_share_in_time"] = self.share_in_time
        data["first_response_median_working_days"] = self.median_days
        data["mailings"] = {
            "sent": self.report.mailings_sent,
            "deliveries": self.report.deliveries,
            "bounced": self.report.bounced,
            "bounce_rate": self.report.bounce_rate,
        }
        data["goals"] = [
            {"year": goal.goal.year, "metric": goal.goal.metric, "target": goal.goal.target, "reached": goal.reached}
            for goal in self.goals
        ]
        data["baselines"] = [
            {
                "metric": row.metric,
                "from": row.start.isoformat(),
                "to": row.end.isoformat(),
                "value": row.value,
                "source": row.source,
            }
            for row in self.report.baselines
        ]
        data["economy"] = _economy_json(self.economy, self.party)
        return data


def _economy_json(economy: Economy | None, party: Party | None) -> dict[str, Any] | None:
    if economy is None:
        return None
    outcome = economy.outcome
    payments = (
        {row.party.slug: row.total for row in economy.allocation.rows if party is None or row.party.pk == party.pk}
        if economy.allocation is not None
        else None
    )
    return {
        "year": economy.budget_year.year,
        "budget": outcome.budget,
        "carry_over": economy.budget_year.carry_over,
        "outcome": str(outcome.outcome),
        "left": str(outcome.left),
        "areas": {
            row.area.slug: {
                "budget": row.budget,
                "quarters": [None if amount is None else str(amount) for amount in row.quarters],
                "outcome": str(row.outcome),
                "left": str(row.left),
            }
            for row in outcome.rows
        },
        "payments": payments,
    }


def present(report: Report, *, audience: str, party: Party | None = None) -> ReportView:
    """The report for one audience and scope; steering's cells are suppressed across all parties
    first, so a party's figure is the same cell in its own report and in the programme's."""
    if audience not in AUDIENCES:
        raise ValueError(audience)
    figures: dict[str, ShownFigure] = {}
    for key, figure in report.figures.items():
        if audience == STEERING and figure.counts_people:
            total, by_party = suppress(figure.total, {p.pk: figure.by_party.get(p.pk, 0) for p in report.parties})
        else:
            total, by_party = _exact_row(figure, report.parties)
        scope_total = total if party is None else by_party[party.pk]
        shown = ShownFigure(
            key=key,
            label=figure.label,
            total=scope_total,
            by_party=[(p, by_party[p.pk]) for p in report.parties if party is None or p.pk == party.pk],
        )
        for breakdown in figure.breakdowns:
            if audience == STEERING and breakdown.staff_only:
                continue
            values = {
                row: (sum(cells.values()) if party is None else cells.get(party.pk, 0))
                for row, cells in breakdown.rows.items()
            }
            if audience == STEERING and figure.counts_people:
                if scope_total.shown:
                    _total, cells = suppress(scope_total.value or 0, values, total_shown_elsewhere=True)
                else:
                    cells = {row: Cell(None, HIDDEN) if value else Cell(0) for row, value in values.items()}
            else:
                cells = {row: Cell(value) for row, value in values.items()}
            rows = [(row, breakdown.row_labels.get(row, row), cells[row]) for row in values if values[row]]
            shown.breakdowns.append(ShownBreakdown(breakdown.key, breakdown.label, rows))
        figures[key] = shown
    if audience == STEERING and "newsletter_net" in figures:
        # The net change is joined minus left: shown only where both are.
        net = figures["newsletter_net"]
        joined, left = figures["newsletter_joined"], figures["newsletter_left"]
        net.total = net.total if joined.total.shown and left.total.shown else Cell(None, HIDDEN)
        net.by_party = [
            (p, cell if a.shown and b.shown else Cell(None, HIDDEN))
            for (p, cell), (_p1, a), (_p2, b) in zip(net.by_party, joined.by_party, left.by_party, strict=True)
        ]
    return ReportView(report=report, audience=audience, party=party, figures=figures)
