"""POST /api/v1/registrations and GET /api/v1/contacts/{id}: every answer, every error case."""

from __future__ import annotations

import json
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client

from inflytt.contacts.models import Consent, Contact, MagazineOrder, NewsletterSubscription
from inflytt.intake.models import ApiToken, hash_token
from inflytt.intake.services import issue_api_token, revoke_api_token

pytestmark = pytest.mark.django_db


@pytest.fixture
def token(parties) -> str:
    _row, raw = issue_api_token(party=parties["bracke"], name="Bräcke webb")
    return raw


def body(**overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "first_name": "Märta",
        "last_name": "O'Neill-Åberg",
        "email": "marta@example.se",
        "phone": "+46 70 123 45 67",
        "preferred_channel": "email",
        "language": "sv",
        "municipalities": ["bracke", "are"],
        "adults": 2,
        "children": 1,
        "current_city": "Lund",
        "current_country": "SE",
        "occupation": "Läkare",
        "interests": ["job", "school"],
        "message": "Hej!",
        "wants_guidance": True,
        "wants_magazine": False,
        "wants_newsletter": False,
        "consent": True,
        "source": "party_site",
        "utm_source": "newsletter",
        "utm_medium": "email",
        "utm_campaign": "host",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not ...}


def post(payload: Any, token: str | None) -> Any:
    headers: dict[str, Any] = {"HTTP_AUTHORIZATION": f"Bearer {token}"} if token else {}
    raw = payload if isinstance(payload, str) else json.dumps(payload)
    return Client().post("/api/v1/registrations", raw, content_type="application/json", **headers)


def error_fields(response: Any) -> dict[str, str]:
    assert response.status_code == 422, response.content
    return {".".join(str(part) for part in item["loc"][2:]): item["msg"] for item in response.json()["detail"]}


def test_a_registration_is_created_with_201(token, parties):
    response = post(body(), token)
    assert response.status_code == 201
    answer = response.json()
    contact = Contact.objects.get()
    assert answer == {
        "id": contact.pk,
        "status": "new",
        "assigned_party": "bracke",
        "first_response_due": contact.first_response_due.isoformat(),
        "created": True,
    }
    assert contact.source == "party_site" and contact.source_party == parties["bracke"]
    assert contact.utm_campaign == "host"
    assert Consent.objects.get().form == "api:bracke:Bräcke webb"


def test_the_same_email_again_merges_with_200(token):
    first = post(body(), token).json()
    response = post(body(email=" MARTA@example.se", municipalities=["ostersund"], interests=["housing"]), token)
    assert response.status_code == 200
    assert response.json()["created"] is False and response.json()["id"] == first["id"]
    assert Contact.objects.count() == 1


def test_magazine_and_newsletter_through_the_api(token):
    address = {"street": "Storgatan 1", "postal_code": "831 30", "city": "Östersund", "country": "SE"}
    response = post(body(wants_magazine=True, postal_address=address, wants_newsletter=True), token)
    assert response.status_code == 201
    assert MagazineOrder.objects.get().city == "Östersund"
    assert NewsletterSubscription.objects.get().confirmed_at is None


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"email": "not-an-email"}, "email"),
        ({"email": "anna@localhost"}, "email"),  # email-validator: a domain that could exist
        ({"email": "", "preferred_channel": "email"}, "email"),
        ({"phone": "123"}, "phone"),
        ({"preferred_channel": "phone", "phone": ""}, "phone"),
        ({"preferred_channel": "fax"}, "preferred_channel"),
        ({"language": "de"}, "language"),
        ({"municipalities": ["atlantis"]}, "municipalities"),
        ({"municipalities": "bracke"}, "municipalities"),
        ({"interests": ["sailing"]}, "interests.0"),
        ({"adults": 500}, "adults"),
        ({"children": -1}, "children"),
        ({"adults": "two"}, "adults"),
        ({"current_country": "Sverige"}, "current_country"),
        ({"current_country": "XX"}, "current_country"),
        ({"consent": False}, "consent"),
        ({"consent": ...}, "consent"),
        ({"wants_guidance": False}, "wants_guidance"),
        ({"first_name": ...}, "first_name"),
        ({"first_name": ""}, "first_name"),
        ({"first_name": "x" * 101}, "first_name"),
        ({"message": "m" * 4001}, "message"),
        ({"source": "import"}, "source"),
        ({"utm_source": "u" * 101}, "utm_source"),
        ({"unknown_field": 1}, "unknown_field"),
        ({"wants_magazine": True}, "postal_address.street"),
        (
            {
                "wants_magazine": True,
                "postal_address": {"street": "Gatan 1", "postal_code": "1234", "city": "Ö", "country": "SE"},
            },
            "postal_address.postal_code",
        ),
        ({"postal_address": {"street": "s" * 201}}, "postal_address.street"),
    ],
)
def test_bad_input_is_422_naming_the_field_and_saves_nothing(token, overrides, field):
    response = post(body(**overrides), token)
    fields = error_fields(response)
    assert field in fields, fields
    assert fields[field]  # a message, not only a name
    assert Contact.objects.count() == 0


def test_a_body_that_is_not_json_is_an_error_not_a_crash(token):
    assert post("{not json", token).status_code in (400, 422)
    assert post("[]", token).status_code in (400, 422)


def test_without_a_token_it_is_401(parties):
    assert post(body(), None).status_code == 401
    assert Contact.objects.count() == 0


def test_an_unknown_token_is_401(token):
    assert post(body(), token + "x").status_code == 401
    assert post(body(), "Basic abc").status_code == 401


def test_a_revoked_token_is_401(token):
    revoke_api_token(token=ApiToken.objects.get())
    assert post(body(), token).status_code == 401


def test_only_a_digest_of_the_token_is_stored(token):
    row = ApiToken.objects.get()
    assert row.token_hash == hash_token(token)
    assert token not in {str(value) for value in ApiToken.objects.values().get().values()}


def test_the_command_prints_the_token_as_its_last_line(parties):
    out = StringIO()
    call_command("create_api_token", "--party", "are", "--name", "Åre webb", stdout=out, stderr=StringIO())
    raw = out.getvalue().strip().splitlines()[-1]
    assert ApiToken.objects.get(token_hash=hash_token(raw)).party == parties["are"]
    assert post(body(), raw).status_code == 201


def test_the_command_refuses_an_unknown_party(parties):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        call_command("create_api_token", "--party", "atlantis", "--name", "x", stdout=StringIO())


def test_get_contact_returns_the_fields_and_the_activity_count(token):
    created = post(body(), token).json()
    response = Client().get(f"/api/v1/contacts/{created['id']}", HTTP_AUTHORIZATION=f"Bearer {token}")
    assert response.status_code == 200
    answer = response.json()
    assert answer["first_name"] == "Märta" and answer["municipalities"] == ["bracke", "are"]
    assert answer["interests"] == ["job", "school"] or set(answer["interests"]) == {"job", "school"}
    assert answer["activities_count"] >= 1
    assert answer["assigned_party"] == "bracke"
    assert "no-store" in response.headers["Cache-Control"]


def test_get_contact_shows_the_purposes_and_the_address(token):
    address = {"street": "Storgatan 1", "postal_code": "831 30", "city": "Östersund", "country": "SE"}
    created = post(body(wants_magazine=True, postal_address=address, wants_newsletter=True), token).json()
    answer = Client().get(f"/api/v1/contacts/{created['id']}", HTTP_AUTHORIZATION=f"Bearer {token}").json()
    assert answer["wants_guidance"] and answer["wants_magazine"] and answer["wants_newsletter"]
    assert answer["postal_address"] == address
    assert answer["newsletter_confirmed"] is False  # double opt-in pending


def test_get_contact_of_another_party_answers_like_a_missing_one(token, parties):
    created = post(body(), token).json()
    _row, other = issue_api_token(party=parties["krokom"], name="Krokom")
    theirs = Client().get(f"/api/v1/contacts/{created['id']}", HTTP_AUTHORIZATION=f"Bearer {other}")
    missing = Client().get("/api/v1/contacts/999999", HTTP_AUTHORIZATION=f"Bearer {other}")
    assert theirs.status_code == missing.status_code == 404
    assert theirs.content == missing.content


def test_get_contact_without_a_token_is_401(token):
    created = post(body(), token).json()
    assert Client().get(f"/api/v1/contacts/{created['id']}").status_code == 401


def test_the_openapi_document_describes_the_registration(client_for):
    schema = client_for("coordinator").get("/api/v1/openapi.json").json()
    assert "/api/v1/registrations" in schema["paths"]
    assert "/api/v1/contacts/{contact_id}" in schema["paths"]
