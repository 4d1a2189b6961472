"""Budget rows made through the real services."""

from __future__ import annotations

from inflytt.budget import services
from inflytt.budget.models import Area, BudgetLine, BudgetYear
from inflytt.parties.models import Party


def area(slug: str = "crm", name: str | None = None) -> Area:
    return Area.objects.get_or_create(slug=slug, defaults={"name": name or slug.upper()})[0]


def budget_year(year: int = 2030, *, hourly_rate: int = 405, weights: dict[str, int] | None = None) -> BudgetYear:
    """A year; `weights` (party slug -> weight) replaces the default population key."""
    created = services.create_budget_year(year=year, hourly_rate=hourly_rate)
    if weights is not None:
        parties = {party.slug: party for party in Party.objects.all()}
        services.set_cost_key(
            budget_year=created,
            weights={party: weights.get(slug) for slug, party in parties.items()},
        )
    return created


def line(
    budget_year: BudgetYear,
    *,
    amount: int | None = None,
    hours: int | None = None,
    rule: str = BudgetLine.PayerRule.BY_KEY,
    payer: str | None = None,
    area_slug: str = "crm",
    description: str = "Line",
) -> BudgetLine:
    return services.save_line(
        line=BudgetLine(
            budget_year=budget_year,
            area=area(area_slug),
            description=description,
            kind=BudgetLine.Kind.PERSONNEL if hours is not None else BudgetLine.Kind.PURCHASE,
            hours=hours,
            amount=amount,
            payer_rule=rule,
            payer=Party.objects.get(slug=payer) if payer else None,
        )
    )
