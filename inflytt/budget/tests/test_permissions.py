"""Every budget page x every role: the coordinator edits, steering reads, everyone else is refused."""

from __future__ import annotations

import pytest

from inflytt.budget.models import BudgetLine
from inflytt.budget.services import load_budget_reference

ROLES = ["coordinator", "steering", "guide_bracke", "guide_are", "ambassador_admin"]
READ = {"coordinator": 200, "steering": 200, "guide_bracke": 403, "guide_are": 403, "ambassador_admin": 403}
EDIT = {**READ, "steering": 403}
# An empty POST: the coordinator gets the form back with its errors.
EDIT_POST = {**EDIT, "coordinator": 400}

PAGES = [
    ("/budget/", "get", READ),
    ("/budget/new/", "get", EDIT),
    ("/budget/new/", "post", EDIT_POST),
    ("/budget/2025/", "get", READ),
    ("/budget/2025/edit/", "get", EDIT),
    ("/budget/2025/edit/", "post", EDIT_POST),
    ("/budget/2025/cost-key/", "get", EDIT),
    ("/budget/2025/cost-key/", "post", EDIT_POST),
    ("/budget/2025/lines/new/", "get", EDIT),
    ("/budget/2025/lines/new/", "post", EDIT_POST),
    ("/budget/2025/lines/{line}/edit/", "get", EDIT),
    ("/budget/2025/lines/{line}/delete/", "post", {**EDIT, "coordinator": 302}),
    ("/budget/2025/outcome/", "get", READ),
    ("/budget/2025/outcome/edit/", "get", EDIT),
    ("/budget/2025/outcome/edit/", "post", {**EDIT, "coordinator": 302}),  # empty boxes: nothing reported
    ("/budget/2025/outcome/import/", "get", EDIT),
    ("/budget/2025/outcome/import/", "post", EDIT_POST),
    ("/budget/2025/invoice/bracke.xlsx", "get", READ),
    ("/budget/2025/invoice/bracke.pdf", "get", READ),
]


@pytest.fixture
def line_pk(parties) -> int:
    load_budget_reference()
    return BudgetLine.objects.filter(budget_year__year=2025).first().pk


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("path", "method", "expected"), PAGES, ids=[f"{m} {p}" for p, m, _ in PAGES])
def test_role_gets_the_expected_answer(client_for, line_pk, role, path, method, expected):
    response = getattr(client_for(role), method)(path.format(line=line_pk))
    assert response.status_code == expected[role]


@pytest.mark.django_db
@pytest.mark.parametrize(("path", "method", "expected"), PAGES, ids=[f"{m} {p}" for p, m, _ in PAGES])
def test_anonymous_is_sent_to_login(client_for, line_pk, path, method, expected):
    response = getattr(client_for("anonymous"), method)(path.format(line=line_pk))
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_steering_sees_no_edit_links(client_for, line_pk):
    body = client_for("steering").get("/budget/2025/").content.decode()
    assert "/budget/2025/edit/" not in body and "/lines/new/" not in body and "/delete/" not in body
    assert "329" in body  # but reads the allocation


def test_the_nav_shows_budget_to_coordinator_and_steering_only(client_for, parties):
    assert 'href="/budget/"' in client_for("coordinator").get("/budget/").content.decode()
    assert 'href="/budget/"' in client_for("steering").get("/", follow=True).content.decode()  # the dashboard
    assert 'href="/budget/"' not in client_for("ambassador_admin").get("/").content.decode()
