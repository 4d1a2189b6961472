"""Helpers for the intake tests: a filled-in form as a person would send it."""

from __future__ import annotations

import time
from typing import Any

from django.test import Client

from inflytt.intake.tokens import form_started_token

ORIGIN = "http://testserver"


def form_data(**overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "first_name": "Åsa",
        "last_name": "Öberg-D'Arcy",
        "email": "asa.oberg@example.se",
        "phone": "070-123 45 67",
        "preferred_channel": "email",
        "current_city": "Göteborg",
        "current_country": "SE",
        "adults": "2",
        "children": "1",
        "occupation": "Sjuksköterska",
        "interests": ["job", "housing"],
        "municipalities": ["bracke", "are"],
        "message": "Finns det förskoleplatser?",
        "wants_guidance": "on",
        "consent": "on",
        # A form rendered a minute ago: a person's pace, not a script's.
        "started": form_started_token(now=time.time() - 60),
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def post_form(client: Client, path: str = "/sv/form/bracke/", origin: str | None = ORIGIN, **overrides: Any):
    headers: dict[str, Any] = {"HTTP_ORIGIN": origin} if origin else {}
    return client.post(path, form_data(**overrides), **headers)
