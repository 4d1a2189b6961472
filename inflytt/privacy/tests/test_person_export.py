"""A person's data (GDPR art. 15 and 20): a complete export as JSON and a readable PDF in the
person's language, and the export is logged."""

from __future__ import annotations

import json

import pytest
from django.utils import translation

from inflytt.audit.models import AuditEvent
from inflytt.contacts.models import Contact
from inflytt.privacy.export import person_data, readable_sections
from inflytt.privacy.selectors import contact_relations
from inflytt.privacy.tests.factories import NOT_AUTO, person, rows_in_every_related_model

pytestmark = pytest.mark.django_db


@pytest.fixture
def card(parties):
    card = person(last_name="Ågren", email="osten.agren@example.se", language="en", subscribed=True)
    assert rows_in_every_related_model(card) == []
    return card


def test_the_json_export_holds_every_model_that_refers_to_the_person(card):
    data = person_data(card)
    assert data["contact"]["last_name"] == "Ågren"
    assert data["contact"]["email"] == "osten.agren@example.se"
    assert not set(Contact.DERIVED_FIELDS) & set(data["contact"]), "the search's and the checks' own copies"
    for rel in contact_relations():
        if rel.related_model._meta.label in NOT_AUTO:
            continue
        label = rel.related_model._meta.label_lower
        expected = rel.related_model._default_manager.filter(**{rel.field.name: card}).count()
        assert len(data["related"][label]) == expected > 0, label
    assert data["access_log"]  # who handled the data: actions and times


def test_the_json_download_is_logged(card, client_for):
    response = client_for("coordinator").get(f"/privacy/person/{card.pk}/export.json")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert "osten" not in response["Content-Disposition"]  # no personal data in the file name
    body = json.loads(response.content)
    assert body["related"]["contacts.activity"]
    assert AuditEvent.objects.filter(action="export", contact_id=card.pk, detail={"format": "json"}).exists()


def test_the_pdf_is_in_the_persons_language_and_keeps_swedish_letters(card, client_for):
    with translation.override("sv"):
        sections = dict(readable_sections(card))
    # English for an English-speaking person, whatever the coordinator's language.
    assert "Activities" in sections and "Last name: Ågren" in sections["Contact"][0]
    response = client_for("coordinator").get(f"/privacy/person/{card.pk}/export.pdf")
    assert response.status_code == 200
    assert response.content.startswith(b"%PDF")
    assert b"DejaVu" in response.content  # a Unicode font: Å, Ä, Ö print as themselves
    assert AuditEvent.objects.filter(action="export", contact_id=card.pk, detail={"format": "pdf"}).exists()


def test_the_readable_sections_name_each_kind_of_data(card):
    headings = [heading for heading, _records in readable_sections(card)]
    lines = [line for _heading, records in readable_sections(card) for lines in records for line in lines]
    assert headings[0] == "Contact"
    assert {"Activities", "Consents", "Magazine orders"} <= set(headings)
    assert "Last name: Ågren" in lines


def test_a_swedish_speaking_person_gets_swedish_headings(parties):
    card = person(language="sv")
    with translation.override("en"):
        headings = [heading for heading, _records in readable_sections(card)]
    with translation.override("sv"):
        assert headings[0] == str(translation.gettext("contact")).capitalize()
