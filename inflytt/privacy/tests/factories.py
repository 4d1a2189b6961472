"""A person with a row in every table that can hold something about them."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.utils import timezone

from inflytt.contacts.models import Activity, Consent, Contact, MagazineOrder, NewsletterSubscription
from inflytt.contacts.tests.factories import contact


def person(
    *,
    at: datetime | None = None,
    subscribed: bool = False,
    municipalities: tuple[str, ...] = ("bracke",),
    **data: object,
) -> Contact:
    """A contact whose every activity happened at `at` (default: now): registration, a call, a
    consent per purpose, a magazine order, and (subscribed=True) a confirmed newsletter subscription."""
    at = at or timezone.now()
    fields = {"first_name": "Östen", "message": "Finns det förskoleplats i Bräcke?", **data}
    card = contact(municipalities=municipalities, interests=("job", "housing"), registered_at=at, **fields)
    Activity.objects.create(contact=card, kind=Activity.Kind.CALL, body="Ringde om boende", occurred_at=at)
    for purpose in Consent.Purpose.values:
        Consent.objects.create(contact=card, purpose=purpose, text_version="1-sv-test", text="Text", given_at=at)
    MagazineOrder.objects.create(
        contact=card, street="Storgatan 1", postal_code="84331", city="Bräcke", ordered_at=at, sent_at=at
    )
    if subscribed:
        NewsletterSubscription.objects.create(contact=card, created_at=at, confirmed_at=at + timedelta(minutes=5))
    return card
