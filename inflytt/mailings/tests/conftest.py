"""Fixtures for the mailing tests: subscribers, a draft mailing, and a real SMTP server on
loopback that refuses some recipients the way real servers do (5xx for ever, 4xx for now)."""

from __future__ import annotations

from typing import Any

import pytest
from django.utils import timezone

from inflytt.contacts.models import Contact, NewsletterSubscription
from inflytt.contacts.tests.factories import contact
from inflytt.mailings.models import Mailing, Segment
from inflytt.testing import SmtpInbox, smtp_server_for


def subscriber(*, language: str = "sv", **data: Any) -> Contact:
    person = contact(language=language, **data)
    NewsletterSubscription.objects.create(contact=person, language=language, confirmed_at=timezone.now())
    return person


@pytest.fixture
def make_mailing(personas):
    def make(**fields: Any) -> Mailing:
        values: dict[str, Any] = {
            "name": "Novembernytt",
            "purpose": Mailing.Purpose.NEWSLETTER,
            "subject_sv": "Hej {first_name}!",
            "body_sv": "Välkommen till **{municipality}**.\n\n- Jobb\n- Boende",
            "subject_en": "Hello {first_name}!",
            "body_en": "Welcome to **{municipality}**.",
            "created_by": personas["guide_bracke"],
        }
        values.update(fields)
        return Mailing.objects.create(**values)

    return make


@pytest.fixture
def segment(db) -> Segment:
    return Segment.objects.create(name="Alla", conditions={})


@pytest.fixture
def picky_smtp_server(settings):
    """Like the root `smtp_server`, but an address with "bounce" in it is refused for ever
    (550) and one with "later" for now (451)."""

    class Inbox(SmtpInbox):
        def __init__(self) -> None:
            super().__init__()
            self.refused: list[str] = []
            self.busy = True  # while True, "later" addresses get 451

        async def handle_RCPT(self, server, session, envelope, address, rcpt_options):  # noqa: N802 - aiosmtpd's hook
            if "bounce" in address:
                self.refused.append(address)
                return "550 5.1.1 No such user"
            if "later" in address and self.busy:
                self.refused.append(address)
                return "451 4.7.1 Try again later"
            envelope.rcpt_tos.append(address)
            return "250 OK"

    with smtp_server_for(settings, Inbox()) as inbox:
        yield inbox


def recipients_of(messages: list) -> list[str]:
    return sorted(message["To"] for message in messages)


def parts(message) -> dict[str, str]:
    """{content type: decoded text} of a received mail."""
    found = {}
    for part in message.walk():
        if part.get_content_maintype() == "text":
            found[part.get_content_type()] = part.get_payload(decode=True).decode(part.get_content_charset() or "utf-8")
    return found
