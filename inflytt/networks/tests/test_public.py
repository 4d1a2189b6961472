"""The public ambassador sign-up and the coworking directory."""

from __future__ import annotations

import time

import pytest
from django.test import Client

from inflytt.intake.tokens import form_started_token
from inflytt.networks.models import Ambassador, CoworkingSpace
from inflytt.networks.tests.factories import coworking

ORIGIN = "http://testserver"


def sign_up_data(**overrides):
    data = {
        "first_name": "Gunnel",
        "last_name": "Ek",
        "email": "Gunnel.Ek@example.se",
        "phone": "070-123 45 67",
        "party": "",
        "place": "Hede",
        "languages": "svenska, engelska",
        "offers": ["coffee", "sports"],
        "consent": "on",
        "started": form_started_token(now=time.time() - 60),
    }
    data.update(overrides)
    return data


@pytest.mark.django_db
@pytest.mark.parametrize("lang", ["sv", "en"])
def test_the_sign_up_form_is_shown_in_both_languages(parties, lang):
    response = Client().get(f"/{lang}/ambassadors/join/are/")
    assert response.status_code == 200
    assert response["Content-Language"] == lang
    assert 'name="website"' in response.content.decode()  # the honeypot


@pytest.mark.django_db
def test_the_sign_up_is_framable_only_by_the_partys_listed_sites(parties):
    parties["are"].embed_origins = "https://are.se"
    parties["are"].save()
    response = Client().get("/sv/ambassadors/join/are/")
    assert "frame-ancestors 'self' https://are.se" in response["Content-Security-Policy"]
    assert "no-store" in response["Cache-Control"]


@pytest.mark.django_db
def test_a_sign_up_creates_an_applied_ambassador_with_the_consent_text(parties):
    response = Client().post("/sv/ambassadors/join/are/", sign_up_data(party=parties["are"].pk), HTTP_ORIGIN=ORIGIN)
    assert response.status_code == 303
    ambassador = Ambassador.objects.get()
    assert ambassador.status == Ambassador.Status.APPLIED
    assert ambassador.email == "gunnel.ek@example.se"
    assert ambassador.offers == ["coffee", "sports"]
    assert ambassador.consent_text_version.startswith("1-sv-") and "platsambassadör" in ambassador.consent_text
    assert ambassador.consent_given_at is not None


@pytest.mark.django_db
def test_a_double_submit_and_a_second_sign_up_create_one_ambassador(parties):
    data = sign_up_data(party=parties["are"].pk)
    Client().post("/sv/ambassadors/join/are/", data, HTTP_ORIGIN=ORIGIN)
    Client().post("/sv/ambassadors/join/are/", data, HTTP_ORIGIN=ORIGIN)
    again = sign_up_data(party=parties["are"].pk, email="gunnel.ek@example.se")
    assert Client().post("/en/ambassadors/join/are/", again, HTTP_ORIGIN=ORIGIN).status_code == 303
    assert Ambassador.objects.count() == 1


@pytest.mark.django_db
def test_the_sign_up_has_the_registration_forms_defences(parties, settings):
    data = sign_up_data(party=parties["are"].pk)
    assert Client().post("/sv/ambassadors/join/are/", data, HTTP_ORIGIN="https://evil.example").status_code == 403
    assert Client().post("/sv/ambassadors/join/are/", {**data, "website": "x"}, HTTP_ORIGIN=ORIGIN).status_code == 200
    fast = {**data, "started": form_started_token()}
    assert Client().post("/sv/ambassadors/join/are/", fast, HTTP_ORIGIN=ORIGIN).status_code == 400
    without_consent = {key: value for key, value in data.items() if key != "consent"}
    assert Client().post("/sv/ambassadors/join/are/", without_consent, HTTP_ORIGIN=ORIGIN).status_code == 400
    assert not Ambassador.objects.exists()
    settings.INFLYTT_INTAKE_RATE_LIMIT = 2
    answers = [
        Client()
        .post(
            "/sv/ambassadors/join/are/",
            sign_up_data(party=parties["are"].pk, email=f"p{n}@example.se"),
            HTTP_ORIGIN=ORIGIN,
        )
        .status_code
        for n in range(4)
    ]
    assert answers[-1] == 429
    assert Ambassador.objects.count() <= 2


@pytest.mark.django_db
def test_the_directory_lists_active_spaces_without_personal_data(parties):
    coworking(party="are", name="Hub Åre", contact_name="Kalle Kontakt", contact_email="kalle@example.se", desks=12)
    coworking(party="berg", name="Stängda", status=CoworkingSpace.Status.INACTIVE)
    coworking(party="berg", name="Berg Cowork")
    page = Client().get("/sv/coworking/")
    body = page.content.decode()
    assert page.status_code == 200 and "public" in page["Cache-Control"]
    # Any site may embed it: it holds no personal data.
    assert "frame-ancestors *" in page["Content-Security-Policy"]
    assert "Hub Åre" in body and "Berg Cowork" in body and "Stängda" not in body
    assert "Kalle" not in body and "kalle@example.se" not in body
    api = Client().get("/api/v1/coworking?municipality=are")
    assert api.status_code == 200 and "public" in api["Cache-Control"]
    assert [space["name"] for space in api.json()] == ["Hub Åre"]
    assert "Kalle" not in api.content.decode()
    assert Client().get("/api/v1/coworking?municipality=nowhere").status_code == 404
    assert len(Client().get("/api/v1/coworking").json()) == 2


@pytest.mark.django_db
def test_the_coordinators_embed_page_gives_the_sign_up_forms_code_per_party(client_for, parties):
    """The sign-up form is embeddable like the registration form: the coordinator copies its code
    from the same page, next to the registration form's."""
    parties["bracke"].embed_origins = "https://www.bracke.se"
    parties["bracke"].save()
    text = client_for("coordinator").get("/intake/embed/").text
    assert "&lt;iframe src=&quot;http://testserver/sv/ambassadors/join/bracke/&quot;" in text
    assert "&lt;iframe src=&quot;http://testserver/sv/ambassadors/join/&quot;" in text  # the region's
    assert "&lt;iframe src=&quot;http://testserver/sv/form/bracke/&quot;" in text
    assert 'id="ambassador-snippet-bracke"' in text and 'id="registration-snippet-bracke"' in text
    # The frame of the copied code has an accessible name of its own.
    assert "title=&quot;Bli platsambassadör: Bräcke kommun&quot;" in text


def test_the_public_pages_share_the_intake_forms_defences_by_their_public_names():
    """One definition of the embedding rules: the sign-up uses intake.embedding, not the private
    helpers of intake.views."""
    import inspect

    from inflytt.intake import embedding
    from inflytt.networks import public

    source = inspect.getsource(public)
    assert "intake.views" not in source
    assert public.framable_by is embedding.framable_by and public.form_party is embedding.form_party
