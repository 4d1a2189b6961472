"""Writes on the contact register. Each service is one transaction with its audit row."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from inflytt.accounts.models import User
from inflytt.audit.models import AuditEvent
from inflytt.audit.services import record_event
from inflytt.contacts import tasks
from inflytt.contacts.fields import EDITABLE
from inflytt.contacts.models import Activity, Contact, ContactInterest, ContactMunicipality, SavedView
from inflytt.contacts.selectors import contacts_with_email
from inflytt.lib.text import normalise_phone
from inflytt.lib.workdays import first_response_due
from inflytt.parties.models import Party

EDIT_CONFLICT = _(
    "Someone else saved this contact while you were editing it. Your changes were not saved: "
    "reload the card, check their changes and make yours again."
)

EMAIL_TAKEN = _("Another contact already has this email address.")


class EditConflict(Exception):
    """The card changed since the editor loaded it (optimistic locking)."""


def _validate(contact: Contact, *, exclude: list[str] | None = None, email_checked: bool = False) -> None:
    """full_clean, with the one-card-per-email rule stated in words a guide understands.

    `email_checked`: the caller has just looked the address up in this transaction and handles
    the unique index's IntegrityError itself (the registration), so the look-up is not repeated."""
    contact.phone = normalise_phone(contact.phone)
    contact.refresh_derived_fields()
    contact.full_clean(exclude=exclude, validate_constraints=False)
    if not email_checked and contacts_with_email(contact.email_normalised).exclude(pk=contact.pk).exists():
        raise ValidationError({"email": EMAIL_TAKEN})


def save_if_unchanged(contact: Contact, version: int | None, **changes: Any) -> None:
    """Write `changes` and bump the version if the card is still at `version` (None: no check),
    else raise EditConflict. The one optimistic lock every edit of a card goes through."""
    rows = Contact.objects.filter(pk=contact.pk)
    if version is not None:
        rows = rows.filter(version=version)
    if not rows.update(**changes, version=F("version") + 1, updated_at=timezone.now()):
        raise EditConflict(EDIT_CONFLICT)
    for name, value in changes.items():
        setattr(contact, name, value)
    contact.version = (version if version is not None else contact.version) + 1


def _set_municipalities(contact: Contact, parties: Sequence[Party], *, new: bool = False) -> None:
    if not new:  # a card just inserted has no rows to replace
        ContactMunicipality.objects.filter(contact=contact).delete()
    ContactMunicipality.objects.bulk_create(
        ContactMunicipality(contact=contact, party=party, position=index) for index, party in enumerate(parties)
    )


def _set_interests(contact: Contact, interests: Iterable[str], *, new: bool = False) -> None:
    if not new:
        ContactInterest.objects.filter(contact=contact).delete()
    ContactInterest.objects.bulk_create(
        ContactInterest(contact=contact, interest=interest) for interest in dict.fromkeys(interests)
    )


@transaction.atomic
def create_contact(
    *,
    data: dict[str, Any],
    municipalities: Sequence[Party] = (),
    interests: Iterable[str] = (),
    source: str = Contact.Source.MANUAL,
    acting_user: User | None = None,
    registered_at: datetime | None = None,
    starts_clock: bool = True,
    activity_subject: str = "",
    activity_body: str = "",
    email_checked: bool = False,
    region: Party | None = None,
    check_duplicates: bool = True,
) -> Contact:
    """Create a contact card. Rule 4: the first municipality chosen handles the person, the
    region handles the undecided (the 2025 agreement, Bilaga 3; docs/requirements.md R7).

    `starts_clock=False`: nothing asked for an answer (a magazine order or a subscription alone),
    so no first-response due date. `activity_subject`/`activity_body` go on the registration
    activity. `email_checked`: see _validate. `region`: the region party when the caller has read it.
    `check_duplicates=False`: the caller has the new card compared with the register itself (a
    registration does it from its own task, so the request writes one task to the queue, not two)."""
    contact = Contact(**data, source=source)
    if registered_at is not None:
        contact.registered_at = contact.last_activity_at = registered_at
    contact.assigned_party = municipalities[0] if municipalities else region or Party.objects.get(slug="region")
    contact.first_response_due = first_response_due(contact.registered_at) if starts_clock else None
    # Parties read from the database need no second look-up to prove they exist (the foreign key
    # constraint still holds).
    loaded = [
        name
        for name in ("assigned_party", "source_party")
        if (party := getattr(contact, name)) is not None and party.pk is not None and not party._state.adding
    ]
    _validate(contact, exclude=loaded, email_checked=email_checked)
    contact.save()
    _set_municipalities(contact, municipalities, new=True)
    _set_interests(contact, interests, new=True)
    Activity.objects.create(
        contact=contact,
        kind=Activity.Kind.REGISTRATION,
        author=acting_user,
        party=getattr(acting_user, "party", None),
        occurred_at=contact.registered_at,
        subject=activity_subject[:200],
        body=activity_body,
    )
    record_event(action=AuditEvent.Action.CREATE, actor=acting_user, contact_id=contact.pk, obj=contact)
    if check_duplicates:
        tasks.check_duplicates_after_commit(contact.pk)
    return contact


@transaction.atomic
def update_contact(
    *,
    contact: Contact,
    data: dict[str, Any],
    version: int,
    municipalities: Sequence[Party] | None = None,
    interests: Iterable[str] | None = None,
    acting_user: User,
) -> Contact:
    """Save an edit made from `version` of the card, or raise EditConflict if someone saved
    in between: two guides saving the same card must not silently overwrite each other."""
    changed = [name for name in EDITABLE if name in data and getattr(contact, name) != data[name]]
    for name in changed:
        setattr(contact, name, data[name])
    _validate(contact)
    save_if_unchanged(
        contact,
        version,
        **{name: getattr(contact, name) for name in changed},
        **contact.refresh_derived_fields(),
    )
    if municipalities is not None and list(municipalities) != list(contact.municipalities.all()):
        _set_municipalities(contact, municipalities)
        changed.append("municipalities")
    if interests is not None and set(interests) != set(contact.interest_rows.values_list("interest", flat=True)):
        _set_interests(contact, interests)
        changed.append("interests")
    if changed:
        record_event(
            action=AuditEvent.Action.EDIT,
            actor=acting_user,
            contact_id=contact.pk,
            obj=contact,
            detail={"fields": changed},
        )
        tasks.check_duplicates_after_commit(contact.pk, changed)
    return contact


@transaction.atomic
def add_activity(
    *,
    contact: Contact,
    kind: str,
    body: str = "",
    subject: str = "",
    occurred_at: datetime | None = None,
    follow_up_on: date | None = None,
    acting_user: User | None,
) -> Activity:
    """Document a dialogue on the card (rule 3). The first outgoing contact by a guide meets
    the first-response service level (the 2025 agreement, Bilaga 4; docs/requirements.md); a note alone does not."""
    activity = Activity(
        contact=contact,
        kind=kind,
        body=body,
        subject=subject,
        occurred_at=occurred_at or timezone.now(),
        follow_up_on=follow_up_on,
        author=acting_user,
        party=getattr(acting_user, "party", None),
    )
    activity.full_clean()
    activity.save()
    changes: dict[str, Any] = {"last_activity_at": max(activity.occurred_at, contact.last_activity_at)}
    if kind in Activity.OUTGOING and acting_user is not None and contact.first_response_at is None:
        changes["first_response_at"] = activity.occurred_at
        if contact.status == Contact.Status.NEW:
            changes["status"] = Contact.Status.CONTACTED
    Contact.objects.filter(pk=contact.pk).update(**changes)
    for name, value in changes.items():
        setattr(contact, name, value)
    record_event(
        action=AuditEvent.Action.CREATE,
        actor=acting_user,
        contact_id=contact.pk,
        obj=activity,
        detail={"kind": kind},
    )
    return activity


# Kept in a saved view: the list's filters and sort, never the search words or the page.
UNSAVED_PARAMETERS = ("q", "page")


@transaction.atomic
def save_view(*, owner: User, name: str, query: str, shared: bool) -> SavedView:
    """Save the contact list's current filters and sort under a name (replacing the owner's view
    of the same name), optionally shared with the owner's party."""
    from django.http import QueryDict

    params = QueryDict(query, mutable=True)
    for key in UNSAVED_PARAMETERS:
        params.pop(key, None)
    view, _created = SavedView.objects.update_or_create(
        owner=owner,
        name=name.strip()[:100],
        defaults={"party": owner.party, "query": params.urlencode()[:2000], "shared": shared},
    )
    record_event(action=AuditEvent.Action.CREATE, actor=owner, obj=view, detail={"shared": shared})
    return view


@transaction.atomic
def delete_view(*, view: SavedView, acting_user: User) -> None:
    if view.owner_id != acting_user.pk:
        raise ValidationError(_("Only the person who saved a view can remove it."))
    record_event(action=AuditEvent.Action.DELETE, actor=acting_user, obj=view)
    view.delete()
