"""GET /api/v1/reports/{period}: a reports-scoped bearer token, steering's JSON, never a person."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from django.test import Client

from inflytt.contacts.tests.factories import contact
from inflytt.intake.models import ApiToken
from inflytt.intake.services import issue_api_token, revoke_api_token

pytestmark = pytest.mark.django_db
TZ = ZoneInfo("Europe/Stockholm")


@pytest.fixture
def q4(parties):
    for slug, count in (("bracke", 2), ("are", 4), ("ostersund", 7)):
        for day in range(count):
            contact(
                municipalities=(slug,),
                first_name="Märta",
                last_name=f"Hemligsson{slug}{day}",
                registered_at=datetime(2026, 10, 5 + day, 9, tzinfo=TZ),
            )


def reports_token(parties) -> str:
    return issue_api_token(party=parties["region"], name="Regionens dashboard", scope=ApiToken.Scope.REPORTS)[1]


def get(path: str, token: str | None):
    headers: dict[str, Any] = {"HTTP_AUTHORIZATION": f"Bearer {token}"} if token else {}
    return Client().get(path, **headers)


def test_a_reports_token_gets_steerings_json(parties, q4, tmp_path):
    response = get("/api/v1/reports/2026Q4", reports_token(parties))
    assert response.status_code == 200
    data = response.json()
    assert data["audience"] == "steering"
    assert data["registrations"]["total"] == 13
    assert data["registrations"]["by_party"]["bracke"] is None
    out = tmp_path / "report.json"
    call_command("report", "2026Q4", "--output", str(out))
    assert data == json.loads(out.read_text())
    assert "Hemligsson" not in response.content.decode() and "Märta" not in response.content.decode()


def test_one_party(parties, q4):
    data = get("/api/v1/reports/2026Q4?party=ostersund", reports_token(parties)).json()
    assert data["registrations"]["total"] == 7 and data["party"] == "ostersund"


def test_a_registration_token_is_refused(parties, q4):
    _row, raw = issue_api_token(party=parties["region"], name="Webb")
    assert get("/api/v1/reports/2026Q4", raw).status_code == 401


def test_a_reports_token_cannot_register(parties):
    response = Client().post(
        "/api/v1/registrations",
        data="{}",
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {reports_token(parties)}",
    )
    assert response.status_code == 401


def test_no_token_a_revoked_one_or_a_staff_session_is_refused(parties, client_for):
    assert get("/api/v1/reports/2026Q4", None).status_code == 401
    row, raw = issue_api_token(party=parties["region"], name="Gammal", scope=ApiToken.Scope.REPORTS)
    revoke_api_token(token=row)
    assert get("/api/v1/reports/2026Q4", raw).status_code == 401
    assert client_for("steering").get("/api/v1/reports/2026Q4").status_code == 401


def test_a_bad_period_or_party_is_404(parties):
    token = reports_token(parties)
    assert get("/api/v1/reports/2026Q5", token).status_code == 404
    assert get("/api/v1/reports/2026Q4?party=nowhere", token).status_code == 404


def test_the_coordinator_makes_a_reports_token_on_the_embed_page(client_for, parties):
    response = client_for("coordinator").post(
        "/intake/tokens/", {"party": "region", "name": "Regionens dashboard", "scope": "reports"}
    )
    assert response.status_code == 200
    assert ApiToken.objects.get(name="Regionens dashboard").scope == ApiToken.Scope.REPORTS
    bad = client_for("coordinator").post("/intake/tokens/", {"party": "region", "name": "X", "scope": "everything"})
    assert bad.status_code == 400
