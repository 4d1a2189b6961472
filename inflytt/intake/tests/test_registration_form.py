"""The public form: rendering, embedding, the thank-you page and every rejection."""

from __future__ import annotations

import time
from datetime import timedelta

import pytest
from django.conf import settings
from django.test import Client
from django.utils import timezone

from inflytt.audit.models import AuditEvent
from inflytt.contacts.models import Activity, Consent, Contact, MagazineOrder
from inflytt.intake import tasks
from inflytt.intake.models import RegistrationMail, SentForm
from inflytt.intake.tests.helpers import post_form
from inflytt.intake.tokens import form_started_token
from inflytt.parties.models import Party

pytestmark = pytest.mark.django_db

MAGAZINE = {"wants_magazine": "on", "postal_street": "Gatan 1", "postal_city": "Östersund"}


@pytest.fixture
def bracke(parties) -> Party:
    party = parties["bracke"]
    party.embed_origins = "https://www.bracke.se\nhttps://flytta.bracke.se/"
    party.save()
    return party


def test_the_form_is_swedish_by_default_and_english_under_en(parties):
    client = Client()
    swedish = client.get("/sv/form/")
    assert swedish.status_code == 200 and 'lang="sv"' in swedish.text and "Förnamn" in swedish.text
    english = client.get("/en/form/")
    assert 'lang="en"' in english.text and "First name" in english.text
    assert english.headers["Content-Language"] == "en"


def test_only_the_partys_listed_origins_may_frame_its_form(bracke):
    response = Client().get("/sv/form/bracke/")
    csp = response.headers["Content-Security-Policy"]
    assert "frame-ancestors 'self' https://www.bracke.se https://flytta.bracke.se;" in csp + ";"
    assert "X-Frame-Options" not in response.headers
    assert "no-store" in response.headers["Cache-Control"]


def test_the_region_form_lists_the_regions_origins_and_no_one_elses(bracke):
    csp = Client().get("/sv/form/").headers["Content-Security-Policy"]
    assert "bracke.se" not in csp and "frame-ancestors 'self'" in csp


def test_every_other_page_refuses_framing(parties, client_for):
    for path in ("/sv/privacy/", "/sv/accessibility/", "/accounts/login/"):
        response = Client().get(path)
        assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"], path
        assert response.headers["X-Frame-Options"] == "DENY", path


def test_a_party_site_form_preselects_the_party_and_records_the_source(bracke):
    page = Client().get("/sv/form/bracke/?utm_source=facebook&utm_campaign=vinter")
    assert 'value="bracke" id="id_municipalities_0" checked' in page.text or 'value="bracke"' in page.text
    assert 'name="utm_source" value="facebook"' in page.text
    response = post_form(Client(), utm_source="facebook", utm_campaign="vinter", municipalities=["bracke"])
    assert response.status_code == 303
    contact = Contact.objects.get()
    assert contact.source == Contact.Source.PARTY_SITE and contact.source_party == bracke
    assert (contact.utm_source, contact.utm_campaign) == ("facebook", "vinter")
    assert contact.assigned_party == bracke


def test_the_thank_you_page_says_who_how_and_by_when_without_personal_data_in_the_url(bracke):
    client = Client()
    response = post_form(client, preferred_channel="phone", municipalities=["are", "bracke"])
    location = response["Location"]
    # The phone as typed and as stored; a short fragment like "070" can occur in a signed token.
    for secret in ("Åsa", "asa", "oberg", "123 45 67", "701234567", "Göteborg"):
        assert secret.lower() not in location.lower()
    page = client.get(location)
    contact = Contact.objects.get()
    assert "Åre kommun" in page.text
    assert "ringer" in page.text  # the chosen channel, in Swedish
    assert contact.first_response_due.strftime("%Y") in page.text
    # The thank-you page stays inside the party's frame.
    assert "https://www.bracke.se" in page.headers["Content-Security-Policy"]


def test_the_thank_you_page_in_english(parties):
    client = Client()
    response = post_form(client, path="/en/form/", municipalities=[])
    page = client.get(response["Location"])
    assert "Region Jämtland Härjedalen" in page.text and "will email you" in page.text
    assert Contact.objects.get().language == "en"


def test_a_forged_thank_you_token_is_404(parties):
    assert Client().get("/sv/form/thanks/abc:def/").status_code == 404


def test_a_double_submit_creates_one_contact_and_the_same_thank_you_page(bracke):
    client = Client()
    started = form_started_token(now=time.time() - 60)
    first = post_form(client, started=started)
    second = post_form(client, started=started)
    assert Contact.objects.count() == 1
    assert second.status_code == 302 and second["Location"] == first["Location"]
    assert Contact.objects.get().activities.count() == 1 + 0  # only the registration


def test_a_second_sending_of_a_form_writes_nothing_even_with_other_answers(bracke, django_capture_on_commit_callbacks):
    """The guard is the form's nonce, not the email: the second sending is rolled back whole (no
    second card, no activity, consent, owed mail or audit row) and answers the first thank-you page."""
    client = Client()
    started = form_started_token(now=time.time() - 60)
    first = post_form(client, started=started)
    counts = (
        Contact.objects.count(),
        Activity.objects.count(),
        Consent.objects.count(),
        RegistrationMail.objects.count(),
        AuditEvent.objects.count(),
    )
    with django_capture_on_commit_callbacks() as callbacks:
        second = post_form(client, started=started, email="annan@example.se", message="Igen")
    assert second.status_code == 302 and second["Location"] == first["Location"]
    assert callbacks == []  # nothing queued: no second receipt or guides' notice
    assert counts == (
        Contact.objects.count(),
        Activity.objects.count(),
        Consent.objects.count(),
        RegistrationMail.objects.count(),
        AuditEvent.objects.count(),
    )
    assert SentForm.objects.count() == 1
    assert not Contact.objects.filter(email_normalised="annan@example.se").exists()


def test_each_rendered_form_is_its_own_registration(bracke):
    client = Client()
    post_form(client, started=form_started_token(now=time.time() - 60))
    again = post_form(client, started=form_started_token(now=time.time() - 60), message="En fråga till")
    assert again.status_code == 303
    assert Contact.objects.get().activities.filter(kind=Activity.Kind.REGISTRATION).count() == 2
    assert SentForm.objects.count() == 2


def test_the_guards_of_expired_forms_are_forgotten(bracke):
    post_form(Client(), started=form_started_token(now=time.time() - 60))
    lifetime = settings.INFLYTT_INTAKE_FORM_MAX_AGE_SECONDS
    SentForm.objects.create(key="old", thanks="x", created_at=timezone.now() - timedelta(seconds=lifetime + 120))
    assert tasks.forget_sent_forms.call_local() == 1
    assert list(SentForm.objects.values_list("key", flat=True)) != ["old"]
    assert SentForm.objects.count() == 1


def test_registering_again_merges_into_the_card(bracke):
    post_form(Client(), municipalities=["bracke"], interests=["job"])
    response = post_form(Client(), email=" ASA.Oberg@Example.se ", municipalities=["are"], interests=["school"])
    assert response.status_code == 303
    contact = Contact.objects.get()
    assert set(contact.interest_rows.values_list("interest", flat=True)) == {"job", "school"}
    assert contact.municipality_rows.count() == 2


def test_a_magazine_order_needs_a_postal_address(bracke):
    response = post_form(Client(), wants_guidance=None, wants_magazine="on")
    assert response.status_code == 400
    for field in ("postal_street", "postal_code", "postal_city"):
        assert f'id="id_{field}_error"' in response.text
    assert Contact.objects.count() == 0
    ok = post_form(
        Client(),
        wants_guidance=None,
        wants_magazine="on",
        postal_street="Storgatan 1",
        postal_code="83130",
        postal_city="Östersund",
        postal_country="SE",
    )
    assert ok.status_code == 303
    assert MagazineOrder.objects.get().postal_code == "831 30"


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"email": "inte-en-adress"}, "email"),
        ({"email": ""}, "email"),
        ({"phone": "12"}, "phone"),
        ({"preferred_channel": "phone", "phone": ""}, "phone"),
        ({"preferred_channel": "pigeon"}, "preferred_channel"),
        ({"adults": "500"}, "adults"),
        ({"children": "-1"}, "children"),
        ({"adults": "två"}, "adults"),
        ({"consent": None}, "consent"),
        ({"wants_guidance": None}, "wants_guidance"),
        ({"municipalities": ["atlantis"]}, "municipalities"),
        ({"interests": ["sailing"]}, "interests"),
        ({"current_country": "XX"}, "current_country"),
        ({"first_name": "x" * 101}, "first_name"),
        ({"first_name": "   "}, "first_name"),
        ({"first_name": "!!!"}, "first_name"),
        ({"message": "y" * 4001}, "message"),
        ({"occupation": "z" * 201}, "occupation"),
        ({"utm_source": "u" * 101}, "utm_source"),
        ({**MAGAZINE, "postal_code": "1234"}, "postal_code"),
        ({**MAGAZINE, "postal_code": "ABCDE"}, "postal_code"),
    ],
)
def test_bad_input_gets_a_message_at_the_field_and_saves_nothing(bracke, overrides, field):
    response = post_form(Client(), **overrides)
    assert response.status_code == 400
    assert "error-summary" in response.text
    assert f'id="id_{field}_error"' in response.text or f'href="#id_{field}' in response.text
    assert Contact.objects.count() == 0


def test_a_foreign_postal_code_is_not_held_to_the_swedish_rule(bracke):
    response = post_form(
        Client(),
        wants_magazine="on",
        postal_street="Karl Johans gate 1",
        postal_code="0154",
        postal_city="Oslo",
        postal_country="NO",
    )
    assert response.status_code == 303


def test_names_with_swedish_letters_hyphens_and_apostrophes_work(bracke):
    assert post_form(Client(), first_name="Märta-Lisa", last_name="O'Brien Åström").status_code == 303
    assert Contact.objects.get().full_name == "Märta-Lisa O'Brien Åström"


def test_html_is_stored_as_text_and_shown_escaped(bracke, client_for):
    post_form(Client(), first_name="<script>alert(1)</script>", message="<b>fet</b>")
    contact = Contact.objects.get()
    assert contact.first_name == "<script>alert(1)</script>"
    card = client_for("guide_bracke").get(f"/contacts/{contact.pk}/")
    assert "<script>alert(1)</script>" not in card.text
    assert "&lt;script&gt;" in card.text
    # The error page echoes input escaped too.
    page = post_form(Client(), first_name="<i>x</i>", email="nope")
    assert "<i>x</i>" not in page.text and "&lt;i&gt;x&lt;/i&gt;" in page.text


def test_the_honeypot_gets_a_neutral_page_and_saves_nothing(bracke):
    response = post_form(Client(), website="http://spam.example")
    assert response.status_code == 200
    assert Contact.objects.count() == 0
    assert "Thank you" in response.text or "Tack" in response.text


def test_a_form_sent_faster_than_a_person_can_is_shown_again(bracke):
    response = post_form(Client(), started=form_started_token())
    assert response.status_code == 400
    assert Contact.objects.count() == 0
    assert 'name="started"' in response.text


def test_a_forged_or_missing_start_token_is_shown_again(bracke):
    assert post_form(Client(), started="forged").status_code == 400
    assert post_form(Client(), started=None).status_code == 400
    assert Contact.objects.count() == 0


def test_a_post_from_another_site_is_refused(bracke):
    """The CSRF defence of the embedded form (docs/decisions/0003): Origin must be ours or listed."""
    response = post_form(Client(), origin="https://evil.example")
    assert response.status_code == 403
    assert Contact.objects.count() == 0


def test_a_post_without_origin_or_referer_is_refused(bracke):
    assert post_form(Client(), origin=None).status_code == 403
    assert Contact.objects.count() == 0


def test_a_referer_from_our_own_page_is_enough(bracke):
    client = Client()
    from inflytt.intake.tests.helpers import form_data

    response = client.post("/sv/form/bracke/", form_data(), HTTP_REFERER="http://testserver/sv/form/bracke/")
    assert response.status_code == 303


def test_a_listed_origin_may_post(bracke):
    assert post_form(Client(), origin="https://www.bracke.se").status_code == 303


def test_a_flood_from_one_address_makes_at_most_the_limit_and_no_error_page(bracke, settings):
    """docs/security.md: "A flood of 1 000 posts from one address results in at most the configured
    number of contacts and no error pages." (200 posts here, the same mechanism.)"""
    settings.INFLYTT_INTAKE_RATE_LIMIT = 5
    client = Client()
    statuses = [post_form(client, email=f"bot{number}@example.se").status_code for number in range(200)]
    assert Contact.objects.count() == 5
    assert set(statuses) == {303, 429}
    # Another address is not affected.
    assert post_form(Client(REMOTE_ADDR="10.0.0.9"), email="human@example.se").status_code == 303


def test_an_unknown_party_is_404(parties):
    assert Client().get("/sv/form/atlantis/").status_code == 404
    assert Client().get("/de/form/").status_code == 404


def test_a_form_for_an_inactive_party_is_404(parties):
    Party.objects.filter(slug="berg").update(is_active=False)
    assert Client().get("/sv/form/berg/").status_code == 404


def test_the_form_tells_who_is_responsible_and_how_long_data_is_kept(parties):
    """GDPR art. 13: the information is given at collection, from the installation's settings."""
    text = Client().get("/en/form/").text
    assert "Region Jämtland Härjedalen is the controller" in text
    assert "5 years" in text
    assert 'href="/en/privacy/"' in text


def test_no_personal_data_in_the_logs(bracke, caplog, personas, django_capture_on_commit_callbacks):
    """docs/security.md: log ids, not names or emails — through the request, the service and the mails."""
    import logging

    caplog.set_level(logging.INFO)
    with django_capture_on_commit_callbacks(execute=True):
        post_form(Client(), wants_newsletter="on")
        post_form(Client(), website="spam")  # a refused bot is logged too
    assert caplog.records
    # The phone as typed and as stored; "070" alone also occurs in random task ids.
    for secret in ("Åsa", "Öberg", "asa.oberg", "123 45 67", "701234567", "Göteborg", "förskoleplatser"):
        assert secret.lower() not in caplog.text.lower(), secret


def test_lang_in_the_query_picks_the_language(parties):
    response = Client().get("/sv/form/bracke/?lang=en&utm_source=x")
    assert response.status_code == 302
    assert response["Location"] == "/en/form/bracke/?utm_source=x"
    assert "frame-ancestors 'self'" in response.headers["Content-Security-Policy"]
