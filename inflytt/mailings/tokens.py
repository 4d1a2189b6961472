"""Signed personal links: unsubscribe and RSVP. Each has its own salt and names the purpose
it is for, so a link made for one person and one purpose is worthless for anything else
(docs/security.md). Only ids go in: a link carries no personal data.

Both expire (links.unsubscribe_link_days, links.rsvp_link_days, counted from when the mail was
made). An expired link is still told apart from a forged one: its page offers a fresh link by
mail instead of a dead end. An unsubscribe link is bound to the subscription it was sent for
(its id and the time of that opt-in), so it can end that subscription and no other: not one the
person started again later, and not another person's."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.core import signing

from inflytt.mailings import links

UNSUBSCRIBE_SALT = "inflytt.mailings.unsubscribe"
RSVP_SALT = "inflytt.mailings.rsvp"
MAX_TOKEN = 300
DAY = 24 * 3600


@dataclass(frozen=True)
class Unsubscribe:
    contact_id: int
    subscription_id: int
    subscribed_at: float  # the opt-in the link was made for (NewsletterSubscription.created_at)
    purpose: str
    mailing_id: int | None
    expired: bool = False

    def is_for(self, subscription: Any) -> bool:
        """True when `subscription` is the very one this link was sent for."""
        return (
            subscription is not None
            and subscription.pk == self.subscription_id
            and subscription.contact_id == self.contact_id
            and abs(subscription.created_at.timestamp() - self.subscribed_at) < 0.001
        )


@dataclass(frozen=True)
class RSVP:
    event_id: int
    contact_id: int
    expired: bool = False


def _load(token: str, *, salt: str, days: int) -> tuple[Any, bool] | None:
    """(value, expired) of a token signed by us, None for anything else."""
    token = token[:MAX_TOKEN]
    try:
        value = signing.loads(token, salt=salt)
    except signing.BadSignature:
        return None
    try:
        signing.loads(token, salt=salt, max_age=days * DAY)
    except signing.SignatureExpired:
        return value, True
    return value, False


def unsubscribe_token(
    *, contact_id: int, subscription_id: int, subscribed_at: datetime, purpose: str, mailing_id: int | None = None
) -> str:
    return signing.dumps(
        {"c": contact_id, "s": subscription_id, "t": subscribed_at.timestamp(), "p": purpose, "m": mailing_id},
        salt=UNSUBSCRIBE_SALT,
    )


def read_unsubscribe_token(token: str, *, purpose: str) -> Unsubscribe | None:
    loaded = _load(token, salt=UNSUBSCRIBE_SALT, days=links.unsubscribe_link_days())
    if loaded is None:
        return None
    value, expired = loaded
    try:
        result = Unsubscribe(
            contact_id=int(value["c"]),
            subscription_id=int(value["s"]),
            subscribed_at=float(value["t"]),
            purpose=str(value["p"]),
            mailing_id=int(value["m"]) if value["m"] else None,
            expired=expired,
        )
    except (KeyError, TypeError, ValueError):
        return None
    return result if result.purpose == purpose else None


def rsvp_token(*, event_id: int, contact_id: int) -> str:
    """Answering also closes when the event starts (checked where the link is read)."""
    return signing.dumps({"e": event_id, "c": contact_id, "p": "rsvp"}, salt=RSVP_SALT)


def read_rsvp_token(token: str) -> RSVP | None:
    loaded = _load(token, salt=RSVP_SALT, days=links.rsvp_link_days())
    if loaded is None:
        return None
    value, expired = loaded
    try:
        if value["p"] != "rsvp":
            return None
        return RSVP(event_id=int(value["e"]), contact_id=int(value["c"]), expired=expired)
    except (KeyError, TypeError, ValueError):
        return None
