"""The payer rules of the 2025 agreement (section 4 and Bilaga 2; docs/requirements.md R10) and the bad
input they refuse."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from inflytt.budget import selectors, services
from inflytt.budget.models import BudgetLine, BudgetYear, CostKeyEntry
from inflytt.budget.services import allocate_budget, load_budget_reference
from inflytt.budget.tests.factories import area, budget_year, line

Rule = BudgetLine.PayerRule
THREE = {"region": 0, "berg": 1, "bracke": 1, "are": 2}


def _totals(allocation) -> dict[str, int]:
    return {row.party.slug: row.total for row in allocation.rows}


@pytest.fixture
def year(parties) -> BudgetYear:
    return budget_year(weights=THREE)


def test_a_line_paid_by_the_region_falls_on_the_region_only(year):
    line(year, amount=10_001, rule=Rule.REGION)
    assert _totals(allocate_budget(year=year)) == {"region": 10_001, "berg": 0, "bracke": 0, "are": 0}


def test_a_line_shared_by_key_follows_the_weights(year):
    line(year, amount=10_001, rule=Rule.BY_KEY)
    # Exact 2 500.25, 2 500.25, 5 000.5: the krona left goes to Åre, the largest remainder.
    assert _totals(allocate_budget(year=year)) == {"region": 0, "berg": 2_500, "bracke": 2_500, "are": 5_001}


def test_a_line_shared_equally_ignores_the_weights(year):
    line(year, amount=10_001, rule=Rule.EQUALLY)
    # 3 333.67 each; the two kronor left go to the first two in order (Bergs, Bräcke).
    assert _totals(allocate_budget(year=year)) == {"region": 0, "berg": 3_334, "bracke": 3_334, "are": 3_333}


def test_a_line_paid_by_one_party_falls_on_that_party(year):
    line(year, amount=4_000, rule=Rule.PARTY, payer="bracke")
    assert _totals(allocate_budget(year=year)) == {"region": 0, "berg": 0, "bracke": 4_000, "are": 0}


def test_personnel_lines_cost_hours_times_the_hourly_rate(year):
    line(year, hours=10, rule=Rule.REGION)
    allocation = allocate_budget(year=year)
    assert allocation.total == 4_050
    year.hourly_rate = 500
    year.save()
    assert allocate_budget(year=year).total == 5_000


def test_the_rule_of_each_amount_is_kept(year):
    line(year, amount=1_000, rule=Rule.EQUALLY)
    line(year, amount=4_000, rule=Rule.BY_KEY)
    row = allocate_budget(year=year).row_for(year.cost_key.get(party__slug="are").party)
    assert row.by_rule == {"region": 0, "by_key": 2_000, "equally": 333, "party": 0}
    assert row.key_percent == Decimal("50.00")


def test_a_price_rise_on_a_shared_line_is_spread_over_every_sharing_party(parties):
    """Section 4: "Om det sker prisökningar för systemet som Region Jämtland Härjedalen inte kan råda
    över höjs kostnaden fördelat över alla som ingår i detta avtal"."""
    load_budget_reference()
    before = _totals(allocate_budget(year=2025))
    shared = BudgetLine.objects.get(budget_year__year=2025, description="Länsgemensamma kostnader system/insatser")
    shared.amount += 10_000  # type: ignore[operator]
    services.save_line(line=shared)
    after = _totals(allocate_budget(year=2025))
    rise = {slug: after[slug] - before[slug] for slug in after}
    assert sum(rise.values()) == 10_000
    assert rise["region"] == 0
    assert all(rise[slug] > 0 for slug in rise if slug != "region")
    assert rise["ostersund"] > rise["krokom"] > rise["ragunda"]  # by the cost key


def test_a_price_rise_on_the_licences_is_shared_equally(parties):
    load_budget_reference()
    before = _totals(allocate_budget(year=2025))
    licences = BudgetLine.objects.get(budget_year__year=2025, description="Kommunala licenskostnader")
    licences.amount += 8_008  # type: ignore[operator]
    services.save_line(line=licences)
    after = _totals(allocate_budget(year=2025))
    assert {slug: after[slug] - before[slug] for slug in after if slug != "region"} == dict.fromkeys(
        ["berg", "bracke", "harjedalen", "krokom", "ragunda", "stromsund", "are", "ostersund"], 1_001
    )


def test_extra_licences_fall_on_the_party_that_needs_them(parties):
    """Section 4: "Eventuella ytterligare kostnader för fler licenser i upphandlat CRM-system
    (Superoffice) belastar då den part som behöver fler licenser"."""
    load_budget_reference()
    before = _totals(allocate_budget(year=2025))
    year = BudgetYear.objects.get(year=2025)
    extra = line(year, amount=3_250, rule=Rule.PARTY, payer="are", description="Extra licenser Åre")
    after = _totals(allocate_budget(year=2025))
    assert {slug: after[slug] - before[slug] for slug in after} == {**dict.fromkeys(before, 0), "are": 3_250}
    extra.amount = 6_500  # a second extra licence
    services.save_line(line=extra)
    assert _totals(allocate_budget(year=2025))["are"] == before["are"] + 6_500
    assert _totals(allocate_budget(year=2025))["berg"] == before["berg"]


def test_carry_over_adds_to_the_money_available_not_to_what_parties_pay(parties):
    """Bilaga 2: "Översjutande medel från Ta steget 2024 läggs till denna budget"."""
    load_budget_reference()
    year = BudgetYear.objects.get(year=2025)
    before = _totals(allocate_budget(year=year))
    year.carry_over_personnel, year.carry_over_activities = 130_000, 180_000
    year.save()
    assert _totals(allocate_budget(year=year)) == before
    report = selectors.outcome_report(budget_year=year)
    assert report.budget == 995_670
    assert report.available == 995_670 + 310_000
    services.record_outcomes(budget_year=year, amounts={(area("crm"), 1): Decimal("100000.50")})
    report = selectors.outcome_report(budget_year=year)
    assert report.left == Decimal("1205669.50")  # the surplus to carry over if nothing else is spent


def test_zero_total_weight_is_refused_when_a_line_is_shared_by_key(year):
    line(year, amount=1_000, rule=Rule.BY_KEY)
    CostKeyEntry.objects.filter(budget_year=year).update(weight=0)
    with pytest.raises(ValidationError) as refused:
        allocate_budget(year=year)
    assert refused.value.messages == [str(services.ZERO_TOTAL_WEIGHT)]


def test_set_cost_key_refuses_zero_total_weight_and_saves_nothing(year):
    line(year, amount=1_000, rule=Rule.BY_KEY)
    with pytest.raises(ValidationError):
        services.set_cost_key(budget_year=year, weights={entry.party: 0 for entry in year.cost_key.all()})
    assert year.cost_key.get(party__slug="are").weight == 2


def test_a_payer_outside_the_year_is_refused(year, parties):
    with pytest.raises(ValidationError) as refused:
        line(year, amount=1_000, rule=Rule.PARTY, payer="ostersund")
    assert "payer" in refused.value.message_dict
    assert not year.lines.exists()


def test_a_party_still_paying_a_line_cannot_leave_the_year(year, parties):
    line(year, amount=1_000, rule=Rule.PARTY, payer="are")
    with pytest.raises(ValidationError) as refused:
        services.set_cost_key(budget_year=year, weights={parties["are"]: None})
    assert "are" in refused.value.message_dict
    assert year.cost_key.filter(party__slug="are").exists()


def test_a_line_needs_hours_or_an_amount_by_its_kind(year):
    with pytest.raises(ValidationError) as refused:
        services.save_line(
            line=BudgetLine(budget_year=year, area=area(), description="x", kind="personnel", payer_rule="region")
        )
    assert "hours" in refused.value.message_dict


def test_negative_amounts_are_refused(year):
    with pytest.raises(ValidationError) as refused:
        line(year, amount=-5, rule=Rule.REGION)
    assert "amount" in refused.value.message_dict


def test_region_rule_without_the_region_in_the_year_is_refused(parties):
    year = budget_year(weights={"berg": 1})
    line(year, amount=1_000, rule=Rule.REGION)
    with pytest.raises(ValidationError) as refused:
        allocate_budget(year=year)
    assert refused.value.messages == [str(services.NO_REGION)]


def test_a_year_exists_once(year):
    with pytest.raises(ValidationError) as refused:
        services.create_budget_year(year=year.year, hourly_rate=400)
    assert "year" in refused.value.message_dict


def test_a_new_year_takes_population_as_its_cost_key(parties):
    year = services.create_budget_year(year=2031, hourly_rate=410)
    assert year.cost_key.get(party__slug="bracke").weight == parties["bracke"].population


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    lines=st.lists(
        st.tuples(st.integers(min_value=0, max_value=5_000_000), st.sampled_from(Rule.values)), min_size=1, max_size=8
    ),
    weights=st.lists(st.integers(min_value=0, max_value=100_000), min_size=8, max_size=8).filter(any),
)
def test_the_amounts_always_add_up_to_the_budget(parties, lines, weights):
    slugs = ["berg", "bracke", "harjedalen", "krokom", "ragunda", "stromsund", "are", "ostersund"]
    with transaction.atomic():
        year = budget_year(weights={"region": 0, **dict(zip(slugs, weights, strict=True))})
        for number, (amount, rule) in enumerate(lines):
            line(year, amount=amount, rule=rule, payer=slugs[number] if rule == Rule.PARTY else None)
        allocation = allocate_budget(year=year)
        assert sum(row.total for row in allocation.rows) == allocation.total == sum(amount for amount, _ in lines)
        assert sum(allocation.area_totals) == allocation.total
        for line_allocation in allocation.lines:
            assert sum(line_allocation.shares.values()) == line_allocation.cost
        transaction.set_rollback(True)
