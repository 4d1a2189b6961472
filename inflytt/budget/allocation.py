"""What each party pays: the result of `services.allocate_budget`, shaped for pages, files and the API."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction

from inflytt.budget.models import Area, BudgetLine, BudgetYear
from inflytt.parties.models import Party


@dataclass(frozen=True)
class LineAllocation:
    """One budget line, its cost and each paying party's whole-krona part of it."""

    line: BudgetLine
    cost: int
    shares: dict[int, int]  # party pk -> kronor

    @property
    def rule(self) -> str:
        return self.line.get_payer_rule_display()


@dataclass(frozen=True)
class PartyRow:
    """One party's row of the allocation table: per area (in `Allocation.areas` order), per rule, total."""

    party: Party
    key_percent: Decimal | None  # the party's share of the cost key; None when it does not share by key
    by_area: list[int]
    by_rule: dict[str, int]
    total: int


@dataclass(frozen=True)
class Allocation:
    budget_year: BudgetYear
    parties: list[Party]
    areas: list[Area]
    lines: list[LineAllocation]
    rows: list[PartyRow] = field(default_factory=list)

    @property
    def total(self) -> int:
        return sum(line.cost for line in self.lines)

    @property
    def area_totals(self) -> list[int]:
        return [sum(row.by_area[i] for row in self.rows) for i in range(len(self.areas))]

    def row_for(self, party: Party) -> PartyRow:
        return next(row for row in self.rows if row.party.pk == party.pk)

    def lines_for(self, party: Party) -> list[tuple[LineAllocation, int]]:
        """The lines a party pays a part of, with its part: the invoice basis."""
        return [(line, line.shares[party.pk]) for line in self.lines if line.shares.get(party.pk)]


def percent(part: int, whole: int) -> Decimal:
    """`part` of `whole` in per cent, two decimals, computed exactly."""
    exact = Fraction(100 * part, whole)
    return (Decimal(exact.numerator) / Decimal(exact.denominator)).quantize(Decimal("0.01"))


def build_rows(
    *, parties: list[Party], areas: list[Area], lines: list[LineAllocation], key_weights: dict[int, int]
) -> list[PartyRow]:
    key_sum = sum(key_weights.values())
    area_index = {area.pk: i for i, area in enumerate(areas)}
    rows = []
    for party in parties:
        by_area = [0] * len(areas)
        by_rule = dict.fromkeys(BudgetLine.PayerRule.values, 0)
        for line in lines:
            amount = line.shares.get(party.pk, 0)
            by_area[area_index[line.line.area_id]] += amount
            by_rule[line.line.payer_rule] += amount
        key_percent = percent(key_weights[party.pk], key_sum) if party.pk in key_weights and key_sum else None
        rows.append(
            PartyRow(party=party, key_percent=key_percent, by_area=by_area, by_rule=by_rule, total=sum(by_area))
        )
    return rows
