"""The networks on the contact card: a link to the person's networks page, which shows the
suggestions, introductions and hires. The card itself stays within its query budget
(docs/requirements.md, Performance: at most 10 queries), so the panel adds none."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from inflytt.contacts.models import Contact


def networks_panel(request: HttpRequest, contact: Contact) -> tuple[str, dict[str, Any]] | None:
    if not request.user.may_see_people:  # type: ignore[union-attr]
        return None
    return "networks/_card_link.html", {}
