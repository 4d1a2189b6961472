"""The coordinator creates and edits a year, its lines and its cost key; bad input is refused at its field."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from inflytt.budget.models import BudgetLine, BudgetYear, CostKeyEntry
from inflytt.budget.services import load_budget_reference
from inflytt.budget.tests.factories import area, line


@pytest.fixture
def coordinator(client_for, parties):
    load_budget_reference()
    return client_for("coordinator")


def _line_data(**overrides):
    data = {
        "area": area("crm").pk,
        "description": "Extra licenser",
        "kind": "purchase",
        "hours": "",
        "amount": "3250",
        "payer_rule": "party",
        "payer": "",
        "position": "0",
    }
    return {**data, **overrides}


def test_the_year_page_shows_the_allocation_and_the_rule(coordinator):
    body = coordinator.get("/budget/2025/").content.decode()
    assert "Bräcke kommun" in body
    assert "45,711" in body  # grouped as English writes it
    assert "/budget/2025/invoice/bracke.xlsx" in body


def test_the_year_page_does_not_query_per_line(coordinator, parties):
    """Intended to prevent an n+1 issue."""
    year = BudgetYear.objects.get(year=2025)
    coordinator.get("/budget/2025/")  # the first request of a session does its own bookkeeping
    with CaptureQueriesContext(connection) as before:
        coordinator.get("/budget/2025/")
    for number in range(10):
        line(year, amount=100 + number, rule="by_key", area_slug=f"extra{number}")
    with CaptureQueriesContext(connection) as after:
        assert coordinator.get("/budget/2025/").status_code == 200
    assert len(after) == len(before)


def test_create_a_year_takes_population_as_the_key(coordinator, parties):
    data = {"year": "2026", "hourly_rate": "410", "carry_over_personnel": "0", "carry_over_activities": "0"}
    response = coordinator.post("/budget/new/", {**data, "status": "draft"})
    assert response.status_code == 302
    assert CostKeyEntry.objects.get(budget_year__year=2026, party__slug="krokom").weight == parties["krokom"].population


def test_a_year_that_exists_is_refused(coordinator):
    data = {"year": "2025", "hourly_rate": "410", "carry_over_personnel": "0", "carry_over_activities": "0"}
    response = coordinator.post("/budget/new/", {**data, "status": "draft"})
    assert response.status_code == 400
    assert response.context["form"].errors["year"]


def test_negative_carry_over_is_refused_at_its_field(coordinator):
    data = {"year": "2025", "hourly_rate": "405", "carry_over_personnel": "-1", "carry_over_activities": "0"}
    response = coordinator.post("/budget/2025/edit/", {**data, "status": "adopted"})
    assert response.status_code == 400
    assert response.context["form"].errors["carry_over_personnel"] == ["Enter zero or more."]
    assert BudgetYear.objects.get(year=2025).carry_over_personnel == 130_000


def test_add_a_line_for_one_party(coordinator):
    response = coordinator.post(
        "/budget/2025/lines/new/",
        _line_data(payer=BudgetYear.objects.get(year=2025).cost_key.get(party__slug="are").party_id),
    )
    assert response.status_code == 302
    assert BudgetLine.objects.get(description="Extra licenser").payer.slug == "are"


def test_negative_hours_are_refused_at_their_field(coordinator):
    response = coordinator.post(
        "/budget/2025/lines/new/", _line_data(kind="personnel", hours="-3", amount="", payer_rule="region")
    )
    assert response.status_code == 400
    assert response.context["form"].errors["hours"] == ["Enter zero or more."]
    assert not BudgetLine.objects.filter(description="Extra licenser").exists()


def test_a_payer_not_in_the_year_is_refused_at_the_payer_field(coordinator, parties):
    CostKeyEntry.objects.filter(budget_year__year=2025, party__slug="are").delete()
    response = coordinator.post("/budget/2025/lines/new/", _line_data(payer=parties["are"].pk))
    assert response.status_code == 400
    assert "does not take part in 2025" in response.context["form"].errors["payer"][0]
    assert not BudgetLine.objects.filter(description="Extra licenser").exists()


def test_the_party_rule_needs_a_payer(coordinator):
    response = coordinator.post("/budget/2025/lines/new/", _line_data())
    assert response.status_code == 400
    assert response.context["form"].errors["payer"]


def test_edit_and_remove_a_line(coordinator):
    target = BudgetLine.objects.get(budget_year__year=2025, description="Kommunala licenskostnader")
    data = _line_data(description=target.description, amount="138200", payer_rule="equally")
    assert coordinator.post(f"/budget/2025/lines/{target.pk}/edit/", data).status_code == 302
    target.refresh_from_db()
    assert target.amount == 138_200
    assert coordinator.post(f"/budget/2025/lines/{target.pk}/delete/").status_code == 302
    assert not BudgetLine.objects.filter(pk=target.pk).exists()


def _key_data(**weights):
    data = {"region": "on", "berg": "1", "bracke": "1", "harjedalen": "1", "krokom": "1", "ragunda": "1"}
    data.update({"stromsund": "1", "are": "1", "ostersund": "1"})
    return {**data, **weights}


def test_edit_the_cost_key(coordinator):
    assert coordinator.post("/budget/2025/cost-key/", _key_data(ostersund="10")).status_code == 302
    assert CostKeyEntry.objects.get(budget_year__year=2025, party__slug="ostersund").weight == 10
    body = coordinator.get("/budget/2025/").content.decode()
    assert "58.82 %" in body or "58,82 %" in body  # 10 / 17


def test_a_cost_key_with_zero_total_weight_is_refused_and_nothing_saved(coordinator):
    zeros = {slug: "0" for slug in _key_data() if slug != "region"}
    response = coordinator.post("/budget/2025/cost-key/", _key_data(**zeros))
    assert response.status_code == 400
    assert "add up to zero" in response.context["form"].non_field_errors()[0]
    assert CostKeyEntry.objects.get(budget_year__year=2025, party__slug="ostersund").weight == 313_139


def test_a_negative_weight_is_refused_at_its_field(coordinator):
    response = coordinator.post("/budget/2025/cost-key/", _key_data(berg="-5"))
    assert response.status_code == 400
    assert response.context["form"].errors["berg"] == ["Enter zero or more."]


def test_a_party_paying_a_line_cannot_leave_the_key(coordinator, parties):
    line(BudgetYear.objects.get(year=2025), amount=100, rule="party", payer="are")
    response = coordinator.post("/budget/2025/cost-key/", _key_data(are=""))
    assert response.status_code == 400
    assert "pays the line" in response.context["form"].errors["are"][0]


def test_unknown_year_is_404(coordinator):
    assert coordinator.get("/budget/1999/").status_code == 404
