"""Signed values of the public intake. Each has its own salt, so a value made for one purpose
is worthless for another, and each expires."""

from __future__ import annotations

import secrets
import time
from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.core import signing

from inflytt.contacts.models import MagazineOrder, NewsletterSubscription

FORM_SALT = "inflytt.intake.form-started"
THANKS_SALT = "inflytt.intake.thanks"
NEWSLETTER_SALT = "inflytt.intake.newsletter-confirm"
MAGAZINE_SALT = "inflytt.intake.magazine-confirm"


@dataclass(frozen=True)
class FormStarted:
    nonce: str
    elapsed: float


def form_started_token(now: float | None = None) -> str:
    """Put in every rendered form: when it was rendered, and a nonce that makes a re-post harmless."""
    return signing.dumps({"n": secrets.token_urlsafe(12), "t": now if now is not None else time.time()}, salt=FORM_SALT)


def form_restarted_token() -> str:
    """For a form shown again because it came back faster than the minimum fill time (browser
    autofill does that): the person has now seen and checked it, so their next press of Send is
    accepted at once. A script gains nothing it would not get by waiting the minimum time."""
    return form_started_token(now=time.time() - float(settings.INFLYTT_INTAKE_MIN_FILL_SECONDS) - 1)


def read_form_started(token: str) -> FormStarted | None:
    try:
        value = signing.loads(token[:200], salt=FORM_SALT, max_age=settings.INFLYTT_INTAKE_FORM_MAX_AGE_SECONDS)
        return FormStarted(nonce=str(value["n"]), elapsed=time.time() - float(value["t"]))
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        return None


@dataclass(frozen=True)
class Thanks:
    """What the thank-you page says. No personal data: the URL carries it."""

    party_id: int  # the party that will contact the person
    form_party_id: int  # the party whose form it was (whose site may frame the page)
    channel: str
    due: date | None
    guidance: bool
    magazine: bool
    newsletter: bool


def thanks_token(thanks: Thanks) -> str:
    return signing.dumps(
        {
            "p": thanks.party_id,
            "s": thanks.form_party_id,
            "c": thanks.channel,
            "d": thanks.due.isoformat() if thanks.due else "",
            "f": [thanks.guidance, thanks.magazine, thanks.newsletter],
        },
        salt=THANKS_SALT,
    )


def read_thanks(token: str) -> Thanks | None:
    try:
        value = signing.loads(token[:400], salt=THANKS_SALT, max_age=settings.INFLYTT_INTAKE_FORM_MAX_AGE_SECONDS)
        guidance, magazine, newsletter = (bool(flag) for flag in value["f"])
        return Thanks(
            party_id=int(value["p"]),
            form_party_id=int(value["s"]),
            channel=str(value["c"]),
            due=date.fromisoformat(value["d"]) if value["d"] else None,
            guidance=guidance,
            magazine=magazine,
            newsletter=newsletter,
        )
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        return None


def newsletter_token(subscription: NewsletterSubscription) -> str:
    """Bound to one subscription and to this opt-in (its created_at): a new opt-in voids old links."""
    return signing.dumps({"s": subscription.pk, "t": subscription.created_at.timestamp()}, salt=NEWSLETTER_SALT)


def read_newsletter_token(token: str) -> NewsletterSubscription | None:
    max_age = settings.INFLYTT_NEWSLETTER_CONFIRM_DAYS * 24 * 3600
    try:
        value = signing.loads(token[:200], salt=NEWSLETTER_SALT, max_age=max_age)
        subscription = NewsletterSubscription.objects.filter(pk=int(value["s"])).first()
        stamp = float(value["t"])
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        return None
    if subscription is None or abs(subscription.created_at.timestamp() - stamp) > 0.001:
        return None
    return subscription


def magazine_token(order: MagazineOrder) -> str:
    """Bound to one order and to its card's email on file; valid as long as a self-service link."""
    return signing.dumps({"o": order.pk, "e": order.contact.email_normalised}, salt=MAGAZINE_SALT)


def read_magazine_token(token: str) -> MagazineOrder | None:
    max_age = int(settings.INFLYTT_SELFSERVICE_LINK_DAYS) * 24 * 3600
    try:
        value = signing.loads(token[:300], salt=MAGAZINE_SALT, max_age=max_age)
        order_id, email = int(value["o"]), str(value["e"])
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        return None
    order = MagazineOrder.objects.select_related("contact").filter(pk=order_id).first()
    if order is None or order.contact.email_normalised != email:
        return None
    return order
