"""Reads of the public intake."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import QuerySet

from inflytt.contacts.models import Consent, Contact, MagazineOrder, NewsletterSubscription
from inflytt.intake.models import ApiToken, SentForm, sent_form_key


@dataclass(frozen=True)
class OwnData:
    """What the person's own page shows as stored about them (beyond the fields of the form)."""

    contact: Contact
    municipalities: list[str]
    interests: list[str]
    newsletter: NewsletterSubscription | None
    magazine_orders: list[MagazineOrder]
    consents: list[Consent]


def own_data(contact: Contact) -> OwnData:
    return OwnData(
        contact=contact,
        municipalities=[row.party.name for row in contact.municipality_rows.select_related("party")],
        interests=[row.get_interest_display() for row in contact.interest_rows.all()],
        newsletter=NewsletterSubscription.objects.filter(contact=contact).first(),
        magazine_orders=list(contact.magazine_orders.order_by("-ordered_at", "-id")[:10]),
        consents=list(contact.consents.order_by("-given_at", "-id")[:20]),
    )


def api_tokens() -> QuerySet[ApiToken]:
    """The coordinator's list of API tokens, by party, newest first, with who issued each."""
    return ApiToken.objects.select_related("party", "created_by").order_by("party__name", "-created_at")


def sent_form_thanks(nonce: str) -> str | None:
    """The thank-you token kept by the first sending of the form with this nonce (None: not sent)."""
    return SentForm.objects.filter(key=sent_form_key(nonce)).values_list("thanks", flat=True).first()
