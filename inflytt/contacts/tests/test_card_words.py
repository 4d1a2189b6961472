"""Words on the card that read right (issue 14): plurals through ngettext, consent versions a
person can read, dates in the reader's language."""

from __future__ import annotations

import re

import pytest
from django.utils import timezone, translation

from inflytt.contacts.models import Consent, Contact
from inflytt.intake.services import register_contact
from inflytt.intake.tests.test_register_contact import data
from inflytt.parties.models import Party

pytestmark = pytest.mark.django_db


def _card(client, person: Contact, language: str) -> str:
    client.cookies["django_language"] = language
    with translation.override(language):
        return client.get(f"/contacts/{person.pk}/").content.decode()


@pytest.mark.parametrize(
    ("adults", "children", "swedish", "english"),
    [(1, 0, "1 vuxen, 0 barn", "1 adult, 0 children"), (2, 1, "2 vuxna, 1 barn", "2 adults, 1 child")],
)
def test_the_household_counts_people_in_the_right_number(client_for, adults, children, swedish, english):
    parties = {party.slug: party for party in Party.objects.all()}
    person = register_contact(
        data=data(parties, adults=adults, children=children), source=Contact.Source.PORTAL, form_label="form"
    ).contact
    guide = client_for("guide_are")
    assert swedish in _card(guide, person, "sv")
    assert english in _card(guide, person, "en")


def test_a_consent_shows_its_version_and_day_with_the_exact_text_version_as_a_tooltip(client_for):
    parties = {party.slug: party for party in Party.objects.all()}
    person = register_contact(data=data(parties), source=Contact.Source.PORTAL, form_label="form").contact
    consent = Consent.objects.get(contact=person)
    assert consent.text_version.count("-") >= 2  # "1-sv-<digest>": what was stored stays exact
    body = _card(client_for("guide_are"), person, "en")
    day = timezone.localtime(consent.given_at).strftime("%-d %b %Y")
    shown = f"version {consent.version_number}, {day}"
    assert re.search(rf'<span title="{re.escape(consent.text_version)}">{shown}</span>', body)
    assert f"(v{consent.text_version})" not in body
