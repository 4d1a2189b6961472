"""Issue 10: every mail to a person, mass mailings and invitations too, carries their own
"Mina uppgifter" link (the helper lives in contacts/selfservice.py)."""

from __future__ import annotations

import pytest

from inflytt.contacts.tests.factories import contact as make_contact
from inflytt.intake.tests.test_selfservice_links_in_mails import opens_the_page_of
from inflytt.mailings import services as mailing_services
from inflytt.mailings.tests.conftest import subscriber

pytestmark = pytest.mark.django_db


def test_a_newsletter_carries_the_link_in_both_parts(
    smtp_server, make_mailing, personas, django_capture_on_commit_callbacks
):
    make_contact(email="first@example.se")  # ids differ between tables
    subscriber(first_name="Anna", email="anna@example.se", language="en")
    with django_capture_on_commit_callbacks(execute=True):
        mailing_services.schedule_mailing(mailing=make_mailing(), acting_user=personas["coordinator"])
    message = smtp_server.messages[0]
    parts = [
        part.get_payload(decode=True).decode(part.get_content_charset() or "utf-8")
        for part in message.walk()
        if part.get_content_type() in ("text/plain", "text/html")
    ]
    assert len(parts) == 2
    for part in parts:
        assert opens_the_page_of(part, "anna@example.se")
