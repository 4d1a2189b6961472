"""Writes of the public intake: a registration from the form or the API, and API tokens.

The form view and the API endpoint both call `register_contact`; nothing is written twice.
"""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, TypedDict

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from inflytt.accounts.models import User
from inflytt.audit.models import AuditEvent
from inflytt.audit.services import record_event
from inflytt.contacts.events import system_event
from inflytt.contacts.models import (
    Activity,
    Consent,
    Contact,
    ContactInterest,
    ContactMunicipality,
    MagazineOrder,
    NewsletterSubscription,
)
from inflytt.contacts.services import EMAIL_TAKEN, create_contact, save_if_unchanged
from inflytt.guidance.workdays import first_response_due
from inflytt.intake import tasks
from inflytt.intake.models import TOKEN_PREFIX, ApiToken, hash_token
from inflytt.intake.privacy import general_paragraphs, notice
from inflytt.lib.text import normalise_email, normalise_phone
from inflytt.parties.models import Party

# The person's own fields a registration writes onto a new card (and fills in on an existing one).
PERSON_FIELDS = (
    "first_name",
    "last_name",
    "email",
    "phone",
    "preferred_channel",
    "language",
    "current_city",
    "current_country",
    "adults",
    "children",
    "occupation",
    "message",
    "utm_source",
    "utm_medium",
    "utm_campaign",
)
# On a merge these are filled in only when the card has none: a guide may have corrected them.
FILL_IF_BLANK = ("last_name", "phone", "current_city", "occupation")
# The latest answer wins: how and in which language the person wants to be contacted now.
LATEST_WINS = ("preferred_channel", "language")
REOPENED_STATUSES = (Contact.Status.NOT_MOVING, Contact.Status.PAUSED)


class PostalAddress(TypedDict):
    street: str
    postal_code: str
    city: str
    country: str


class RegistrationData(TypedDict, total=False):
    """A validated registration (RegistrationForm.registration_data() or the API's form)."""

    first_name: str
    last_name: str
    email: str
    phone: str
    preferred_channel: str
    language: str
    municipalities: Sequence[Party]
    adults: int
    children: int
    current_city: str
    current_country: str
    occupation: str
    interests: Sequence[str]
    message: str
    wants_guidance: bool
    wants_magazine: bool
    postal_address: PostalAddress | None
    wants_newsletter: bool
    utm_source: str
    utm_medium: str
    utm_campaign: str


@dataclass(frozen=True)
class Registration:
    contact: Contact
    created: bool
    reopened: bool
    # What the thank-you page and the receipt tell the person.
    assigned_party: Party
    preferred_channel: str
    first_response_due: date | None


@transaction.atomic
def register_contact(
    *,
    data: RegistrationData,
    source: str,
    source_party: Party | None = None,
    form_label: str,
    acting_user: User | None = None,
) -> Registration:
    """Record a registration: a new card, or the new submission merged into the existing one.

    Rules:
    - Routing (seeds/000 Bilaga 3, "Varje kommun ansvarar för att återkoppla till de personer som
      registrerar sig i CRM-systemet för flyttvägledning"; Bilaga 4, "Regionen ansvarar för att
      uppdatera de som inte valt specifik kommun"): the first municipality chosen handles the
      contact, the region handles the undecided (contacts.services.create_contact).
    - First response (seeds/000 Bilaga 4): "En person som tar kontakt för flyttvägledning ska ha
      fått en första återkoppling inom fem arbetsdagar." Only a request for guidance starts the clock.
    - One person, one card: the same email (trimmed, case-insensitive) never makes a second card.
      The submission is added to the existing card as an activity, new interests and
      municipalities are merged, and a `not_moving` or `paused` contact is reopened. The database's
      unique constraint decides a race: the loser's insert fails inside a savepoint and its
      submission is merged into the winner's card.
    - Consent is stored per purpose with the exact text and version shown and the form it came
      from; the newsletter needs double opt-in ("De som prenumererar på nyhetsbrev får ligga kvar
      tills de tar bort sig själva": confirmed_at until unsubscribed_at).
    Mails (receipt, newsletter confirmation, the guides' notice) are queued after commit.
    """
    email = normalise_email(data.get("email", ""))
    contact = _existing(email)
    created = contact is None
    reopened = False
    if contact is None:
        try:
            with transaction.atomic():
                contact = _create(data=data, source=source, source_party=source_party, acting_user=acting_user)
        except (IntegrityError, ValidationError) as error:
            # Someone registered the same email between our look-up and our insert.
            if isinstance(error, ValidationError) and EMAIL_TAKEN not in error.message_dict.get("email", []):
                raise
            contact = _existing(email)
            if contact is None:
                raise
            created = False
    if not created:
        reopened = _merge(contact=contact, data=data)
    _record_submission(contact=contact, data=data, form_label=form_label, created=created, reopened=reopened)
    subscription = _subscribe(contact=contact, data=data, new=created) if data.get("wants_newsletter") else None
    if data.get("wants_magazine") and data.get("postal_address"):
        _order_magazine(contact=contact, address=data["postal_address"])  # type: ignore[arg-type]
    _store_consents(contact=contact, data=data, form_label=form_label)
    if not created:  # create_contact wrote the audit row of a new card
        record_event(
            action=AuditEvent.Action.EDIT,
            actor=acting_user,
            contact_id=contact.pk,
            obj=contact,
            detail={"registration": source, "merged": True, "reopened": reopened},
        )
    _queue_mails(contact=contact, data=data, subscription=subscription)
    return Registration(
        contact=contact,
        created=created,
        reopened=reopened,
        assigned_party=contact.assigned_party,
        preferred_channel=contact.preferred_channel,
        first_response_due=contact.first_response_due if data.get("wants_guidance") else None,
    )


def _existing(email: str) -> Contact | None:
    if not email:
        return None
    return Contact.objects.select_for_update().select_related("assigned_party").filter(email_normalised=email).first()


def _create(*, data: RegistrationData, source: str, source_party: Party | None, acting_user: User | None) -> Contact:
    fields = {name: data[name] for name in PERSON_FIELDS if name in data}  # type: ignore[literal-required]
    fields["email"] = fields.get("email", "").strip()
    contact = create_contact(
        data={**fields, "source_party": source_party},
        municipalities=list(data.get("municipalities") or ()),
        interests=list(data.get("interests") or ()),
        source=source,
        acting_user=acting_user,
    )
    if not data.get("wants_guidance"):
        # A magazine order or a subscription alone asks for no answer: no first-response clock.
        Contact.objects.filter(pk=contact.pk).update(first_response_due=None)
        contact.first_response_due = None
    return contact


def _merge(*, contact: Contact, data: RegistrationData) -> bool:
    """Add a new submission to an existing card; returns True when the card was reopened."""
    changes: dict[str, Any] = {}
    for name in FILL_IF_BLANK:
        value = data.get(name)
        if value and not getattr(contact, name):
            changes[name] = normalise_phone(value) if name == "phone" else value  # type: ignore[arg-type]
    for name in LATEST_WINS:
        if data.get(name) and data[name] != getattr(contact, name):  # type: ignore[literal-required]
            changes[name] = data[name]  # type: ignore[literal-required]
    now = timezone.now()
    reopened = contact.status in REOPENED_STATUSES
    if reopened:
        changes["status"] = Contact.Status.NEW
        with translation.override(settings.LANGUAGE_CODE):
            body = _("Reopened: the person registered again.")
        Activity.objects.create(
            contact=contact,
            kind=Activity.Kind.STATUS_CHANGE,
            subject=f"{contact.status} -> {Contact.Status.NEW}",
            body=body,
        )
    asks_again = reopened or (contact.first_response_at is None and contact.first_response_due is None)
    if data.get("wants_guidance") and asks_again:
        changes["first_response_due"] = first_response_due(now)
        changes["first_response_at"] = None
    for name, value in changes.items():
        setattr(contact, name, value)
    contact.refresh_derived_fields()
    # Bumps the version: a guide editing the card now gets a conflict rather than losing this merge.
    save_if_unchanged(contact, None, **changes, search_text=contact.search_text, last_activity_at=now)
    _merge_municipalities(contact, data.get("municipalities") or ())
    known = set(contact.interest_rows.values_list("interest", flat=True))
    ContactInterest.objects.bulk_create(
        ContactInterest(contact=contact, interest=interest)
        for interest in dict.fromkeys(data.get("interests") or ())
        if interest not in known
    )
    return reopened


def _merge_municipalities(contact: Contact, parties: Sequence[Party]) -> None:
    rows = ContactMunicipality.objects.filter(contact=contact)
    known = set(rows.values_list("party_id", flat=True))
    new = [party for party in dict.fromkeys(parties) if party.pk not in known]
    if not new:
        return
    start = (rows.aggregate(last=Max("position"))["last"] or 0) + 1 if known else 0
    ContactMunicipality.objects.bulk_create(
        ContactMunicipality(contact=contact, party=party, position=start + index) for index, party in enumerate(new)
    )
    if not known and contact.assigned_party.is_region and contact.status == Contact.Status.NEW:
        # The person was undecided and has now chosen: the municipality takes over (rule 4).
        Contact.objects.filter(pk=contact.pk).update(assigned_party=new[0])
        contact.assigned_party = new[0]


def _record_submission(
    *, contact: Contact, data: RegistrationData, form_label: str, created: bool, reopened: bool
) -> None:
    # Card entries are written once, in the service's default language.
    with translation.override(settings.LANGUAGE_CODE):
        wants = [
            label
            for key, label in (
                ("wants_guidance", _("relocation guidance")),
                ("wants_magazine", _("the magazine")),
                ("wants_newsletter", _("the newsletter")),
            )
            if data.get(key)
        ]
        lines = [_("Asked for: %(what)s.") % {"what": ", ".join(wants) or "-"}]
        if not created:
            lines.insert(0, _("Registered again with the same email address."))
            if data.get("message"):
                lines.append(_("Questions: %(message)s") % {"message": data["message"]})
    subject = form_label[:200]
    if created:
        # create_contact wrote the registration activity; it gets what this submission asked for.
        Activity.objects.filter(contact=contact, kind=Activity.Kind.REGISTRATION).update(
            subject=subject, body="\n".join(lines)
        )
    else:
        Activity.objects.create(
            contact=contact, kind=Activity.Kind.REGISTRATION, subject=subject, body="\n".join(lines)
        )


def _subscribe(*, contact: Contact, data: RegistrationData, new: bool) -> NewsletterSubscription | None:
    """Returns the subscription when a confirmation mail must be sent (not when already confirmed)."""
    language = data.get("language") or contact.language
    if new:
        return NewsletterSubscription.objects.create(contact=contact, language=language)
    subscription, made = NewsletterSubscription.objects.get_or_create(contact=contact, defaults={"language": language})
    if made:
        return subscription
    if subscription.unsubscribed_at is not None:
        # Subscribing again after leaving: a new opt-in, so old links stop working.
        subscription.created_at = timezone.now()
        subscription.confirmed_at = subscription.unsubscribed_at = None
    elif subscription.confirmed_at is not None:
        return None
    subscription.language = language
    subscription.save(update_fields=["created_at", "confirmed_at", "unsubscribed_at", "language"])
    return subscription


def _order_magazine(*, contact: Contact, address: dict[str, str]) -> None:
    pending = MagazineOrder.objects.filter(
        contact=contact, sent_at__isnull=True, street=address["street"], postal_code=address["postal_code"]
    )
    if pending.exists():
        return  # the same order again: one magazine is on its way
    order = MagazineOrder(contact=contact, **address)
    order.full_clean()
    order.save()


def _store_consents(*, contact: Contact, data: RegistrationData, form_label: str) -> None:
    language = data.get("language") or contact.language
    purposes = [
        purpose
        for purpose, key in (
            (Consent.Purpose.GUIDANCE, "wants_guidance"),
            (Consent.Purpose.MAGAZINE, "wants_magazine"),
            (Consent.Purpose.NEWSLETTER, "wants_newsletter"),
        )
        if data.get(key)
    ]
    if not purposes:
        return
    with translation.override(language):
        general = general_paragraphs()  # one look-up of the controller for all purposes
    Consent.objects.bulk_create(
        Consent(
            contact=contact,
            purpose=purpose,
            text_version=(shown := notice(purpose, language, general=general)).version,
            text=shown.text,
            form=form_label[:200],
        )
        for purpose in purposes
    )


def _queue_mails(*, contact: Contact, data: RegistrationData, subscription: NewsletterSubscription | None) -> None:
    """Mails go through the task queue after commit, with ids only (no personal data in task arguments)."""
    contact_id = contact.pk
    guidance, magazine = bool(data.get("wants_guidance")), bool(data.get("wants_magazine"))
    subscription_id = subscription.pk if subscription is not None else None
    transaction.on_commit(lambda: tasks.registration_received(contact_id, guidance, magazine, subscription_id))


# --- Newsletter double opt-in -------------------------------------------------------------------


@transaction.atomic
def confirm_newsletter(*, subscription: NewsletterSubscription) -> bool:
    """Confirm a subscription (double opt-in). Returns False when it was already confirmed."""
    updated = NewsletterSubscription.objects.filter(
        pk=subscription.pk, confirmed_at__isnull=True, unsubscribed_at__isnull=True
    ).update(confirmed_at=timezone.now())
    if updated:
        Activity.objects.create(
            contact_id=subscription.contact_id, kind=Activity.Kind.SYSTEM, **system_event("newsletter_confirmed")
        )
        record_event(
            action=AuditEvent.Action.EDIT,
            contact_id=subscription.contact_id,
            obj=subscription,
            detail={"newsletter": "confirmed"},
        )
    return bool(updated)


# --- API tokens ---------------------------------------------------------------------------------


@transaction.atomic
def issue_api_token(*, party: Party, name: str, acting_user: User | None = None) -> tuple[ApiToken, str]:
    """Make a token for one party; returns the row and the token itself, which is shown once
    and never stored (only its SHA-256)."""
    raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken(party=party, name=name, token_hash=hash_token(raw), prefix=raw[:10], created_by=acting_user)
    token.full_clean()
    token.save()
    record_event(action=AuditEvent.Action.CREATE, actor=acting_user, obj=token, detail={"party": party.slug})
    return token, raw


@transaction.atomic
def revoke_api_token(*, token: ApiToken, acting_user: User | None = None) -> None:
    if token.revoked_at is None:
        ApiToken.objects.filter(pk=token.pk).update(revoked_at=timezone.now())
        record_event(action=AuditEvent.Action.DELETE, actor=acting_user, obj=token, detail={"party": token.party_id})
