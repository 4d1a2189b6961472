"""Reads on the budget, with the joins applied so no caller causes N+1 queries."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import QuerySet
from django.http import Http404

from inflytt.budget.models import Area, BudgetLine, BudgetYear, CostKeyEntry, Outcome
from inflytt.parties.models import Party


def budget_years() -> QuerySet[BudgetYear]:
    return BudgetYear.objects.order_by("-year")


def get_budget_year(*, year: int) -> BudgetYear:
    """The year, or Http404 (which the API and the commands turn into their own answers)."""
    try:
        return BudgetYear.objects.get(year=year)
    except BudgetYear.DoesNotExist:
        raise Http404 from None


def year_lines(*, budget_year: BudgetYear) -> QuerySet[BudgetLine]:
    return budget_year.lines.select_related("area", "payer", "budget_year").order_by(
        "area__position", "area__name", "position", "pk"
    )


def cost_key(*, budget_year: BudgetYear) -> QuerySet[CostKeyEntry]:
    return budget_year.cost_key.select_related("party")


def sort_parties(parties: Iterable[Party]) -> list[Party]:
    """The region first, then the municipalities A-Ö; also the tie-break order of the rounding."""
    return sorted(parties, key=lambda party: (party.kind != Party.Kind.REGION, party.name, party.pk))


def cost_key_parties(*, weighted: Iterable[int]) -> list[Party]:
    """The parties a cost key is edited for: the active ones and any that has a weight already."""
    return sort_parties(Party.objects.filter(is_active=True) | Party.objects.filter(pk__in=list(weighted)))


def areas() -> QuerySet[Area]:
    return Area.objects.order_by("position", "name")


@dataclass(frozen=True)
class OutcomeRow:
    area: Area
    budget: int
    quarters: list[Decimal | None]  # Q1..Q4, None where nothing is reported yet
    outcome: Decimal

    @property
    def left(self) -> Decimal:
        return self.budget - self.outcome


@dataclass(frozen=True)
class OutcomeReport:
    """Budget vs outcome per area: the economic part of the quarterly report (the 2025 agreement,
    section 5; docs/requirements.md R12)."""

    budget_year: BudgetYear
    rows: list[OutcomeRow]

    @property
    def budget(self) -> int:
        return sum(row.budget for row in self.rows)

    @property
    def budget_left(self) -> Decimal:
        """The year's budget less the outcome, before the carry-over."""
        return self.budget - self.outcome

    @property
    def available(self) -> int:
        """The year's budget plus what was carried over from the previous year (Bilaga 2)."""
        return self.budget + self.budget_year.carry_over

    @property
    def quarter_totals(self) -> list[Decimal]:
        return [sum((row.quarters[q] or Decimal(0) for row in self.rows), Decimal(0)) for q in range(4)]

    @property
    def outcome(self) -> Decimal:
        return sum((row.outcome for row in self.rows), Decimal(0))

    @property
    def left(self) -> Decimal:
        """What is left of the available money; at the year's end, the surplus to carry over."""
        return self.available - self.outcome


def outcome_report(*, budget_year: BudgetYear) -> OutcomeReport:
    budgets: dict[int, int] = {}
    for line in year_lines(budget_year=budget_year):
        budgets[line.area_id] = budgets.get(line.area_id, 0) + line.cost
    reported: dict[tuple[int, int], Decimal] = {
        (outcome.area_id, outcome.quarter): outcome.amount
        for outcome in Outcome.objects.filter(budget_year=budget_year)
    }
    used = set(budgets) | {area_id for area_id, _quarter in reported}
    rows = []
    for area in areas().filter(pk__in=used):
        quarters = [reported.get((area.pk, quarter)) for quarter in range(1, 5)]
        outcome = sum((amount for amount in quarters if amount is not None), Decimal(0))
        rows.append(OutcomeRow(area=area, budget=budgets.get(area.pk, 0), quarters=quarters, outcome=outcome))
    return OutcomeReport(budget_year=budget_year, rows=rows)
