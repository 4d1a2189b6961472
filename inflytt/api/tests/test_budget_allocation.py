"""GET /api/v1/budget/{year}/allocation: the allocation as JSON, for coordinators and steering only."""

from __future__ import annotations

import pytest
from django.test import Client

from inflytt.budget.services import load_budget_reference

URL = "/api/v1/budget/2025/allocation"


@pytest.fixture(autouse=True)
def _english(settings):
    settings.LANGUAGE_CODE = "en"


@pytest.fixture
def budget(parties):
    load_budget_reference()


@pytest.mark.parametrize("role", ["coordinator", "steering"])
def test_coordinator_and_steering_get_the_allocation(client_for, budget, role):
    response = client_for(role).get(URL)
    assert response.status_code == 200
    data = response.json()
    assert data["year"] == 2025 and data["total"] == 995_670
    assert data["parties"]["bracke"]["total"] == 45_711
    assert data["parties"]["region"] == {
        "total": 225_630,
        "areas": {"crm": 0, "web": 0, "strategic": 173_480, "communication": 0, "ambassadors": 52_150},
    }
    assert sum(party["total"] for party in data["parties"].values()) == data["total"]
    for party in data["parties"].values():
        assert all(isinstance(amount, int) for amount in party["areas"].values())
        assert sum(party["areas"].values()) == party["total"]


@pytest.mark.parametrize("role", ["guide_bracke", "guide_are", "ambassador_admin"])
def test_other_roles_get_403_json(client_for, budget, role):
    response = client_for(role).get(URL)
    assert response.status_code == 403
    assert response["Content-Type"].startswith("application/json")
    assert response.json() == {"detail": "Your role may not use this."}


def test_anonymous_gets_401_json_not_a_login_redirect(client_for, budget):
    response = client_for("anonymous").get(URL)
    assert response.status_code == 401
    assert response.json() == {"detail": "Unauthorized"}


def test_a_session_without_the_second_factor_gets_401(personas, budget):
    client = Client()
    client.force_login(personas["coordinator"])  # password only: no OTP device verified
    response = client.get(URL)
    assert response.status_code == 401


def test_demo_mode_accepts_a_session_without_the_second_factor(personas, budget, settings):
    settings.DEMO_MODE = True
    client = Client()
    client.force_login(personas["steering"])
    assert client.get(URL).status_code == 200


def test_unknown_year_is_404_json(client_for, budget):
    response = client_for("steering").get("/api/v1/budget/1999/allocation")
    assert response.status_code == 404
    assert response.json() == {"detail": "There is no budget for 1999."}


def test_a_budget_that_cannot_be_allocated_is_422_json(client_for, budget):
    from inflytt.budget.models import CostKeyEntry

    CostKeyEntry.objects.filter(budget_year__year=2025).update(weight=0)
    response = client_for("coordinator").get(URL)
    assert response.status_code == 422
    assert "add up to zero" in response.json()["detail"]


def test_only_get_is_allowed(client_for, budget):
    assert client_for("coordinator").post(URL).status_code == 405


def test_the_schema_is_for_staff_only(client_for, budget):
    assert client_for("anonymous").get("/api/v1/openapi.json").status_code == 302
    schema = client_for("steering").get("/api/v1/openapi.json").json()
    assert "/api/v1/budget/{year}/allocation" in schema["paths"]
