"""The 2025 budget of the reference data, allocated, reproduces the agreement's table (Bilaga 1 and 2)
and shares the pool by population (docs/requirements.md, R10)."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import pytest
from django.core.management import call_command

from inflytt.budget.models import BudgetYear
from inflytt.budget.services import allocate_budget, load_budget_reference
from inflytt.parties.reference import PARTIES

# the 2025 agreement, Bilaga 2: "Fördelning kostnader per aktör" (each municipality's share of 639 840 kr).
PRINTED_SHARES = {
    "berg": 34_460,
    "bracke": 29_436,
    "harjedalen": 48_963,
    "krokom": 75_267,
    "ragunda": 24_783,
    "stromsund": 53_635,
    "are": 60_156,
    "ostersund": 313_139,
}
# the 2025 agreement, Bilaga 2: "Summa" per party.
PRINTED_TOTALS = {
    "region": 225_630,
    "berg": 50_735,
    "bracke": 45_711,
    "harjedalen": 65_238,
    "krokom": 91_542,
    "ragunda": 41_058,
    "stromsund": 69_910,
    "are": 76_431,
    "ostersund": 329_414,
}
LICENCE_SHARE = 16_275  # 130 200 kr / 8


@pytest.fixture
def allocation(parties):
    load_budget_reference()
    return allocate_budget(year=2025)


def _totals(allocation):
    return {row.party.slug: row.total for row in allocation.rows}


def test_total_is_the_budget_of_bilaga_1(allocation):
    assert allocation.total == 995_670  # "Totalt inkl. personell resurs 1174 995 670 kr"
    assert sum(_totals(allocation).values()) == 995_670


def test_the_region_pays_225_630(allocation):
    assert _totals(allocation)["region"] == 225_630


def test_each_municipality_pays_an_equal_licence_share(allocation):
    for row in allocation.rows:
        expected = 0 if row.party.slug == "region" else LICENCE_SHARE
        assert row.by_rule["equally"] == expected, row.party.slug


def test_the_pool_shared_by_key_is_639_840(allocation):
    assert sum(row.by_rule["by_key"] for row in allocation.rows) == 639_840


def test_the_municipalities_pay_what_bilaga_2_prints_and_ostersund_the_krona_it_drops(allocation):
    """Bilaga 2 prints shares of the 639 840 kr pool that add up to 639 839 kr: the table rounds each
    share on its own ("Fördelning kostnader per aktör ... Summa: ... 865 470 kr 995 670 kr", yet 16 275 x 8
    + the printed shares + 225 630 = 995 669). Largest-remainder rounding does not lose that krona.

    The cost key's weights are the printed shares themselves (reference.COST_KEY). Each exact quota is
    then share x 639 840 / 639 839 = share + share / 639 839 kr: every party keeps its printed krona
    amount and the one krona left goes to the largest remainder, Östersund's 313 139 / 639 839 = 0.49 kr.
    So Östersund pays 313 140 + 16 275 = 329 415 kr, one krona more than the printed 329 414; every
    other party pays exactly the printed amount, and the total is the budget's 995 670 kr.
    """
    by_key = {row.party.slug: row.by_rule["by_key"] for row in allocation.rows if row.party.slug != "region"}
    assert sum(PRINTED_SHARES.values()) == 639_839
    assert by_key == {**PRINTED_SHARES, "ostersund": 313_140}
    assert _totals(allocation) == {**PRINTED_TOTALS, "ostersund": 329_415}


def test_the_pool_is_shared_by_population_as_the_agreement_says(allocation):
    """R10 (docs/requirements.md): the municipalities share the pool "by population share". The key is
    computed here from the populations of the reference data (parties/reference.py), not from the printed
    kronor that budget/reference.py uses as its weights: each municipality's exact population quota of the
    639 840 kr pool is within 2 kr of what it is charged (Bilaga 2 rounded from the population of its
    day), and the key's percentages shown on the invoices are the population's to the hundredth."""
    populations = {row["slug"]: row["population"] for row in PARTIES if row["kind"] == "municipality"}
    inhabitants = sum(populations.values())
    charged = {row.party.slug: row for row in allocation.rows if row.party.slug != "region"}
    assert charged.keys() == populations.keys()
    for slug, population in populations.items():
        quota = Fraction(639_840 * population, inhabitants)
        assert abs(charged[slug].by_rule["by_key"] - quota) < 2, slug
        share = Decimal(100 * population) / Decimal(inhabitants)
        assert charged[slug].key_percent == share.quantize(Decimal("0.01")), slug
    assert charged["ostersund"].key_percent == Decimal("48.94")  # the largest payer, by far the largest town


def test_brackes_decision_states_its_cost(allocation):
    # Bräcke's decision on the 2025 agreement: "Samarbetet innebär ekonomiska konsekvenser för Bräcke
    # kommun på totalt 45 711 kronor."
    assert _totals(allocation)["bracke"] == 45_711


def test_area_amounts_add_up_to_the_areas_of_bilaga_1(allocation):
    by_slug = dict(zip([area.slug for area in allocation.areas], allocation.area_totals, strict=True))
    assert by_slug == {
        "crm": 376_560,
        "web": 209_240,
        "strategic": 173_480,
        "communication": 184_240,
        "ambassadors": 52_150,
    }
    for row in allocation.rows:
        assert sum(row.by_area) == row.total
        assert all(amount >= 0 for amount in row.by_area)


def test_personnel_is_hours_times_405(allocation):
    personnel = sum(line.cost for line in allocation.lines if line.line.kind == "personnel")
    assert personnel == 475_470  # "Varav personell resurs 475 470 kr", 1 174 h x 405 kr
    assert allocation.budget_year.hourly_rate == 405


def test_loading_twice_changes_nothing(parties):
    assert load_budget_reference() is True
    year = BudgetYear.objects.get(year=2025)
    year.hourly_rate = 410
    year.save()
    assert load_budget_reference() is False
    year.refresh_from_db()
    assert year.hourly_rate == 410  # the coordinator's edit is kept
    assert year.lines.count() == 12


def test_the_command_prints_the_table(parties, capsys):
    call_command("load_budget_reference")
    call_command("allocate_budget", "2025")
    out = capsys.readouterr().out
    assert "bracke" in out and "45 711" in out
    assert "329 415" in out and "225 630" in out and "995 670" in out
