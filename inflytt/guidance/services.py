"""Relocation guidance: transfer, assignment, moving status, mail from the card, follow-ups.

Each service is one transaction with its audit row; mail leaves through the task queue after
the commit, so a failed request sends nothing.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from inflytt.accounts.models import Role, User
from inflytt.audit.models import AuditEvent
from inflytt.audit.services import record_event
from inflytt.contacts.events import system_event
from inflytt.contacts.models import Activity, Contact
from inflytt.contacts.services import add_activity, save_if_unchanged
from inflytt.guidance.models import CalendarFeed
from inflytt.lib.text import fill
from inflytt.parties.models import Party

NOTE_REQUIRED = _("Write a note for the receiving party: why the contact is transferred.")
SAME_PARTY = _("The contact is already assigned to this party.")
MOVED_NEEDS = _("Required when the status is “moved”.")
MOVED_IN_FUTURE = _("The move date cannot be in the future.")
NO_EMAIL = _("The contact has no email address. Add one on the card, or call instead.")
NOT_A_GUIDE = _("Choose a guide of the party the contact is assigned to.")


@transaction.atomic
def transfer_contact(*, contact: Contact, to_party: Party, note: str, acting_user: User) -> Activity:
    """Rule 4 (seeds/000 Bilaga 3-4): guides work across municipal borders and transfer a
    contact with a note. A transfer does not restart the first-response clock."""
    if not note.strip():
        raise ValidationError({"note": NOTE_REQUIRED})
    if to_party.pk == contact.assigned_party_id:
        raise ValidationError({"to_party": SAME_PARTY})
    from_party = contact.assigned_party
    save_if_unchanged(contact, None, assigned_party=to_party, assigned_guide=None)
    activity = Activity.objects.create(
        contact=contact,
        kind=Activity.Kind.TRANSFER,
        subject=f"{from_party.name} → {to_party.name}",
        body=note.strip(),
        author=acting_user,
        party=acting_user.party,
    )
    record_event(
        action=AuditEvent.Action.TRANSFER,
        actor=acting_user,
        contact_id=contact.pk,
        obj=contact,
        detail={"from": from_party.slug, "to": to_party.slug},
    )
    from inflytt.guidance.tasks import notify_transfer

    transaction.on_commit(lambda: notify_transfer(activity.pk))
    return activity


@transaction.atomic
def assign_contact(*, contact: Contact, guide: User | None, acting_user: User) -> None:
    """ "Assign to me" (any guide may take any contact) or a reassignment within the party."""
    if guide is not None and guide != acting_user and guide.party_id != contact.assigned_party_id:
        raise ValidationError({"guide": NOT_A_GUIDE})
    if guide is not None and not guide.has_role(Role.GUIDE, Role.COORDINATOR):
        raise ValidationError({"guide": NOT_A_GUIDE})
    save_if_unchanged(contact, None, assigned_guide=guide)
    Activity.objects.create(
        contact=contact,
        kind=Activity.Kind.SYSTEM,
        **(system_event("assigned", guide=str(guide)) if guide else system_event("unassigned")),
        author=acting_user,
        party=acting_user.party,
    )
    record_event(
        action=AuditEvent.Action.EDIT,
        actor=acting_user,
        contact_id=contact.pk,
        obj=contact,
        detail={"fields": ["assigned_guide"], "guide_id": guide.pk if guide else None},
    )


@transaction.atomic
def change_status(
    *,
    contact: Contact,
    status: str,
    version: int,
    acting_user: User,
    moved_on: date | None = None,
    moved_to: Party | None = None,
    moved_household_size: int | None = None,
    note: str = "",
) -> Activity:
    """Moving status new -> contacted -> in_dialogue -> moved | not_moving | paused, every change
    logged. `moved` needs the date, the destination and the household size that moved (the
    agreement's goal counts households that moved); source, campaign and guide stay for
    attribution."""
    changes: dict[str, object] = {"status": status}
    if status == Contact.Status.MOVED:
        errors = {
            name: MOVED_NEEDS
            for name, value in (
                ("moved_on", moved_on),
                ("moved_to", moved_to),
                ("moved_household_size", moved_household_size),
            )
            if not value
        }
        if moved_on and moved_on > timezone.localdate():
            errors["moved_on"] = MOVED_IN_FUTURE
        if errors:
            raise ValidationError(errors)
        changes.update(moved_on=moved_on, moved_to=moved_to, moved_household_size=moved_household_size)
    else:
        changes.update(moved_on=None, moved_to=None, moved_household_size=None)
    previous = contact.status
    save_if_unchanged(contact, version, **changes)
    activity = Activity.objects.create(
        contact=contact,
        kind=Activity.Kind.STATUS_CHANGE,
        **system_event("status_changed", **{"from": previous, "to": contact.status}),
        body=note.strip(),
        author=acting_user,
        party=acting_user.party,
    )
    record_event(
        action=AuditEvent.Action.EDIT,
        actor=acting_user,
        contact_id=contact.pk,
        obj=contact,
        detail={"fields": ["status"], "status": status},
    )
    return activity


def render_template(template_text: str, *, contact: Contact, guide: User) -> str:
    values = {"first_name": contact.first_name, "guide_name": guide.get_full_name(), "party": guide.party.name}
    return fill(template_text, values)


@transaction.atomic
def send_contact_email(
    *, contact: Contact, subject: str, body: str, acting_user: User, follow_up_on: date | None = None
) -> Activity:
    """Mail from the card: logged on the card with its full text (rule 3), counted as contact
    for the first response, and handed to the task queue after the commit."""
    if not contact.email:
        raise ValidationError({"body": NO_EMAIL})
    activity = add_activity(
        contact=contact,
        kind=Activity.Kind.EMAIL_OUT,
        subject=subject,
        body=body,
        follow_up_on=follow_up_on,
        acting_user=acting_user,
    )
    from inflytt.guidance.tasks import deliver_card_email

    transaction.on_commit(lambda: deliver_card_email(activity.pk))
    return activity


@transaction.atomic
def complete_follow_up(*, activity: Activity, acting_user: User) -> None:
    Activity.objects.filter(pk=activity.pk, follow_up_done_at__isnull=True).update(follow_up_done_at=timezone.now())
    record_event(
        action=AuditEvent.Action.EDIT,
        actor=acting_user,
        contact_id=activity.contact_id,
        obj=activity,
        detail={"fields": ["follow_up_done_at"]},
    )


def calendar_digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


@transaction.atomic
def create_calendar_feed(*, user: User) -> str:
    """A new secret for the user's calendar feed; the old URL stops working. Returns the secret,
    shown once (only its digest is stored)."""
    secret = secrets.token_urlsafe(32)
    CalendarFeed.objects.filter(user=user).delete()
    feed = CalendarFeed.objects.create(user=user, digest=calendar_digest(secret))
    record_event(action=AuditEvent.Action.CREATE, actor=user, obj=feed)
    return secret


@transaction.atomic
def revoke_calendar_feed(*, user: User) -> bool:
    deleted, _rows = CalendarFeed.objects.filter(user=user).delete()
    if deleted:
        record_event(action=AuditEvent.Action.DELETE, actor=user, detail={"calendar_feed": True})
    return bool(deleted)


@transaction.atomic
def record_calendar_read(*, user: User) -> None:
    """A calendar app read the feed: the names of the user's contacts left the system (audited)."""
    CalendarFeed.objects.filter(user=user).update(last_used_at=timezone.now())
    record_event(action=AuditEvent.Action.VIEW, actor=user, detail={"page": "calendar_feed"})
