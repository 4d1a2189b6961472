"""The contact list costs the same few translations per row (issue 16: a list page's time minus the
floor must stay within 3x its SQL plus 10 ms for 50 rows; the row loop translated its six column
labels and every status label again for each row)."""

from __future__ import annotations

import pytest
from django.utils import translation

from inflytt.contacts.models import Contact
from inflytt.contacts.tests.factories import contact
from inflytt.contacts.tests.test_card_rendering_cost import CountingGettext

pytestmark = pytest.mark.django_db


def translations_for_list(client, monkeypatch) -> int:
    client.get("/contacts/")  # templates compiled, caches warm
    counter = CountingGettext(translation._trans.gettext)  # type: ignore[attr-defined]  # private, not in the stubs
    with monkeypatch.context() as patch:
        patch.setattr(translation._trans, "gettext", counter)  # type: ignore[attr-defined]
        response = client.get("/contacts/")
    assert response.status_code == 200
    return counter.calls


def test_the_list_translates_at_most_two_strings_per_row(client_for, monkeypatch):
    guide = client_for("guide_bracke")
    for number in range(5):
        contact(email=f"few{number}@example.se")
    few = translations_for_list(guide, monkeypatch)
    for number in range(25):
        contact(email=f"many{number}@example.se")
    extra = translations_for_list(guide, monkeypatch) - few
    assert extra <= 2 * 25, f"{extra} translations for 25 more rows"


def test_the_status_labels_are_the_translated_choices(db):
    card = Contact(status=Contact.Status.IN_DIALOGUE)
    with translation.override("en"):
        assert card.get_status_display() == str(Contact.Status.IN_DIALOGUE.label)
    assert Contact(status="unknown").get_status_display() == "unknown"


def test_every_row_keeps_its_column_labels_for_small_screens(client_for):
    guide = client_for("guide_bracke")
    contact(email="one@example.se")
    page = guide.get("/contacts/", HTTP_ACCEPT_LANGUAGE="en").text
    for label in ("Name", "Preferred channel", "Assigned to", "Municipalities of interest", "Status", "Registered"):
        assert f'data-label="{label}"' in page or f'data-label="{translation.gettext(label)}"' in page
