"""Signed personal links: unsubscribe and RSVP. Each has its own salt and names the purpose
it is for, so a link made for one person and one purpose is worthless for anything else
(SECURITY.md). Only ids go in: a link carries no personal data."""

from __future__ import annotations

from dataclasses import dataclass

from django.core import signing

UNSUBSCRIBE_SALT = "inflytt.mailings.unsubscribe"
RSVP_SALT = "inflytt.mailings.rsvp"
MAX_TOKEN = 300


@dataclass(frozen=True)
class Unsubscribe:
    contact_id: int
    purpose: str
    mailing_id: int | None


def unsubscribe_token(*, contact_id: int, purpose: str, mailing_id: int | None = None) -> str:
    """No expiry on purpose: a newsletter stays in an inbox for years, and withdrawing consent
    must stay as easy as giving it (GDPR art. 7.3)."""
    return signing.dumps({"c": contact_id, "p": purpose, "m": mailing_id}, salt=UNSUBSCRIBE_SALT)


def read_unsubscribe_token(token: str, *, purpose: str) -> Unsubscribe | None:
    try:
        value = signing.loads(token[:MAX_TOKEN], salt=UNSUBSCRIBE_SALT)
        result = Unsubscribe(
            contact_id=int(value["c"]), purpose=str(value["p"]), mailing_id=int(value["m"]) if value["m"] else None
        )
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        return None
    return result if result.purpose == purpose else None


def rsvp_token(*, event_id: int, contact_id: int) -> str:
    """Answering closes when the event starts (checked where the link is read)."""
    return signing.dumps({"e": event_id, "c": contact_id, "p": "rsvp"}, salt=RSVP_SALT)


def read_rsvp_token(token: str) -> tuple[int, int] | None:
    try:
        value = signing.loads(token[:MAX_TOKEN], salt=RSVP_SALT)
        if value["p"] != "rsvp":
            return None
        return int(value["e"]), int(value["c"])
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        return None
