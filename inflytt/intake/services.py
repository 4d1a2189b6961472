"""Writes of the public intake: a registration from the form or the API, and API tokens.

The form view and the API endpoint both call `register_contact`; nothing is written twice.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, TypedDict

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Field, Max
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from inflytt.accounts.models import User
from inflytt.audit.models import AuditEvent
from inflytt.audit.services import record_event
from inflytt.contacts import tasks as contact_tasks
from inflytt.contacts.events import system_event
from inflytt.contacts.fields import COMPARED, REGISTERED, SELF_SERVICE
from inflytt.contacts.hooks import newsletter_ended
from inflytt.contacts.models import (
    Activity,
    Consent,
    Contact,
    ContactInterest,
    ContactMunicipality,
    EarlierRequest,
    Interest,
    MagazineOrder,
    NewsletterSubscription,
)
from inflytt.contacts.selectors import contacts_with_email
from inflytt.contacts.services import EMAIL_TAKEN, create_contact, save_if_unchanged
from inflytt.intake import tasks
from inflytt.intake.models import (
    TOKEN_PREFIX,
    ApiToken,
    ApiTokenContact,
    RegistrationMail,
    SentForm,
    hash_token,
    sent_form_key,
)
from inflytt.intake.privacy import general_paragraphs, notice
from inflytt.lib.text import normalise_email, normalise_phone
from inflytt.lib.workdays import first_response_due
from inflytt.parties.models import Party

CLOSED_STATUSES = (Contact.Status.MOVED, Contact.Status.NOT_MOVING, Contact.Status.PAUSED)


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
    # A known person asked for guidance again after an answer or a closed status: a new clock.
    returned: bool
    # What the thank-you page tells the poster. Derived from the submission alone, so the page is
    # the same whether or not the address was known (the receipt, mailed to the address on file,
    # tells the person what the card says).
    assigned_party: Party
    preferred_channel: str
    first_response_due: date | None


@dataclass(frozen=True)
class OncePerForm:
    """The re-post guard of a rendered public form (models.SentForm): the nonce of its signed start
    token, and what to keep for a second sending of it (the thank-you token, made from the
    registration)."""

    nonce: str
    thanks: Callable[[Registration], str]


@transaction.atomic
def register_contact(
    *,
    data: RegistrationData,
    source: str,
    source_party: Party | None = None,
    form_label: str,
    acting_user: User | None = None,
    api_token: ApiToken | None = None,
    region: Party | None = None,
    once: OncePerForm | None = None,
) -> Registration:
    """Record a registration: a new card, or the new submission recorded on the existing one.

    Rules:
    - Routing (the 2025 agreement, Bilaga 3; docs/requirements.md R7): "Varje kommun ansvarar för att
      återkoppla till de personer som registrerar sig i CRM-systemet för flyttvägledning"; Bilaga 4,
      "Regionen ansvarar för att uppdatera de som inte valt specifik kommun": the first municipality chosen handles the
      contact, the region handles the undecided (contacts.services.create_contact).
    - First response (the 2025 agreement, Bilaga 4; docs/requirements.md R1): "En person som tar
      kontakt för flyttvägledning ska ha fått en första återkoppling inom fem arbetsdagar." Only a
      request for guidance starts the clock.
    - One person, one card: the same email (trimmed, case-insensitive) never makes a second card.
      Anyone who knows an address can post the form, so a submission matching a card never
      overwrites it (names, phone, channel, language, address, party, guide, status): it is one
      activity on the card with what was asked for and which values differ; municipalities and
      interests are only added; a magazine order to another address waits until the person
      confirms it through a link mailed to the address on file. A known person who was answered
      (or marked moved / not moving / paused) and asks for guidance again goes back into the
      handling party's unanswered queue with a new clock from now; the earlier request is kept
      (EarlierRequest) for the history and the service-level figures. The database's unique
      constraint decides a race: the loser's insert fails inside a savepoint and its submission
      is recorded on the winner's card.
    - Consent is stored per purpose with the exact text and version shown and the form it came
      from; the newsletter needs double opt-in ("De som prenumererar på nyhetsbrev får ligga kvar
      tills de tar bort sig själva": confirmed_at until unsubscribed_at).
    Mails (receipt with the person's self-service link, newsletter confirmation, magazine
    confirmation, the guides' notice) are queued after commit.

    `region`: the region party when the caller has read it (the views read the active parties once).

    `once`: the form's re-post guard, written last in this transaction: a second sending of the same
    form raises IntegrityError on its key, and everything it wrote is rolled back with it; the caller
    answers with the first sending's thank-you page (selectors.sent_form_thanks).

    The insert comes first and the unique index on the email decides (issue 16: most registrations
    are new people, so no look-up before it): a known address fails the insert inside
    create_contact's savepoint, and the card is then read and locked (select_for_update).
    """
    email = normalise_email(data.get("email", ""))
    created = True
    returned = False
    pending_order: MagazineOrder | None = None
    try:
        # create_contact is atomic: a known address rolls back its savepoint, not this transaction.
        contact = _create(
            data=data,
            source=source,
            source_party=source_party,
            acting_user=acting_user,
            form_label=form_label,
            region=region,
        )
    except (IntegrityError, ValidationError) as error:
        # The address has a card (registered before, or by a racing request just now).
        if isinstance(error, ValidationError) and str(EMAIL_TAKEN) not in error.message_dict.get("email", []):
            raise
        existing = _existing(email)
        if existing is None:
            raise
        contact, created = existing, False
    if created:
        if api_token is not None:
            ApiTokenContact.objects.create(token=api_token, contact=contact)
        if data.get("wants_magazine") and data.get("postal_address"):
            _order_magazine(contact=contact, address=data["postal_address"], confirmed=True)  # type: ignore[arg-type]
    else:
        returned, pending_order = _record_on_known_card(contact=contact, data=data, form_label=form_label)
    subscription = _subscribe(contact=contact, data=data, new=created) if data.get("wants_newsletter") else None
    _store_consents(contact=contact, data=data, form_label=form_label, region=region)
    if not created:  # create_contact wrote the audit row of a new card
        record_event(
            action=AuditEvent.Action.EDIT,
            actor=acting_user,
            contact_id=contact.pk,
            obj=contact,
            detail={"registration": source, "merged": True, "returned": returned},
        )
    _queue_mails(
        contact=contact,
        data=data,
        subscription=subscription,
        known=not created,
        returned=returned,
        pending_order=pending_order,
    )
    municipalities = list(data.get("municipalities") or ())
    registration = Registration(
        contact=contact,
        created=created,
        returned=returned,
        assigned_party=contact.assigned_party
        if created
        else (municipalities[0] if municipalities else region or _region()),
        preferred_channel=data.get("preferred_channel") or contact.preferred_channel,
        first_response_due=first_response_due(timezone.now()) if data.get("wants_guidance") else None,
    )
    if once is not None:
        SentForm.objects.create(key=sent_form_key(once.nonce), thanks=once.thanks(registration))
    return registration


def _region() -> Party:
    return Party.objects.get(slug="region")


def _existing(email: str) -> Contact | None:
    return contacts_with_email(email).select_for_update().select_related("assigned_party").first()


def _create(
    *,
    data: RegistrationData,
    source: str,
    source_party: Party | None,
    acting_user: User | None,
    form_label: str,
    region: Party | None,
) -> Contact:
    fields = {name: data[name] for name in REGISTERED if name in data}  # type: ignore[literal-required]
    fields["email"] = fields.get("email", "").strip()
    with translation.override(settings.LANGUAGE_CODE):  # card entries are written once, in Swedish
        asked = _("Asked for: %(what)s.") % {"what": _asked_for(data)}
    return create_contact(
        data={**fields, "source_party": source_party},
        municipalities=list(data.get("municipalities") or ()),
        interests=list(data.get("interests") or ()),
        source=source,
        acting_user=acting_user,
        # A magazine order or a subscription alone asks for no answer: no first-response clock.
        starts_clock=bool(data.get("wants_guidance")),
        activity_subject=form_label,
        activity_body=asked,
        # No look-up first: a known address fails on the unique index and register_contact
        # records the submission on that card.
        email_checked=True,
        region=region,
        check_duplicates=False,  # registration_received compares the new card (_queue_mails)
    )


def _record_on_known_card(
    *, contact: Contact, data: RegistrationData, form_label: str
) -> tuple[bool, MagazineOrder | None]:
    """Record a submission for an existing card without overwriting it (see register_contact).
    Returns whether the person returned for guidance, and a magazine order awaiting confirmation."""
    now = timezone.now()
    with translation.override(settings.LANGUAGE_CODE):  # card entries are written once, in Swedish
        lines = [_("Registered again with the same email address. Nothing on the card was changed.")]
        lines.append(_("Asked for: %(what)s.") % {"what": _asked_for(data)})
        lines.extend(_differences(contact, data))
        added = _add_municipalities(contact, data.get("municipalities") or ())
        if added:
            lines.append(_("Municipalities added: %(names)s.") % {"names": ", ".join(party.name for party in added)})
        interests = _add_interests(contact, data.get("interests") or ())
        if interests:
            labels = ", ".join(str(Interest(value).label) for value in interests)
            lines.append(_("Interests added: %(names)s.") % {"names": labels})
        pending = None
        if data.get("wants_magazine") and data.get("postal_address"):
            pending = _order_magazine(contact=contact, address=data["postal_address"], confirmed=False)  # type: ignore[arg-type]
            if pending is not None and pending.confirmed_at is None:
                lines.append(
                    _("The magazine to %(address)s waits until the person confirms it by the link mailed to them.")
                    % {"address": f"{pending.street}, {pending.postal_code} {pending.city}"}
                )
        returned = bool(data.get("wants_guidance")) and _asks_again(contact)
        changes: dict[str, Any] = {"last_activity_at": now}
        if returned:
            earlier = _archive_request(contact)
            due = first_response_due(now)
            changes.update(requested_again_at=now, first_response_due=due, first_response_at=None)
            lines.append(
                _("Asked for guidance again: back in the unanswered queue, first response due %(due)s.")
                % {"due": due.isoformat()}
            )
            if earlier is not None and earlier.first_response_at is not None:
                lines.append(
                    _("The earlier request (%(requested)s) was answered on %(answered)s.")
                    % {
                        "requested": timezone.localdate(earlier.requested_at).isoformat(),
                        "answered": timezone.localdate(earlier.first_response_at).isoformat(),
                    }
                )
        if data.get("message"):
            lines.append(_("Questions: %(message)s") % {"message": data["message"]})
    Activity.objects.create(
        contact=contact, kind=Activity.Kind.REGISTRATION, subject=form_label[:200], body="\n".join(lines)
    )
    # Bumps the version: a guide editing the card now gets a conflict rather than a stale save.
    save_if_unchanged(contact, None, **changes)
    return returned, pending if pending is not None and pending.confirmed_at is None else None


def _asked_for(data: RegistrationData) -> str:
    wants = [
        label
        for key, label in (
            ("wants_guidance", _("relocation guidance")),
            ("wants_magazine", _("the magazine")),
            ("wants_newsletter", _("the newsletter")),
        )
        if data.get(key)
    ]
    return ", ".join(wants) or "-"


def _differences(contact: Contact, data: RegistrationData) -> list[str]:
    """One line per value the submission gives differently from the card."""
    lines = []
    for name in COMPARED:  # the person's fields less the email matched on and the questions
        given = data.get(name)
        if given in (None, ""):
            continue
        if name == "phone":
            given = normalise_phone(str(given))
        stored = getattr(contact, name)
        if str(given) != str(stored):
            # COMPARED holds the card's own fields, never a reverse relation (get_field may return one).
            field: Field[Any, Any] = Contact._meta.get_field(name)  # type: ignore[assignment]
            shown = dict(field.choices or ()).get
            lines.append(
                _("%(field)s differs: the card has %(stored)s, the form gave %(given)s.")
                % {
                    "field": str(field.verbose_name).capitalize(),
                    "stored": f"«{shown(stored, stored) if field.choices else stored}»" if stored != "" else "-",
                    "given": f"«{shown(given, given) if field.choices else given}»",
                }
            )
    return lines


def _asks_again(contact: Contact) -> bool:
    """Guidance asked for after the earlier request was answered or closed (or never asked)."""
    return (
        contact.first_response_at is not None or contact.first_response_due is None or contact.status in CLOSED_STATUSES
    )


def _archive_request(contact: Contact) -> EarlierRequest | None:
    if contact.first_response_due is None:
        return None  # the earlier registration asked for no guidance: nothing to keep
    return EarlierRequest.objects.create(
        contact=contact,
        requested_at=contact.requested_again_at or contact.registered_at,
        first_response_due=contact.first_response_due,
        first_response_at=contact.first_response_at,
    )


def _add_municipalities(contact: Contact, parties: Sequence[Party]) -> list[Party]:
    """Only added, never removed or reordered; the handling party stays (a transfer is a guide's act)."""
    rows = ContactMunicipality.objects.filter(contact=contact)
    known = set(rows.values_list("party_id", flat=True))
    new = [party for party in dict.fromkeys(parties) if party.pk not in known]
    if new:
        start = (rows.aggregate(last=Max("position"))["last"] or 0) + 1 if known else 0
        ContactMunicipality.objects.bulk_create(
            ContactMunicipality(contact=contact, party=party, position=start + index) for index, party in enumerate(new)
        )
    return new


def _add_interests(contact: Contact, interests: Sequence[str]) -> list[str]:
    known = set(contact.interest_rows.values_list("interest", flat=True))
    new = [interest for interest in dict.fromkeys(interests) if interest not in known]
    ContactInterest.objects.bulk_create(ContactInterest(contact=contact, interest=interest) for interest in new)
    return new


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


def _order_magazine(*, contact: Contact, address: PostalAddress, confirmed: bool) -> MagazineOrder | None:
    """An order to the address on file (the latest order's) is taken at once; to another address
    on a known card it waits for the person's confirmation (`confirmed=False`)."""
    orders = MagazineOrder.objects.filter(contact=contact)
    same = orders.filter(street=address["street"], postal_code=address["postal_code"])
    if same.filter(sent_at__isnull=True).exists():
        return None  # the same order again: one magazine is on its way (or waits for confirmation)
    latest = orders.order_by("-ordered_at", "-id").first()
    on_file = latest is not None and (latest.street, latest.postal_code) == (address["street"], address["postal_code"])
    order = MagazineOrder(contact=contact, **address)
    if not (confirmed or on_file):
        order.confirmed_at = None
    order.full_clean()
    order.save()
    return order


def _store_consents(*, contact: Contact, data: RegistrationData, form_label: str, region: Party | None = None) -> None:
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
        general = general_paragraphs(region=region)  # the controller once for all purposes
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


def _queue_mails(
    *,
    contact: Contact,
    data: RegistrationData,
    subscription: NewsletterSubscription | None,
    known: bool,
    returned: bool,
    pending_order: MagazineOrder | None,
) -> None:
    """Mails go through the task queue after commit, with ids only (no personal data in task arguments).
    The receipt and the guides' notice are owed mails written in this transaction, so a task lost
    from the queue is found by the sweep (tasks.sweep_registration_mails, docs/decisions/0014)."""
    guidance, magazine = bool(data.get("wants_guidance")), bool(data.get("wants_magazine"))
    owed = []
    if guidance or magazine or known:
        owed.append(
            RegistrationMail(
                contact=contact, kind=RegistrationMail.Kind.RECEIPT, guidance=guidance, magazine=magazine, known=known
            )
        )
    if guidance and (not known or returned):
        owed.append(RegistrationMail(contact=contact, kind=RegistrationMail.Kind.GUIDE_NOTICE, returned=returned))
    mail_ids = [mail.pk for mail in RegistrationMail.objects.bulk_create(owed)] if owed else []
    subscription_id = subscription.pk if subscription is not None else None
    order_id = pending_order.pk if pending_order is not None else None
    new_contact_id = None if known else contact.pk
    if mail_ids or subscription_id is not None or order_id is not None or new_contact_id is not None:
        transaction.on_commit(
            lambda: tasks.registration_received(
                mail_ids, subscription_id, order_id=order_id, new_contact_id=new_contact_id
            ),
            robust=True,
        )


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


# --- Magazine confirmation and the person's self-service page ---------------------------------------


@transaction.atomic
def confirm_magazine_order(*, order: MagazineOrder) -> bool:
    """The person confirmed, through the link mailed to the address on file, an order to a new
    address. Returns False when it was already confirmed (or sent)."""
    updated = MagazineOrder.objects.filter(pk=order.pk, confirmed_at__isnull=True, sent_at__isnull=True).update(
        confirmed_at=timezone.now()
    )
    if updated:
        with translation.override(settings.LANGUAGE_CODE):
            subject = _("Magazine order to a new address confirmed by the person")
        Activity.objects.create(contact_id=order.contact_id, kind=Activity.Kind.SYSTEM, subject=subject[:200])
        record_event(
            action=AuditEvent.Action.EDIT, contact_id=order.contact_id, obj=order, detail={"magazine": "confirmed"}
        )
    return bool(updated)


class OwnDetails(TypedDict):
    """What the person may change on their self-service page (SelfServiceForm.own_details())."""

    fields: dict[str, Any]
    municipalities: Sequence[Party]
    interests: Sequence[str]
    wants_newsletter: bool
    postal_address: PostalAddress | None  # None: no magazine


@dataclass(frozen=True)
class OwnUpdate:
    changed: list[str]
    deleted: bool  # the card was kept only for the newsletter, which the person left


@transaction.atomic
def update_own_details(*, contact: Contact, details: OwnDetails) -> OwnUpdate:
    """Save what the person changed on their "Mina uppgifter" page (reached by the personal link
    mailed to the address on file). Logged on the card as made by the person. The handling party,
    guide and status are not theirs to change. Leaving the newsletter goes through
    the handler privacy registers in contacts.hooks: a card kept only for the newsletter is then deleted ("De som
    prenumererar på nyhetsbrev får ligga kvar tills de tar bort sig själva", the 2025 agreement,
    Bilaga 4; docs/requirements.md R5)."""
    before_municipalities = list(contact.municipality_rows.values_list("party_id", flat=True))
    before_interests = set(contact.interest_rows.values_list("interest", flat=True))
    changed = [name for name in SELF_SERVICE if details["fields"].get(name) != getattr(contact, name)]
    for name in changed:
        setattr(contact, name, details["fields"][name])
    contact.phone = normalise_phone(contact.phone)
    derived = contact.refresh_derived_fields()
    contact.full_clean(validate_constraints=False)
    save_if_unchanged(contact, None, **{name: getattr(contact, name) for name in changed}, **derived)
    parties = list(dict.fromkeys(details["municipalities"]))
    if [party.pk for party in parties] != before_municipalities:
        ContactMunicipality.objects.filter(contact=contact).delete()
        ContactMunicipality.objects.bulk_create(
            ContactMunicipality(contact=contact, party=party, position=index) for index, party in enumerate(parties)
        )
        changed.append("municipalities")
    interests = set(details["interests"])
    if interests != before_interests:
        ContactInterest.objects.filter(contact=contact).exclude(interest__in=interests).delete()
        ContactInterest.objects.bulk_create(
            ContactInterest(contact=contact, interest=interest) for interest in sorted(interests - before_interests)
        )
        changed.append("interests")
    changed += _own_newsletter(contact, details["wants_newsletter"])
    changed += _own_magazine(contact, details["postal_address"])
    if changed:
        with translation.override(settings.LANGUAGE_CODE):
            labels = [_label(name) for name in changed]
            subject = _("The person changed their details on their own page")
            body = _("Changed: %(fields)s.") % {"fields": ", ".join(labels)}
        Activity.objects.create(contact=contact, kind=Activity.Kind.SYSTEM, subject=subject[:200], body=body)
        Contact.objects.filter(pk=contact.pk).update(last_activity_at=timezone.now())
        record_event(
            action=AuditEvent.Action.EDIT,
            contact_id=contact.pk,
            obj=contact,
            detail={"fields": changed, "by": "the person (self-service link)"},
        )
    contact_tasks.check_duplicates_after_commit(contact.pk, changed)
    deleted = "newsletter" in changed and not details["wants_newsletter"] and newsletter_ended(contact=contact)
    return OwnUpdate(changed=changed, deleted=deleted)


def _label(name: str) -> str:
    extra = {"newsletter": _("newsletter"), "magazine": _("magazine"), "municipalities": _("municipalities")}
    if name in extra:
        return str(extra[name])
    if name == "interests":
        return _("interests")
    return str(Contact._meta.get_field(name).verbose_name)  # type: ignore[union-attr]


def _own_newsletter(contact: Contact, wanted: bool) -> list[str]:
    """The link proves the person holds the address on file: no second opt-in mail is needed."""
    subscription = NewsletterSubscription.objects.filter(contact=contact).first()
    active = subscription is not None and subscription.is_active
    if wanted == active:
        return []
    now = timezone.now()
    if wanted:
        NewsletterSubscription.objects.update_or_create(
            contact=contact,
            defaults={"created_at": now, "confirmed_at": now, "unsubscribed_at": None, "language": contact.language},
        )
        _store_consents(
            contact=contact,
            data=RegistrationData(wants_newsletter=True, language=contact.language),
            form_label="self-service",
        )
    else:
        NewsletterSubscription.objects.filter(contact=contact).update(
            unsubscribed_at=now
        )  # consent: see newsletter_ended
    return ["newsletter"]


def _own_magazine(contact: Contact, address: PostalAddress | None) -> list[str]:
    pending = MagazineOrder.objects.filter(contact=contact, sent_at__isnull=True)
    if address is None:
        return ["magazine"] if pending.delete()[0] else []
    if pending.filter(street=address["street"], postal_code=address["postal_code"], city=address["city"]).exists():
        pending.filter(confirmed_at__isnull=True).update(confirmed_at=timezone.now())
        return []
    pending.delete()  # one magazine, to the address the person gives now
    order = MagazineOrder(contact=contact, **address)
    order.full_clean()
    order.save()
    return ["magazine"]


@transaction.atomic
def request_erasure(*, contact: Contact) -> None:
    """The person asked, on their own page, for their data to be erased (GDPR art. 17). Inflytt
    has no erasure-request queue, so the request is recorded for the coordinators on the card and
    in the audit log; a coordinator erases with privacy's "Erase person" after checking."""
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("The person asked for their data to be erased")
        body = _("Asked through their own self-service link. A coordinator should erase the card (Erase person).")
    Activity.objects.create(contact=contact, kind=Activity.Kind.SYSTEM, subject=subject[:200], body=body)
    record_event(
        action=AuditEvent.Action.EDIT,
        contact_id=contact.pk,
        obj=contact,
        detail={"erasure_requested": True, "by": "the person (self-service link)"},
    )


# --- API tokens ---------------------------------------------------------------------------------


@transaction.atomic
def issue_api_token(
    *, party: Party, name: str, acting_user: User | None = None, scope: str = ApiToken.Scope.REGISTRATIONS
) -> tuple[ApiToken, str]:
    """Make a token for one party and scope; returns the row and the token itself, which is shown
    once and never stored (only its SHA-256)."""
    raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken(
        party=party, name=name, scope=scope, token_hash=hash_token(raw), prefix=raw[:10], created_by=acting_user
    )
    token.full_clean()
    token.save()
    detail = {"party": party.slug, "scope": scope}
    record_event(action=AuditEvent.Action.CREATE, actor=acting_user, obj=token, detail=detail)
    return token, raw


@transaction.atomic
def revoke_api_token(*, token: ApiToken, acting_user: User | None = None) -> None:
    if token.revoked_at is None:
        ApiToken.objects.filter(pk=token.pk).update(revoked_at=timezone.now())
        record_event(action=AuditEvent.Action.DELETE, actor=acting_user, obj=token, detail={"party": token.party_id})
