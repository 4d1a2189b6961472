"""The mailing editor's live recipient count (issue 14, htmx "live counts"): as the purpose, the
kind or the segment changes, the editor shows how many people the mailing would reach now, within
the user's reach, before anything is saved. Seeds/000 Bilaga 4: newsletters "med bra urval så att
varje inbjudan hamnar med relevant information hos rätt individ"."""

from __future__ import annotations

import pytest

from inflytt.contacts.tests.factories import contact
from inflytt.mailings.models import Segment
from inflytt.mailings.tests.conftest import subscriber

pytestmark = pytest.mark.django_db


def test_the_count_follows_purpose_and_segment_within_the_users_reach(client_for, parties):
    subscriber(email="a@example.se", municipalities=("bracke",))
    subscriber(email="b@example.se", municipalities=("are",))
    contact(email="c@example.se", municipalities=("bracke",))  # in guidance, no newsletter
    bracke = Segment.objects.create(name="Bräcke", conditions={"municipalities": [parties["bracke"].pk]})

    def count(client, **query: str) -> str:
        response = client.get("/mailings/count/", query, headers={"HX-Request": "true"})
        assert response.status_code == 200
        html = response.content.decode()
        assert html.startswith('<p id="recipient-count"') and "<html" not in html  # a fragment
        return html

    coordinator, guide_are = client_for("coordinator"), client_for("guide_are")
    assert "når 2 personer nu" in count(coordinator, purpose="newsletter")
    assert "når 1 person nu" in count(coordinator, purpose="newsletter", segment=str(bracke.pk))
    assert "når 3 personer nu" in count(coordinator, purpose="guidance")
    # A guide's mailing reaches only the contacts of the guide's party.
    assert "når 1 person nu" in count(guide_are, purpose="guidance")
    assert "når 0 personer nu" in count(guide_are, purpose="guidance", segment=str(bracke.pk))
    # No purpose yet, or nonsense: the prompt, never an error.
    assert "Välj syfte" in count(coordinator, segment="x", kind="nonsense")


def test_the_editor_asks_for_the_count_as_the_fields_change(client_for, parties):
    page = client_for("coordinator").get("/mailings/new/").content.decode()
    assert 'hx-get="/mailings/count/"' in page and 'id="recipient-count"' in page
