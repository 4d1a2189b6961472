"""The card's mail panel: the capture address to BCC and the attachments of the mail received."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest

from inflytt.contacts.models import Contact
from inflytt.guidance.selectors import card_attachments


def mail_panel(request: HttpRequest, contact: Contact) -> tuple[str, dict[str, Any]] | None:
    if not request.user.may_see_people:  # type: ignore[union-attr]
        return None
    attachments = list(card_attachments(contact=contact))
    if not settings.INFLYTT_CAPTURE_ADDRESS and not attachments:
        return None
    return "guidance/_card_mail.html", {
        "capture_address": settings.INFLYTT_CAPTURE_ADDRESS,
        "attachments": attachments,
    }
