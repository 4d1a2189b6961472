"""The yearly review (registervård).

The 2025 agreement, Bilaga 4 (docs/requirements.md): "Registrervård görs löpande eller minst en gång per år. Varje
kommun ansvarar för att gå igenom de kontakter som har klickat i deras kommun och uppdatera flyttstatus när en
flytt har skett. **Regionen** ansvarar för att uppdatera de som inte valt specifik kommun."
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from inflytt.contacts.models import Contact
from inflytt.contacts.tests.factories import contact
from inflytt.guidance.services import change_status
from inflytt.privacy.selectors import review_due, review_progress

pytestmark = pytest.mark.django_db

LAST_YEAR = timedelta(days=400)


@pytest.fixture
def cards(parties, personas):
    long_ago = timezone.now() - LAST_YEAR
    cards = {
        "bracke": contact(municipalities=("bracke",), registered_at=long_ago),
        "are_and_bracke": contact(municipalities=("are", "bracke"), registered_at=long_ago),
        "are": contact(municipalities=("are",), registered_at=long_ago),
        "undecided": contact(registered_at=long_ago),
        "new": contact(municipalities=("bracke",)),
        "moved": contact(municipalities=("bracke",), registered_at=long_ago),
        "confirmed": contact(municipalities=("bracke",), registered_at=long_ago),
    }
    card = cards["moved"]
    change_status(
        contact=card,
        status="moved",
        version=card.version,
        acting_user=personas["guide_bracke"],
        moved_on=timezone.localdate(),
        moved_to=parties["bracke"],
        moved_household_size=2,
    )
    change_status(
        contact=cards["confirmed"],
        status="in_dialogue",
        version=cards["confirmed"].version,
        acting_user=personas["guide_bracke"],
    )
    return cards


def _due(party) -> set[int]:
    return set(review_due(party=party).values_list("pk", flat=True))


def test_each_municipality_reviews_the_contacts_that_chose_it(cards, parties):
    assert _due(parties["bracke"]) == {cards["bracke"].pk, cards["are_and_bracke"].pk}
    assert _due(parties["are"]) == {cards["are"].pk, cards["are_and_bracke"].pk}


def test_the_region_reviews_the_undecided(cards, parties):
    assert _due(parties["region"]) == {cards["undecided"].pk}


def test_a_status_confirmed_in_the_last_12_months_is_not_due(cards, parties, personas):
    card = Contact.objects.get(pk=cards["bracke"].pk)
    change_status(contact=card, status=card.status, version=card.version, acting_user=personas["guide_bracke"])
    assert cards["bracke"].pk not in _due(parties["bracke"])


def test_bulk_moved_sets_date_and_municipality(cards, parties, client_for):
    client = client_for("guide_bracke")
    moved_on = timezone.localdate() - timedelta(days=10)
    response = client.post(
        "/privacy/review/bracke/",
        {
            "contacts": [cards["bracke"].pk, cards["are_and_bracke"].pk],
            "action": "moved",
            "moved_on": moved_on.isoformat(),
            "moved_to": "bracke",
        },
    )
    assert response.status_code == 302
    for key in ("bracke", "are_and_bracke"):
        card = Contact.objects.get(pk=cards[key].pk)
        assert (card.status, card.moved_on, card.moved_to.slug) == ("moved", moved_on, "bracke")
        assert card.moved_household_size == card.adults + card.children
    assert _due(parties["bracke"]) == set()


def test_bulk_still_interested_keeps_the_status_and_not_moving_closes(cards, parties, client_for):
    client = client_for("guide_bracke")
    client.post("/privacy/review/bracke/", {"contacts": [cards["bracke"].pk], "action": "still_interested"})
    client.post("/privacy/review/bracke/", {"contacts": [cards["are_and_bracke"].pk], "action": "not_moving"})
    assert Contact.objects.get(pk=cards["bracke"].pk).status == "new"
    assert Contact.objects.get(pk=cards["are_and_bracke"].pk).status == "not_moving"
    assert _due(parties["bracke"]) == set()


def test_moved_without_date_or_municipality_is_refused(cards, client_for):
    response = client_for("guide_bracke").post(
        "/privacy/review/bracke/", {"contacts": [cards["bracke"].pk], "action": "moved"}
    )
    assert response.status_code == 400
    assert set(response.context["form"].errors) == {"moved_on", "moved_to"}
    assert Contact.objects.get(pk=cards["bracke"].pk).status == "new"


def test_a_contact_outside_the_partys_review_cannot_be_slipped_in(cards, client_for):
    response = client_for("guide_bracke").post(
        "/privacy/review/bracke/", {"contacts": [cards["are"].pk], "action": "not_moving"}
    )
    assert response.status_code == 400
    assert Contact.objects.get(pk=cards["are"].pk).status == "new"


def test_the_coordinator_sees_progress_per_party(cards, parties, client_for):
    progress = {row.party.slug: row for row in review_progress()}
    # Bräcke: bracke, are_and_bracke, new, confirmed in scope (moved is final); 2 wait.
    assert (progress["bracke"].total, progress["bracke"].due) == (4, 2)
    assert progress["bracke"].percent == 50
    assert (progress["region"].total, progress["region"].due) == (1, 1)
    page = client_for("coordinator").get("/privacy/review/")
    assert page.status_code == 200
    assert "Bräcke kommun" in page.content.decode()


def test_the_review_page_lists_the_due_contacts(cards, client_for):
    page = client_for("guide_bracke").get("/privacy/review/bracke/")
    assert page.status_code == 200
    assert cards["bracke"].last_name in page.content.decode()
    assert cards["are"].last_name not in page.content.decode()


def test_the_error_summary_links_reach_their_fields(cards, client_for):
    """GOV.UK error summary: each message links to its field; for a group, its first option."""
    import re

    response = client_for("guide_bracke").post("/privacy/review/bracke/", {})
    body = response.content.decode()
    summary = body.split('class="error-summary"', 1)[1].split("</div>", 1)[0]
    targets = re.findall(r'href="#([^"]+)"', summary)
    assert targets and all(f'id="{target}"' in body for target in targets), targets
