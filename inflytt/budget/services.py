"""Writes on the budget, and the allocation every page, file, command and API call shares."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from inflytt.budget import outcome_files, reference, selectors
from inflytt.budget.allocation import Allocation, LineAllocation, build_rows
from inflytt.budget.models import Area, BudgetLine, BudgetYear, CostKeyEntry, Outcome
from inflytt.budget.rounding import apportion_lines
from inflytt.parties.models import Party

ZERO_TOTAL_WEIGHT = _(
    "The municipalities' cost-key weights add up to zero, so a line shared by cost key cannot be split."
)
NO_MUNICIPALITIES = _("No municipality takes part in the year, so a shared line has nobody to share it.")
NO_REGION = _("The region does not take part in the year, so a line paid by the region has no payer.")
PAYER_NOT_IN_YEAR = _("%(party)s does not take part in %(year)s: add it to the cost key first.")
PAYER_STILL_PAYS = _("%(party)s pays the line “%(line)s”: change that line before removing the party.")
YEAR_EXISTS = _("There is already a budget for %(year)s.")

Rule = BudgetLine.PayerRule


def allocate_budget(*, year: int | BudgetYear) -> Allocation:
    """What each party pays for `year`, per line, per area and in total, in whole kronor.

    The rules are the agreement's (the 2025 agreement, section 4 and Bilaga 2; docs/requirements.md R10): "Regionen tar
    personalkostnaderna och inköpsbudget kopplat till strategisk kompetensattraktion. Kommunerna
    delar på personalkostnaderna och inköpsbudget för de tekniska systemen (CRM+webbplattform) och
    kommunikation": licences equally, the rest by each municipality's share. "Eventuella ytterligare
    kostnader för fler licenser ... belastar då den part som behöver fler licenser" is a line paid by
    one named party; "Om det sker prisökningar för systemet ... höjs kostnaden fördelat över alla" is
    a change to a shared line, which every sharing party then pays its part of.

    The lines shared by key form one pool and the lines shared equally another; each pool is
    split by largest remainder, so the parties' amounts add up to the budget to the krona
    (`rounding.apportion_lines`). Raises ValidationError when a line cannot be allocated.
    """
    budget_year = year if isinstance(year, BudgetYear) else selectors.get_budget_year(year=year)
    lines = list(selectors.year_lines(budget_year=budget_year))
    entries = list(selectors.cost_key(budget_year=budget_year))
    parties = selectors.sort_parties([entry.party for entry in entries])
    in_year = {party.pk for party in parties}
    region = next((party for party in parties if party.kind == Party.Kind.REGION), None)
    municipalities = [party for party in parties if party.kind == Party.Kind.MUNICIPALITY]
    weights = {entry.party_id: entry.weight for entry in entries if entry.party.kind == Party.Kind.MUNICIPALITY}

    errors: list[ValidationError] = []
    rules = {line.payer_rule for line in lines}
    if rules & {Rule.BY_KEY, Rule.EQUALLY} and not municipalities:
        errors.append(ValidationError(NO_MUNICIPALITIES, code="no_municipalities"))
    elif Rule.BY_KEY in rules and sum(weights.values()) == 0:
        errors.append(ValidationError(ZERO_TOTAL_WEIGHT, code="zero_weight"))
    if Rule.REGION in rules and region is None:
        errors.append(ValidationError(NO_REGION, code="no_region"))
    for line in lines:
        if line.payer_rule == Rule.PARTY and line.payer_id not in in_year:
            params = {"party": line.payer, "year": budget_year.year}
            errors.append(ValidationError(PAYER_NOT_IN_YEAR, code="payer_not_in_year", params=params))
    if errors:
        raise ValidationError(errors)

    shares: dict[int, dict[int, int]] = {line.pk: {} for line in lines}
    for rule, line_weights in (
        (Rule.BY_KEY, [weights[party.pk] for party in municipalities]),
        (Rule.EQUALLY, [1] * len(municipalities)),
    ):
        pool = [line for line in lines if line.payer_rule == rule]
        if not pool:
            continue
        table = apportion_lines([line.cost for line in pool], line_weights)
        for line, parts in zip(pool, table, strict=True):
            shares[line.pk] = {party.pk: part for party, part in zip(municipalities, parts, strict=True)}
    for line in lines:
        if line.payer_rule == Rule.REGION:
            shares[line.pk] = {region.pk: line.cost}  # type: ignore[union-attr]  # NO_REGION above
        elif line.payer_rule == Rule.PARTY:
            shares[line.pk] = {line.payer_id: line.cost}  # type: ignore[dict-item]  # the model requires it

    line_allocations = [LineAllocation(line=line, cost=line.cost, shares=shares[line.pk]) for line in lines]
    areas: list[Area] = []
    for line in lines:
        if line.area not in areas:
            areas.append(line.area)
    rows = build_rows(parties=parties, areas=areas, lines=line_allocations, key_weights=weights)
    return Allocation(budget_year=budget_year, parties=parties, areas=areas, lines=line_allocations, rows=rows)


def default_weights() -> dict[Party, int]:
    """Population is the default cost key: every active party, with its population."""
    return {party: party.population for party in Party.objects.filter(is_active=True)}


@transaction.atomic
def create_budget_year(
    *,
    year: int,
    hourly_rate: int,
    carry_over_personnel: int = 0,
    carry_over_activities: int = 0,
    status: str = BudgetYear.Status.DRAFT,
) -> BudgetYear:
    """A new year with every active party in its cost key, weighted by population."""
    if BudgetYear.objects.filter(year=year).exists():
        raise ValidationError({"year": ValidationError(YEAR_EXISTS, params={"year": year})})
    budget_year = BudgetYear(
        year=year,
        hourly_rate=hourly_rate,
        carry_over_personnel=carry_over_personnel,
        carry_over_activities=carry_over_activities,
        status=status,
    )
    budget_year.full_clean()
    budget_year.save()
    CostKeyEntry.objects.bulk_create(
        CostKeyEntry(budget_year=budget_year, party=party, weight=weight) for party, weight in default_weights().items()
    )
    return budget_year


@transaction.atomic
def set_cost_key(*, budget_year: BudgetYear, weights: Mapping[Party, int | None]) -> None:
    """Replace the year's cost key; a weight of None takes the party out of the year.

    Refuses (ValidationError keyed by party slug) a party that still pays a line, and a key whose
    municipalities weigh nothing while a line is shared by key.
    """
    errors: dict[str, list[ValidationError]] = {}
    for party, weight in weights.items():
        if weight is not None and weight < 0:
            raise ValueError("a weight must not be negative")
        if weight is None:
            paid = budget_year.lines.filter(payer_rule=Rule.PARTY, payer=party).first()
            if paid is not None:
                params = {"party": party, "line": paid.description}
                errors.setdefault(party.slug, []).append(ValidationError(PAYER_STILL_PAYS, params=params))
    municipal_weight = sum(weight or 0 for party, weight in weights.items() if party.kind == Party.Kind.MUNICIPALITY)
    if municipal_weight == 0 and budget_year.lines.filter(payer_rule=Rule.BY_KEY).exists():
        errors.setdefault("__all__", []).append(ValidationError(ZERO_TOTAL_WEIGHT))
    if errors:
        raise ValidationError(errors)
    for party, weight in weights.items():
        if weight is None:
            CostKeyEntry.objects.filter(budget_year=budget_year, party=party).delete()
        else:
            CostKeyEntry.objects.update_or_create(budget_year=budget_year, party=party, defaults={"weight": weight})


@transaction.atomic
def save_line(*, line: BudgetLine) -> BudgetLine:
    """Validate and save a budget line; its payer must take part in the year."""
    line.full_clean()
    if (
        line.payer_rule == Rule.PARTY
        and line.payer_id is not None
        and not CostKeyEntry.objects.filter(budget_year=line.budget_year_id, party=line.payer_id).exists()
    ):
        params = {"party": line.payer, "year": line.budget_year.year}
        raise ValidationError({"payer": ValidationError(PAYER_NOT_IN_YEAR, params=params)})
    line.save()
    return line


@transaction.atomic
def delete_line(*, line: BudgetLine) -> None:
    line.delete()


@transaction.atomic
def record_outcomes(*, budget_year: BudgetYear, amounts: Mapping[tuple[Area, int], Decimal | None]) -> int:
    """Set the outcome of each (area, quarter) given; None clears it. All or nothing; returns rows set."""
    written = 0
    for (area, quarter), amount in amounts.items():
        if amount is None:
            Outcome.objects.filter(budget_year=budget_year, area=area, quarter=quarter).delete()
            continue
        outcome = Outcome.objects.filter(budget_year=budget_year, area=area, quarter=quarter).first() or Outcome(
            budget_year=budget_year, area=area, quarter=quarter
        )
        outcome.amount = amount
        outcome.full_clean(validate_unique=False, validate_constraints=False)
        outcome.save()
        written += 1
    return written


@transaction.atomic
def load_budget_reference() -> bool:
    """Load the 2025 budget of the agreement (budget/reference.py); returns whether it was created.

    Idempotent: the areas are created when missing, and an existing 2025 budget is left exactly as
    the coordinator keeps it.
    """
    areas = {}
    for position, row in enumerate(reference.AREAS):
        areas[row["slug"]], _created = Area.objects.get_or_create(
            slug=row["slug"], defaults={"name": row["name"], "position": position}
        )
    if BudgetYear.objects.filter(year=reference.YEAR).exists():
        return False
    budget_year = BudgetYear.objects.create(
        year=reference.YEAR,
        hourly_rate=reference.HOURLY_RATE,
        carry_over_personnel=reference.CARRY_OVER_PERSONNEL,
        carry_over_activities=reference.CARRY_OVER_ACTIVITIES,
        status=BudgetYear.Status.ADOPTED,
    )
    parties = {party.slug: party for party in Party.objects.filter(slug__in=reference.COST_KEY)}
    CostKeyEntry.objects.bulk_create(
        CostKeyEntry(budget_year=budget_year, party=parties[slug], weight=weight)
        for slug, weight in reference.COST_KEY.items()
        if slug in parties
    )
    for position, line_row in enumerate(reference.LINES):
        save_line(
            line=BudgetLine(
                budget_year=budget_year,
                area=areas[line_row["area"]],
                description=line_row["description"],
                kind=line_row["kind"],
                hours=line_row["hours"],
                amount=line_row["amount"],
                payer_rule=line_row["payer_rule"],
                position=position,
            )
        )
    return True


def import_outcomes(*, budget_year: BudgetYear, name: str, content: bytes) -> int:
    """Set the outcomes a finance-system file lists; returns how many were set.

    Raises `outcome_files.OutcomeFileError` listing every problem by row and column; then nothing
    is saved. A valid file is saved in one transaction (`record_outcomes`).
    """
    rows = outcome_files.read_table(name=name, content=content)
    amounts = outcome_files.parse_outcomes(rows=rows, areas=list(selectors.areas()))
    return record_outcomes(budget_year=budget_year, amounts=dict(amounts))
