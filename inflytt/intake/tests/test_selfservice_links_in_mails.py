"""Issue 10: every mail Inflytt sends to a person carries their own "Mina uppgifter" link."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from inflytt.contacts.tests.factories import contact as make_contact
from inflytt.guidance.services import send_contact_email
from inflytt.intake.tests.test_register_contact import register

pytestmark = pytest.mark.django_db

LINK = re.compile(r"https?://[^/\s\"]+(/(?:sv|en)/me/[^/\s\"]+/)")


def opens_the_page_of(text: str, email: str) -> bool:
    match = LINK.search(text)
    assert match, text
    page = Client().get(match.group(1))
    return page.status_code == 200 and email in page.text


def test_receipt_and_newsletter_confirmation_carry_the_link(parties, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        register(parties, wants_newsletter=True, email="ny@example.se")
    to_person = [message for message in mailoutbox if message.to == ["ny@example.se"]]
    assert len(to_person) == 2
    for message in to_person:
        assert opens_the_page_of(message.body, "ny@example.se"), message.subject


def test_a_guides_mail_from_the_card_carries_the_link(
    parties, personas, mailoutbox, django_capture_on_commit_callbacks
):
    person = make_contact(email="kort@example.se", municipalities=("bracke",))
    with django_capture_on_commit_callbacks(execute=True):
        send_contact_email(contact=person, subject="Hej", body="Välkommen!", acting_user=personas["guide_bracke"])
    message = next(message for message in mailoutbox if message.to == ["kort@example.se"])
    assert message.body.startswith("Välkommen!")
    assert opens_the_page_of(message.body, "kort@example.se")
