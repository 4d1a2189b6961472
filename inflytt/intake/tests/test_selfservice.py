"""Issue 10: the person's own "Mina uppgifter" page, by a personal, expiring, single-person link."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from inflytt.audit.models import AuditEvent
from inflytt.contacts.models import Activity, Consent, Contact, MagazineOrder, NewsletterSubscription
from inflytt.contacts.selfservice import read_selfservice_token, selfservice_token, selfservice_url
from inflytt.contacts.tests.factories import contact as make_contact
from inflytt.privacy.models import NewsletterOnly

pytestmark = pytest.mark.django_db


@pytest.fixture
def person(parties):
    make_contact(email="first@example.se")  # ids differ between contacts and their rows
    return make_contact(
        first_name="Märta",
        last_name="Ek",
        email="marta.ek@example.se",
        phone="+46701112233",
        municipalities=("are",),
        interests=("job",),
    )


def page(contact: Contact, lang: str = "sv") -> str:
    return f"/{lang}/me/{selfservice_token(contact)}/"


def changes(**overrides):
    data = {
        "first_name": "Märta",
        "last_name": "Ek-Berg",
        "phone": "070-444 55 66",
        "preferred_channel": "phone",
        "language": "en",
        "current_city": "Lund",
        "current_country": "SE",
        "municipalities": ["bracke", "are"],
        "interests": ["housing"],
        "wants_newsletter": "on",
        "wants_magazine": "on",
        "postal_street": "Nya gatan 3",
        "postal_code": "83130",
        "postal_city": "Östersund",
        "postal_country": "SE",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def test_the_page_shows_what_is_stored_and_is_never_cached_or_framed(person):
    response = Client().get(page(person))
    assert response.status_code == 200
    for shown in ("Märta Ek", "marta.ek@example.se", "+46701112233", "Åre kommun", "Arbete"):
        assert shown in response.text, shown
    assert "no-store" in response["Cache-Control"]
    assert "frame-ancestors 'none'" in response["Content-Security-Policy"]
    assert AuditEvent.objects.filter(contact_id=person.pk, action=AuditEvent.Action.VIEW).exists()


def test_the_person_changes_their_details_and_the_card_says_they_did(person):
    response = Client().post(page(person), changes())
    assert response.status_code == 303
    person.refresh_from_db()
    assert (person.last_name, person.phone, person.preferred_channel, person.language) == (
        "Ek-Berg",
        "+46704445566",
        "phone",
        "en",
    )
    assert list(person.municipality_rows.values_list("party__slug", flat=True)) == ["bracke", "are"]
    assert set(person.interest_rows.values_list("interest", flat=True)) == {"housing"}
    assert NewsletterSubscription.objects.get(contact=person).is_active
    assert MagazineOrder.objects.to_send().get(contact=person).street == "Nya gatan 3"
    logged = person.activities.filter(kind=Activity.Kind.SYSTEM, subject__contains="sin egen sida").get()
    assert logged.author is None and "telefon" in logged.body.lower()
    event = AuditEvent.objects.filter(contact_id=person.pk, action=AuditEvent.Action.EDIT).latest("at")
    assert event.actor is None and "self-service" in event.detail["by"]
    assert person.assigned_party.slug == "are"  # not theirs to change


def test_unsubscribing_and_cancelling_the_magazine_on_the_page(person):
    Client().post(page(person), changes())
    Client().post(page(person), changes(wants_newsletter=None, wants_magazine=None))
    assert not NewsletterSubscription.objects.get(contact=person).is_active
    assert not MagazineOrder.objects.filter(contact=person, sent_at__isnull=True).exists()


def test_bad_input_keeps_the_form_with_the_error_at_the_field(person):
    response = Client().post(page(person), changes(last_name="Ek\u202e"))
    assert response.status_code == 400
    assert 'id="id_last_name_error"' in response.text and "error-summary" in response.text
    person.refresh_from_db()
    assert person.last_name == "Ek"


def test_asking_for_erasure_is_recorded_for_the_coordinators(person):
    response = Client().post(page(person), {"action": "erase"})
    assert response.status_code == 200
    assert person.activities.filter(subject__contains="raderas").exists()
    assert AuditEvent.objects.filter(contact_id=person.pk, detail__erasure_requested=True).exists()


def test_the_link_is_bound_to_one_person_and_expires(person, settings):
    other = make_contact(email="other@example.se")
    token = selfservice_token(person)
    assert read_selfservice_token(token) == person
    forged = token.replace(token.split(":")[0], selfservice_token(other).split(":")[0])
    assert read_selfservice_token(forged) is None
    assert Client().get(f"/sv/me/{token}x/").status_code == 404
    settings.INFLYTT_SELFSERVICE_LINK_DAYS = -1
    assert read_selfservice_token(token) is None
    assert Client().get(f"/sv/me/{token}/").status_code == 404


def test_a_link_sent_to_an_old_address_stops_working_when_the_address_changes(person):
    token = selfservice_token(person)
    Contact.objects.filter(pk=person.pk).update(email="new@example.se", email_normalised="new@example.se")
    assert read_selfservice_token(token) is None


def test_the_link_is_absolute_and_in_the_persons_language(person, settings):
    settings.INFLYTT_BASE_URL = "https://inflytt.example"
    assert re.match(r"^https://inflytt\.example/sv/me/[^/]+/$", selfservice_url(person))
    assert "/en/me/" in selfservice_url(person, "en")


def test_leaving_the_newsletter_withdraws_its_consent(person):
    Client().post(page(person), changes())
    Client().post(page(person), changes(wants_newsletter=None))
    newsletter = person.consents.filter(purpose=Consent.Purpose.NEWSLETTER)
    assert newsletter.exists() and not newsletter.filter(withdrawn_at__isnull=True).exists()


def test_a_card_kept_only_for_the_newsletter_is_deleted_when_the_person_leaves_it(person):
    """The 2025 agreement, Bilaga 4 (docs/requirements.md): "De som prenumererar på nyhetsbrev får ligga kvar tills de
    tar bort sig själva"."""
    Client().post(page(person), changes())
    NewsletterOnly.objects.create(contact=person)
    response = Client().post(page(person), changes(wants_newsletter=None))
    assert response.status_code == 200 and "raderat" in response.text
    assert not Contact.objects.filter(pk=person.pk).exists()
