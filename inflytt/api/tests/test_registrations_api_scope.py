"""Issue 10, the API: a token's view of the register is its party's cards and the cards it
created; a merge changes no other party's card and tells nothing about it (docs/decisions/0010)."""

from __future__ import annotations

import pytest
from django.test import Client

from inflytt.api.tests.test_registrations_api import body, post
from inflytt.contacts.models import Contact
from inflytt.contacts.tests.factories import contact as make_contact
from inflytt.intake.services import issue_api_token

pytestmark = pytest.mark.django_db


@pytest.fixture
def tokens(parties, personas) -> dict[str, str]:
    return {slug: issue_api_token(party=parties[slug], name=f"{slug} webb")[1] for slug in ("bracke", "are", "krokom")}


def get(contact_id: int, token: str):
    return Client().get(f"/api/v1/contacts/{contact_id}", HTTP_AUTHORIZATION=f"Bearer {token}")


@pytest.fixture
def ares_card(parties, personas) -> Contact:
    make_contact(email="unrelated@example.se")  # ids differ between tables
    card = make_contact(email="marta@example.se", municipalities=("are",), phone="")
    Contact.objects.filter(pk=card.pk).update(status=Contact.Status.IN_DIALOGUE, assigned_guide=personas["guide_are"])
    card.refresh_from_db()
    return card


def test_a_merge_never_moves_a_card_another_party_handles(tokens, ares_card, parties):
    response = post(body(municipalities=["bracke"], phone="+46709999999"), tokens["bracke"])
    assert response.status_code == 200
    ares_card.refresh_from_db()
    assert ares_card.assigned_party == parties["are"]
    assert ares_card.status == Contact.Status.IN_DIALOGUE and ares_card.phone == ""


def test_the_answer_to_a_merge_carries_no_status_or_handling_party(tokens, ares_card):
    answer = post(body(), tokens["bracke"]).json()
    assert answer["created"] is False
    assert answer["status"] is None and answer["assigned_party"] is None and answer["first_response_due"] is None
    assert "in_dialogue" not in str(answer)


def test_a_merge_does_not_open_the_card_to_the_posting_token(tokens, ares_card):
    """Posting a known person's address must not be a way to read their card."""
    answer = post(body(), tokens["bracke"]).json()
    theirs = get(answer["id"], tokens["bracke"])
    missing = get(999999, tokens["bracke"])
    assert theirs.status_code == missing.status_code == 404 and theirs.content == missing.content


def test_the_handling_party_reads_the_card(tokens, ares_card):
    assert get(ares_card.pk, tokens["are"]).status_code == 200


def test_a_token_reads_the_cards_it_created_even_when_another_party_handles_them(tokens, parties):
    created = post(body(email="ny@example.se", municipalities=["are"]), tokens["bracke"]).json()
    assert created["created"] is True and created["assigned_party"] == "are"
    assert get(created["id"], tokens["bracke"]).status_code == 200
    # Another token of the same party, or another party, did not create it.
    _row, second = issue_api_token(party=parties["bracke"], name="Bräcke app")
    assert get(created["id"], second).status_code == 404
    assert get(created["id"], tokens["krokom"]).status_code == 404


def test_a_card_merely_registered_on_the_partys_site_is_not_readable_by_its_tokens(tokens, parties):
    card = make_contact(email="site@example.se", municipalities=("are",), source_party=parties["bracke"])
    assert get(card.pk, tokens["bracke"]).status_code == 404
