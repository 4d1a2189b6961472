"""Mail that matched no card (issue 13): a guide finds it from the queues, puts it on the right card,
and the card shows it with the capture address to copy. Rule 3 of the service level appendix: all
dialogue is documented on the card."""

from __future__ import annotations

import re

import pytest
from imap_tools import MailMessage
from playwright.sync_api import expect

from inflytt.contacts.models import Activity
from inflytt.guidance import inbound, services
from tests.e2e.helpers import ERROR_SUMMARY, assert_accessible, sign_in_directly, ui

pytestmark = pytest.mark.browser

RAW = """From: =?utf-8?q?=C3=96sten_privat?= <osten.privat@example.org>
To: svar@ta-steget.example
Subject: =?utf-8?q?Fr=C3=A5ga_om_bostad?=
Message-ID: <e2e-1@example.org>
Content-Type: multipart/mixed; boundary="B"

--B
Content-Type: text/plain; charset=utf-8

Hej, det är Östen. Jag skriver från min privata adress.
--B
Content-Type: application/pdf; name="intyg.pdf"
Content-Disposition: attachment; filename="intyg.pdf"
Content-Transfer-Encoding: base64

JVBERi0xLjQK
--B--
"""


def test_a_guide_places_a_mail_on_the_card(page, guide, oesten, live_server, settings):
    settings.INFLYTT_REPLY_ADDRESS = "svar@ta-steget.example"
    settings.INFLYTT_CAPTURE_ADDRESS = "kopia@ta-steget.example"
    parsed = inbound.parse(MailMessage.from_bytes(RAW.replace("\n", "\r\n").encode()))
    assert services.receive_mail(parsed=parsed) == "review"

    sign_in_directly(page, guide, live_server.url)
    page.goto("/guidance/")
    page.get_by_role("link", name=ui("Mail to place (matched no card)")).click()
    expect(page).to_have_url(re.compile("/guidance/inbound/$"))
    assert_accessible(page, "the mail to place")

    page.get_by_role("link", name="Fråga om bostad").click()
    expect(page.get_by_text("Jag skriver från min privata adress.")).to_be_visible()
    assert_accessible(page, "a mail to place")
    page.get_by_role("button", name=ui("Put on the card")).click()
    expect(page.get_by_role("heading", name=ERROR_SUMMARY)).to_be_visible()
    assert_accessible(page, "a mail to place, with an error")

    page.get_by_label(ui("Card number or email address", whole=False)).fill("osten.agren@example.se")
    page.get_by_role("button", name=ui("Put on the card")).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Östen Ågren")
    expect(page.locator(".timeline")).to_contain_text("Jag skriver från min privata adress.")
    expect(page.locator("input.copy-field")).to_have_value("kopia@ta-steget.example")
    assert_accessible(page, "the card with mail received")
    page.get_by_role("link", name=ui("The whole mail and its attachments")).click()
    expect(page.get_by_role("link", name="intyg.pdf")).to_be_visible()
    assert_accessible(page, "the whole mail received")
    assert Activity.objects.get(contact=oesten, kind=Activity.Kind.EMAIL_IN).author is None
