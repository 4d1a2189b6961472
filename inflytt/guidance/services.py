"""Relocation guidance: transfer, assignment, moving status, mail from the card, follow-ups.

Each service is one transaction with its audit row; mail leaves through the task queue after
the commit, so a failed request sends nothing.
"""

from __future__ import annotations

import secrets
from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from inflytt.accounts.models import Role, User
from inflytt.audit.models import AuditEvent
from inflytt.audit.services import record_event
from inflytt.contacts.events import system_event
from inflytt.contacts.hooks import address_bounced
from inflytt.contacts.models import Activity, Contact
from inflytt.contacts.selectors import contacts_with_email
from inflytt.contacts.services import add_activity, save_if_unchanged
from inflytt.guidance import queue
from inflytt.guidance.calendar import calendar_digest
from inflytt.guidance.inbound import Parsed, new_reply_token, own_addresses, reply_token, without_quoted_history
from inflytt.guidance.models import CalendarFeed, InboundAttachment, InboundMail, ReplyAddress, SentMessage
from inflytt.lib.text import fill
from inflytt.parties.models import Party

NOTE_REQUIRED = _("Write a note for the receiving party: why the contact is transferred.")
SAME_PARTY = _("The contact is already assigned to this party.")
MOVED_NEEDS = _("Required when the status is “moved”.")
MOVED_IN_FUTURE = _("The move date cannot be in the future.")
NO_EMAIL = _("The contact has no email address. Add one on the card, or call instead.")
NOT_A_GUIDE = _("Choose a guide of the party the contact is assigned to.")
ALREADY_RESOLVED = _("This mail was already assigned or discarded.")


@transaction.atomic
def transfer_contact(*, contact: Contact, to_party: Party, note: str, acting_user: User) -> Activity:
    """Rule 4 (the 2025 agreement, Bilaga 3-4; docs/requirements.md R4): guides work across municipal
    borders and transfer a contact with a note. A transfer does not restart the first-response clock."""
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
    queue.notify_transfer(activity.pk)
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
    if settings.INFLYTT_REPLY_ADDRESS:
        ReplyAddress.objects.get_or_create(contact=contact, defaults={"token": new_reply_token()})
    queue.deliver_card_email(activity.pk)
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


def _match(parsed: Parsed) -> tuple[Contact | None, str]:
    """The card of an incoming mail: by its reply token, then by the thread (In-Reply-To /
    References naming a mail sent from a card), then by the sender's address."""
    token = reply_token(parsed.recipients)
    if token:
        found = ReplyAddress.objects.select_related("contact").filter(token=token).first()
        if found is not None:
            return found.contact, "token"
    if parsed.references:
        sent = SentMessage.objects.select_related("activity__contact").filter(message_id__in=parsed.references).first()
        if sent is not None:
            return sent.activity.contact, "thread"
    contact = contacts_with_email(parsed.sender).first()
    return contact, ("sender" if contact else "")


def _capture_cards(parsed: Parsed, guide: User) -> list[Contact]:
    """The cards a guide's BCC copy belongs to: the card of its reply token, else the cards of its
    To/Cc addresses (never the programme's own addresses or the guide's)."""
    token = reply_token(parsed.recipients)
    if token:
        found = ReplyAddress.objects.select_related("contact").filter(token=token).first()
        if found is not None:
            return [found.contact]
    skip = own_addresses() | {guide.email.lower()}
    cards: dict[int, Contact] = {}
    for address in parsed.recipients:
        if address in skip:
            continue
        for contact in contacts_with_email(address):
            cards.setdefault(contact.pk, contact)
    return list(cards.values())


def _body_with_attachments(mail: InboundMail, parsed: Parsed) -> tuple[str, list[InboundAttachment]]:
    """The card's text of the mail and its attachments; one over the size limit is named, not kept."""
    limit = settings.INFLYTT_INBOUND_ATTACHMENT_MAX_MB * 1024 * 1024
    kept, notes = [], []
    for attachment in parsed.attachments:
        if len(attachment.payload) > limit:
            notes.append(
                str(_("[Attachment not kept, larger than %(mb)s MB: %(name)s]"))
                % {"mb": settings.INFLYTT_INBOUND_ATTACHMENT_MAX_MB, "name": attachment.filename}
            )
            continue
        kept.append(
            InboundAttachment(
                mail=mail,
                filename=attachment.filename[:200],
                content_type=attachment.content_type[:100],
                size=len(attachment.payload),
                data=attachment.payload,
            )
        )
    body = "\n\n".join(part for part in [without_quoted_history(mail.text), *notes] if part)
    return body[: Activity._meta.get_field("body").max_length], kept


def _mail_activity(*, mail: InboundMail, contact: Contact, kind: str, body: str, author: User | None) -> Activity:
    return add_activity(
        contact=contact,
        kind=kind,
        subject=mail.subject[:200],
        body=body,
        occurred_at=min(mail.received_at, timezone.now()),
        acting_user=author,
    )


@transaction.atomic
def receive_mail(*, parsed: Parsed) -> str:
    """One message from the programme's mailbox, processed once (its key is unique; a second
    call for it does nothing and says "skipped").

    A reply lands on its card as an incoming email activity and the guide handling the card is
    told; an incoming mail is not contact by a guide, so it never meets the first response. An
    automatic reply lands without a notice; a bounce marks the address as bouncing and is no
    dialogue; a guide's BCC copy lands as an outgoing mail; mail of no card waits in the review list.
    """
    if InboundMail.objects.filter(key=parsed.key).exists():
        return "skipped"
    mail = InboundMail(
        key=parsed.key,
        state=InboundMail.State.REVIEW,
        email_normalised=parsed.sender[:254],
        subject=parsed.subject[:200],
        text=parsed.text,
        html=parsed.html,
        received_at=parsed.date,
    )
    guide = None
    # Only a guide's own mail is captured as sent by them; a From the mail server found forged is
    # read as anyone's mail (and so lands as received, or in the review list).
    if settings.INFLYTT_CAPTURE_ADDRESS and parsed.sender and not parsed.forged:
        guide = User.objects.filter(
            email__iexact=parsed.sender, is_active=True, role__in=[Role.GUIDE, Role.COORDINATOR]
        ).first()
    if guide is not None:
        mail.kind = InboundMail.Kind.CAPTURE
        cards = _capture_cards(parsed, guide)
    elif parsed.bounce:
        mail.kind = InboundMail.Kind.BOUNCE
        cards = list(contacts_with_email(parsed.bounced_address)[:1])
    else:
        mail.kind = InboundMail.Kind.AUTO_REPLY if parsed.auto_reply else InboundMail.Kind.REPLY
        contact, mail.matched_by = _match(parsed)
        cards = [contact] if contact else []
    if not cards and mail.kind in (InboundMail.Kind.BOUNCE, InboundMail.Kind.AUTO_REPLY):
        # Noise without a card: only its key is kept, so it is not read again.
        mail.state, mail.subject, mail.text, mail.html = InboundMail.State.DISCARDED, "", "", ""
    mail.save()
    body, attachments = _body_with_attachments(mail, parsed)
    if mail.state == InboundMail.State.REVIEW and not cards:
        InboundAttachment.objects.bulk_create(attachments)
    for contact in cards:
        if mail.kind == InboundMail.Kind.BOUNCE:
            activity = _bounce(mail=mail, contact=contact, parsed=parsed)
        elif mail.kind == InboundMail.Kind.CAPTURE:
            activity = _mail_activity(mail=mail, contact=contact, kind=Activity.Kind.EMAIL_OUT, body=body, author=guide)
        else:
            activity = _mail_activity(mail=mail, contact=contact, kind=Activity.Kind.EMAIL_IN, body=body, author=None)
        if mail.activity_id is None:
            mail.state, mail.contact, mail.activity = InboundMail.State.ON_CARD, contact, activity
            mail.matched_by = mail.matched_by or ("capture" if guide else "sender")
            mail.save(update_fields=["state", "contact", "activity", "matched_by"])
            InboundAttachment.objects.bulk_create(attachments)
    record_event(
        action=AuditEvent.Action.CREATE,
        contact_id=mail.contact_id,
        obj=mail,
        detail={"kind": mail.kind, "state": mail.state, "matched_by": mail.matched_by, "cards": len(cards)},
    )
    if mail.state == InboundMail.State.ON_CARD and mail.kind == InboundMail.Kind.REPLY:
        queue.notify_inbound_mail(mail.pk)
    return str(mail.kind) if mail.state != InboundMail.State.REVIEW else "review"


def _bounce(*, mail: InboundMail, contact: Contact, parsed: Parsed) -> Activity:
    """A permanent failure (5.x.x) marks the card's address as bouncing, as a refused delivery of a
    mailing does; the card gets an event, not a dialogue."""
    if parsed.bounce_status.startswith("5") or not parsed.bounce_status:
        address_bounced(contact=contact, address=parsed.bounced_address, code=parsed.bounce_status[:20])
    return Activity.objects.create(
        contact=contact,
        kind=Activity.Kind.SYSTEM,
        subject=str(_("Mail could not be delivered (%(status)s)") % {"status": parsed.bounce_status or "?"})[:200],
        occurred_at=min(mail.received_at, timezone.now()),
    )


@transaction.atomic
def assign_inbound_mail(*, mail: InboundMail, contact: Contact, acting_user: User) -> Activity:
    """A guide puts a mail from the review list on a card (as mail received from the person)."""
    mail = InboundMail.objects.select_for_update().get(pk=mail.pk)
    if mail.state != InboundMail.State.REVIEW:
        raise ValidationError(ALREADY_RESOLVED)
    activity = _mail_activity(
        mail=mail,
        contact=contact,
        kind=Activity.Kind.EMAIL_IN,
        body=without_quoted_history(mail.text)[: Activity._meta.get_field("body").max_length],
        author=None,
    )
    mail.state, mail.contact, mail.activity = InboundMail.State.ON_CARD, contact, activity
    mail.matched_by, mail.resolved_by = "guide", acting_user
    mail.save(update_fields=["state", "contact", "activity", "matched_by", "resolved_by"])
    record_event(
        action=AuditEvent.Action.EDIT,
        actor=acting_user,
        contact_id=contact.pk,
        obj=mail,
        detail={"fields": ["contact"], "state": mail.state},
    )
    return activity


@transaction.atomic
def discard_inbound_mail(*, mail: InboundMail, acting_user: User) -> None:
    """Drop a mail from the review list: its text and attachments go, its key stays (so the
    mailbox is not read into the list again)."""
    mail = InboundMail.objects.select_for_update().get(pk=mail.pk)
    if mail.state != InboundMail.State.REVIEW:
        raise ValidationError(ALREADY_RESOLVED)
    mail.attachments.all().delete()
    InboundMail.objects.filter(pk=mail.pk).update(
        state=InboundMail.State.DISCARDED, email_normalised="", subject="", text="", html="", resolved_by=acting_user
    )
    record_event(action=AuditEvent.Action.DELETE, actor=acting_user, obj=mail, detail={"state": "discarded"})


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
