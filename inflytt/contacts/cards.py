"""Panels that higher apps add to the contact card (docs/decisions/0012: a lower app calls a registry
rather than importing a higher one). A panel is a function (request, contact) -> (template,
context) or None when it has nothing to show that user."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.http import HttpRequest

from inflytt.contacts.models import Contact

CardPanel = Callable[[HttpRequest, Contact], "tuple[str, dict[str, Any]] | None"]

_panels: list[CardPanel] = []


def register_card_panel(panel: CardPanel) -> None:
    if panel not in _panels:
        _panels.append(panel)


def card_panels(request: HttpRequest, contact: Contact) -> list[dict[str, Any]]:
    shown = []
    for panel in _panels:
        result = panel(request, contact)
        if result is not None:
            shown.append({"template": result[0], "context": result[1]})
    return shown
