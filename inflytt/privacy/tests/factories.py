"""A person with a row in every table that can hold something about them."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import TypeVar

from django.db import models, transaction
from django.utils import timezone

from inflytt.contacts.models import Activity, Consent, Contact, MagazineOrder, NewsletterSubscription
from inflytt.contacts.tests.factories import contact

_M = TypeVar("_M", bound=models.Model)


def person(
    *,
    at: datetime | None = None,
    subscribed: bool = False,
    municipalities: tuple[str, ...] = ("bracke",),
    street: str = "Storgatan 1",
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
        contact=card, street=street, postal_code="84331", city="Bräcke", ordered_at=at, sent_at=at
    )
    if subscribed:
        NewsletterSubscription.objects.create(contact=card, created_at=at, confirmed_at=at + timedelta(minutes=5))
    return card


def _value_for(field: models.Field, depth: int) -> object:
    if field.is_relation:
        related = field.related_model
        existing = related._default_manager.first()
        return existing if existing is not None else auto_instance(related, depth=depth + 1)  # type: ignore[arg-type]
    if field.choices:
        return field.choices[0][0]
    if isinstance(field, models.EmailField):
        return "auto@example.se"
    if isinstance(field, (models.CharField, models.TextField, models.SlugField)):
        return "auto"
    if isinstance(field, (models.IntegerField, models.DecimalField, models.FloatField)):
        return 1
    if isinstance(field, models.DateTimeField):
        return timezone.now()
    if isinstance(field, models.DateField):
        return timezone.localdate()
    if isinstance(field, models.BooleanField):
        return False
    if isinstance(field, models.JSONField):
        return {}
    raise ValueError(field)


def auto_instance(model: type[_M], *, depth: int = 0, **values: object) -> _M:
    """A row of any model with its required fields filled in, for the walks over every model
    (a model added later gets a row without a factory of its own)."""
    if depth > 3:
        raise ValueError(model)
    for field in model._meta.concrete_fields:
        if field.name in values or field.attname in values or field.primary_key:
            continue
        if (
            field.has_default()
            or field.null
            or getattr(field, "auto_now", False)
            or getattr(field, "auto_now_add", False)
        ):
            continue
        values[field.name] = _value_for(field, depth)
    with transaction.atomic():
        return model._default_manager.create(**values)


# A marker of state (the card was reduced), not data about the person: never made up.
NOT_AUTO = {"privacy.NewsletterOnly"}


def rows_in_every_related_model(card: Contact) -> list[str]:
    """Give the contact a row in each model that refers to it but has none yet; return the labels
    of the models that could not be filled in automatically."""
    from inflytt.privacy.selectors import contact_relations

    missing = []
    for rel in contact_relations():
        if rel.many_to_many or rel.related_model._meta.label in NOT_AUTO:
            continue
        if rel.related_model._default_manager.filter(**{rel.field.name: card}).exists():
            continue
        try:
            auto_instance(rel.related_model, **{rel.field.name: card})  # type: ignore[arg-type]
        except Exception:  # noqa: BLE001 - reported to the caller
            missing.append(rel.related_model._meta.label)
    return missing
