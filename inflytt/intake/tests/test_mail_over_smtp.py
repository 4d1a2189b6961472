"""The intake's mails through a real SMTP server on loopback (docs/security.md: tests use a real SMTP server)."""

from __future__ import annotations

import socket
from email import message_from_bytes
from email.header import decode_header, make_header

import pytest
from aiosmtpd.controller import Controller
from django.test import Client

from inflytt.intake.tests.helpers import post_form


class Collect:
    def __init__(self) -> None:
        self.messages: list[tuple[list[str], bytes]] = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's hook name
        self.messages.append((list(envelope.rcpt_tos), envelope.original_content or envelope.content))
        return "250 OK"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def smtp(settings):
    handler = Collect()
    controller = Controller(handler, hostname="127.0.0.1", port=free_port())
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", controller.port
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    yield handler
    controller.stop()


@pytest.mark.django_db
def test_receipt_confirmation_and_guide_notice_reach_the_smtp_server(
    smtp, parties, personas, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = post_form(Client(), wants_newsletter="on", municipalities=["bracke"])
    assert response.status_code == 303
    by_recipient = {rcpt[0]: message_from_bytes(raw) for rcpt, raw in smtp.messages}
    assert set(by_recipient) == {"asa.oberg@example.se", personas["guide_bracke"].email}
    subjects = sorted(
        str(make_header(decode_header(message["Subject"])))
        for rcpt, raw in smtp.messages
        for message in [message_from_bytes(raw)]
        if rcpt[0] == "asa.oberg@example.se"
    )
    assert len(subjects) == 2  # the receipt and the newsletter confirmation
    notice = by_recipient[personas["guide_bracke"].email]
    assert "Bräcke" in str(make_header(decode_header(notice["Subject"])))
