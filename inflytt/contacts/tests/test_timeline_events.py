"""System events on the timeline are stored as a code with parameters and rendered in the reader's
language (issue 14): no Swedish line in the English UI or the other way round."""

from __future__ import annotations

import pytest
from django.utils import translation
from django.utils.html import escape

from inflytt.contacts.models import Activity, Contact
from inflytt.contacts.tests.factories import contact
from inflytt.guidance import services as guidance

pytestmark = pytest.mark.django_db


def _timeline(client, person: Contact, language: str) -> str:
    client.cookies["django_language"] = language
    with translation.override(language):
        return client.get(f"/contacts/{person.pk}/").content.decode()


def test_a_status_change_made_in_swedish_reads_in_english_for_an_english_reader(client_for, personas):
    person = contact(municipalities=("bracke",))
    guide = personas["guide_bracke"]
    with translation.override("sv"):
        guidance.assign_contact(contact=person, guide=guide, acting_user=guide)
        person.refresh_from_db()
        guidance.change_status(
            contact=person, status=Contact.Status.CONTACTED, version=person.version, note="", acting_user=guide
        )
    change = Activity.objects.get(contact=person, kind=Activity.Kind.STATUS_CHANGE)
    assert (change.event_code, change.event_params) == ("status_changed", {"from": "new", "to": "contacted"})
    english = _timeline(client_for("guide_bracke"), person, "en")
    swedish = _timeline(client_for("guide_bracke"), person, "sv")
    assert "New → Contacted" in english and "Ny → Kontaktad" not in english
    assert "Ny → Kontaktad" in swedish and "New → Contacted" not in swedish
    assert f"Assigned to {guide}" in english and f"Tilldelad {guide}" not in english


def test_old_rows_without_a_code_keep_their_text(client_for):
    person = contact()
    Activity.objects.create(contact=person, kind=Activity.Kind.SYSTEM, subject="Gammal rad på svenska")
    assert "Gammal rad på svenska" in _timeline(client_for("guide_bracke"), person, "en")


@pytest.mark.parametrize(
    ("stored", "english", "swedish"),
    [
        ("web:/sv/form/", "the region's form (Swedish)", "regionens formulär (Svenska)"),
        ("web:/en/form/bracke/", "Bräcke kommun's form (English)", "formuläret från Bräcke kommun (Engelska)"),
        ("api:are:webbplatsen", "the API (Åre kommun, webbplatsen)", "API:et (Åre kommun, webbplatsen)"),
    ],
)
def test_a_registration_names_its_source_in_words(client_for, stored, english, swedish):
    person = contact()
    Activity.objects.filter(contact=person, kind=Activity.Kind.REGISTRATION).update(subject=stored)
    assert escape(english) in _timeline(client_for("guide_bracke"), person, "en")
    body = _timeline(client_for("guide_bracke"), person, "sv")
    assert escape(swedish) in body and stored not in body
