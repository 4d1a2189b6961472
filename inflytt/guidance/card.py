"""The card's mail panel: the capture address a guide BCCs from their own mail program."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest

from inflytt.contacts.models import Contact


def mail_panel(request: HttpRequest, contact: Contact) -> tuple[str, dict[str, Any]] | None:
    if not request.user.may_see_people:  # type: ignore[union-attr]
        return None
    # No query: the card's query count is pinned (the mail received opens from its activity).
    if not settings.INFLYTT_CAPTURE_ADDRESS:
        return None
    return "guidance/_card_mail.html", {"capture_address": settings.INFLYTT_CAPTURE_ADDRESS}
