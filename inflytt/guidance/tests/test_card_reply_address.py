"""Mail on the card: writing goes through Inflytt (no mailto:), replies go to the card's own address."""

from __future__ import annotations

import pytest
from django.core import mail

from inflytt.contacts.tests.factories import contact
from inflytt.guidance.models import ReplyAddress


def write(client, person, subject: str, capture) -> None:
    with capture(execute=True):
        client.post(f"/guidance/contacts/{person.pk}/email/", {"subject": subject, "body": "Hej!"})


@pytest.mark.django_db
def test_the_cards_main_action_writes_through_inflytt(client_for, parties):
    """Rule 3 (the service level appendix): all dialogue is documented on the card, so the card
    offers no mailto: link, which would send a mail nobody logs."""
    person = contact(email="asa@example.se")
    page = client_for("guide_bracke").get(f"/contacts/{person.pk}/").content.decode()
    assert "mailto:" not in page
    assert f'href="/guidance/contacts/{person.pk}/email/"' in page


@pytest.mark.django_db
def test_reply_to_is_the_cards_own_opaque_address(client_for, settings, django_capture_on_commit_callbacks):
    settings.INFLYTT_REPLY_ADDRESS = "svar@ta-steget.example"
    for _ in range(3):
        contact()  # ids of cards and reply addresses differ
    person, other = contact(email="asa@example.se"), contact(email="bo@example.se")
    guide = client_for("guide_bracke")
    write(guide, person, "Första", django_capture_on_commit_callbacks)
    write(guide, person, "Andra", django_capture_on_commit_callbacks)
    write(guide, other, "Till Bo", django_capture_on_commit_callbacks)
    first, second, third = (message.reply_to for message in mail.outbox)
    token = ReplyAddress.objects.get(contact=person).token
    assert first == second == [f"svar+{token}@ta-steget.example"], "one address per card, stable"
    assert third != first
    assert len(token) == 16 and int(token, 16) >= 0, "random hex: nothing of the person or the card id"


@pytest.mark.django_db
def test_without_a_reply_address_replies_go_to_the_guide(
    client_for, personas, settings, django_capture_on_commit_callbacks
):
    settings.INFLYTT_REPLY_ADDRESS = ""
    person = contact(email="asa@example.se")
    write(client_for("guide_bracke"), person, "Hej", django_capture_on_commit_callbacks)
    assert mail.outbox[0].reply_to == [personas["guide_bracke"].email]
    assert not ReplyAddress.objects.exists()
