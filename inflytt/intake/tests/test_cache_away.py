"""While the cache (Redis) is away the public registration fails closed with a 503 and
Retry-After, never a 500, and stores nothing; staff's double-submit guard fails open
(docs/decisions/0014). The cache is a real one that cannot connect, not a mock."""

from __future__ import annotations

import pytest
from django.test import Client

from inflytt.contacts.models import Activity, Contact
from inflytt.contacts.tests.factories import contact
from inflytt.intake.services import issue_api_token
from inflytt.intake.tests.helpers import post_form

pytestmark = pytest.mark.django_db


def test_the_form_answers_a_friendly_503_and_stores_nothing(parties, cache_away):
    response = post_form(Client(), municipalities=["bracke"])
    assert response.status_code == 503
    assert int(response.headers["Retry-After"]) > 0
    assert "Ingenting sparades" in response.content.decode()
    assert not Contact.objects.exists()


def test_the_api_answers_503_json_with_retry_after(parties, cache_away):
    _, raw = issue_api_token(party=parties["are"], name="webbplatsen")
    payload = {
        "first_name": "Åsa",
        "last_name": "Öberg",
        "email": "asa@example.se",
        "consent": True,
        "wants_guidance": True,
        "municipalities": ["are"],
    }
    response = Client().post(
        "/api/v1/registrations", payload, content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {raw}"
    )
    assert response.status_code == 503, response.content
    assert int(response.headers["Retry-After"]) > 0
    assert "detail" in response.json()
    assert not Contact.objects.exists()


def test_a_guide_can_log_a_call_while_the_cache_is_away(client_for, cache_away):
    person = contact()
    guide = client_for("guide_bracke")
    response = guide.post(
        f"/contacts/{person.pk}/activities/", {"kind": "call", "body": "Ringde.", "submission_token": "t"}
    )
    assert response.status_code == 302
    assert person.activities.filter(kind=Activity.Kind.CALL).count() == 1


def test_healthz_reports_the_cache_without_failing_on_it(client, db, cache_away):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["cache"] == "unavailable"
    assert response.json()["database"] == "ok"
