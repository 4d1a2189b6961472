"""Writes for mailings: sending (validated, through the task queue), the test send, the
one-click unsubscribe, RSVP with a waiting list, attendance, and the magazine dispatch.

The 2025 agreement, Bilaga 4 (docs/requirements.md): newsletters "med bra urval så att varje inbjudan hamnar med
relevant information hos rätt individ".
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from inflytt.audit.models import AuditEvent
from inflytt.audit.services import record_event
from inflytt.contacts.events import system_event
from inflytt.contacts.hooks import newsletter_ended
from inflytt.contacts.models import Activity, Contact, MagazineOrder, NewsletterSubscription
from inflytt.lib.cache import CACHE_ERRORS
from inflytt.mailings import queue, status
from inflytt.mailings.links import FreshLink
from inflytt.mailings.models import Delivery, Event, Invitation, Mailing, Segment
from inflytt.mailings.rendering import check_merge_fields
from inflytt.mailings.selectors import places_taken, reach_of, recipients

if TYPE_CHECKING:
    from inflytt.accounts.models import User

NO_SUBJECT = _("Write a subject in Swedish: it is the version everyone without an English one receives.")
NO_BODY = _("Write the text in Swedish.")
NO_RECIPIENTS = _("Nobody can receive this mailing: the segment matches no one with this purpose. Nothing was sent.")
NEEDS_EVENT = _("Choose the event this mailing invites to or reminds of.")
NOT_EDITABLE = _("This mailing has already been sent and can no longer be changed.")
NOT_YOURS = _("This mailing was scheduled by a coordinator or another party; only they can change it.")
NEWSLETTER_BY_COORDINATORS = _("Only a coordinator can send the newsletter: it goes to every subscriber.")
MAGAZINE_BY_COORDINATORS = _("Only a coordinator can mark magazine orders as sent.")
EVENT_FULL = _("The event is full, so you are on the waiting list. We will tell you if a place becomes free.")


def validate_content(mailing: Mailing) -> None:
    """What a mailing needs before it can be sent or tested; all problems at once."""
    errors: dict[str, list[ValidationError]] = {}
    if not mailing.subject_sv.strip():
        errors.setdefault("subject_sv", []).append(ValidationError(NO_SUBJECT))
    if not mailing.body_sv.strip():
        errors.setdefault("body_sv", []).append(ValidationError(NO_BODY))
    for name in ("subject_sv", "body_sv", "subject_en", "body_en"):
        try:
            check_merge_fields(getattr(mailing, name), name)
        except ValidationError as error:
            errors.setdefault(name, []).extend(error.error_dict[name])
    if mailing.kind != Mailing.Kind.STANDARD and mailing.event_id is None:
        errors.setdefault("event", []).append(ValidationError(NEEDS_EVENT))
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def save_edited(*, obj: Mailing | Segment | Event, fields: list[str], acting_user: User) -> Mailing | Segment | Event:
    """Save a mailing, segment or event as its form left it (`fields`: the ones the form edits),
    audited. A new one is the acting user's. A mailing is changed only while it is a draft or
    scheduled and by someone whose reach covers it; the row is locked while that is checked, so a
    send that begins meanwhile is not undone by the save."""
    if obj.pk is None:
        obj.created_by = acting_user
        obj.save()
        record_event(action=AuditEvent.Action.CREATE, actor=acting_user, obj=obj)
        return obj
    if isinstance(obj, Mailing):
        current = Mailing.objects.select_for_update().get(pk=obj.pk)
        if not may_change(mailing=current, user=acting_user):
            raise PermissionDenied(NOT_YOURS)
        if not current.is_editable:
            raise ValidationError(NOT_EDITABLE)
    obj.save(update_fields=fields)
    record_event(action=AuditEvent.Action.EDIT, actor=acting_user, obj=obj, detail={"fields": sorted(fields)})
    return obj


@transaction.atomic
def schedule_mailing(*, mailing: Mailing, acting_user: User, send_at: datetime | None = None) -> Mailing:
    """Queue a mailing for `send_at` (now when None). The segment is evaluated again when it is
    sent; here it must match somebody, or nothing is queued.

    Rights (the 2025 agreement): the newsletter is the region's (Bilaga 1, the region's
    "Kommunikation": "Grundläggande annonsering med återvunnet material och produktion av
    nyhetsbrev"), so only a coordinator sends it to all subscribers. A guide
    sends guidance mailings and event invitations to "sina inflyttare" (Bilaga 4): the mailing
    is limited to the contacts the guide's party handles or who chose its municipality, here
    and again at send time; reaching other parties' contacts is a coordinator's mailing."""
    if not mailing.is_editable:
        raise ValidationError(NOT_EDITABLE)
    reach = reach_of(acting_user)
    if reach is not None and mailing.purpose == Mailing.Purpose.NEWSLETTER:
        raise PermissionDenied(NEWSLETTER_BY_COORDINATORS)
    validate_content(mailing)
    mailing.limited_to = reach
    if not recipients(mailing).exists():
        raise ValidationError(NO_RECIPIENTS)
    now = timezone.now()
    at = send_at if send_at and send_at > now else now
    if not status.schedule(mailing, at=at, limited_to_id=reach.pk if reach else None):
        raise ValidationError(NOT_EDITABLE)  # it began sending meanwhile
    record_event(
        action=AuditEvent.Action.EDIT,
        actor=acting_user,
        obj=mailing,
        detail={"scheduled": True, "limited_to": reach.pk if reach else None},
    )
    if mailing.scheduled_at is not None and mailing.scheduled_at <= now:
        queue.start_mailing(mailing.pk)
    return mailing


def may_change(*, mailing: Mailing, user: User) -> bool:
    """A scheduled mailing is changed or stopped only by someone whose reach covers it: a guide
    cannot rewrite or stop a coordinator's newsletter or another party's mailing once queued."""
    reach = reach_of(user)
    return reach is None or mailing.status == Mailing.Status.DRAFT or mailing.limited_to_id == reach.pk


def unschedule_mailing(*, mailing: Mailing, acting_user: User) -> bool:
    if not may_change(mailing=mailing, user=acting_user):
        raise PermissionDenied(NOT_YOURS)
    updated = status.unschedule(mailing)
    if updated:
        record_event(action=AuditEvent.Action.EDIT, actor=acting_user, obj=mailing, detail={"scheduled": False})
    return updated


TEST_MAILS_PER_HOUR = 20
TOO_MANY_TESTS = _("You have sent many tests in the last hour. Wait a while before the next one.")
TESTS_UNAVAILABLE = _("Test mails cannot be sent just now. Try again in a few minutes.")
NO_OWN_ADDRESS = _("Your account has no email address to send the test to.")


@transaction.atomic
def send_test(*, mailing: Mailing, user: User) -> list[str]:
    """Send the mailing to the staff member's own address, once in each language it is written
    in, through the task queue like every mail, with their own first name in {first_name}.
    A test is no delivery: no Delivery row, nothing on any card, the mailing's status as it
    was. At most TEST_MAILS_PER_HOUR clicks an hour per user (the cache, shared by every
    process), so the button cannot be turned into a mail cannon. Audited. Returns the languages."""
    validate_content(mailing)
    if not user.email:
        raise ValidationError(NO_OWN_ADDRESS)
    key = f"mailings:test:{user.pk}"
    try:
        cache.add(key, 0, 3600)
        sent_this_hour = cache.incr(key)
    except CACHE_ERRORS:  # the limit cannot be checked: fail closed (docs/decisions/0014)
        raise ValidationError(TESTS_UNAVAILABLE) from None
    if sent_this_hour > TEST_MAILS_PER_HOUR:
        raise ValidationError(TOO_MANY_TESTS)
    languages = ["sv"] + (["en"] if mailing.subject_en.strip() else [])
    record_event(action=AuditEvent.Action.EDIT, actor=user, obj=mailing, detail={"test_mail": languages})
    for language in languages:
        queue.send_test_mail(mailing.pk, user.pk, language)
    return languages


# --- Unsubscribe (RFC 8058) ------------------------------------------------------------------------


@transaction.atomic
def unsubscribe(*, subscription: NewsletterSubscription, mailing_id: int | None = None) -> bool:
    """End this newsletter subscription at once (the one the link was sent for: a later opt-in
    is not this one). Logged on the card; the consent is withdrawn (and a card kept only for the
    newsletter removed) by the handler privacy registers in contacts.hooks. Subscribing again needs a new double
    opt-in. Returns False when there was nothing to end."""
    contact = subscription.contact
    now = timezone.now()
    ended = NewsletterSubscription.objects.filter(
        pk=subscription.pk, created_at=subscription.created_at, unsubscribed_at__isnull=True
    ).update(unsubscribed_at=now)
    if not ended:
        return False
    if mailing_id is not None:
        Delivery.objects.filter(mailing_id=mailing_id, contact=contact).update(unsubscribed_at=now)
    Activity.objects.create(contact=contact, kind=Activity.Kind.SYSTEM, **system_event("newsletter_unsubscribed"))
    record_event(action=AuditEvent.Action.EDIT, contact_id=contact.pk, obj=contact, detail={"unsubscribed": True})
    newsletter_ended(contact=contact)
    return True


# --- A fresh personal link, for one that expired ----------------------------------------------------

FRESH_LINK_WAIT_SECONDS = 600


@transaction.atomic
def send_fresh_link(*, kind: str, contact: Contact, language: str, event: Event | None = None) -> bool:
    """Mail a new personal link (unsubscribe, or answering `event`) to the address on the card,
    never to one typed on the page: whoever holds an old link learns nothing and can send the
    person at most one mail per FRESH_LINK_WAIT_SECONDS. Logged on the card. Returns whether a
    mail was queued."""
    if not contact.email:
        return False
    key = f"mailings:fresh-link:{kind}:{contact.pk}:{event.pk if event else ''}"
    if not cache.add(key, 1, FRESH_LINK_WAIT_SECONDS):
        return False
    code = "fresh_unsubscribe_link" if kind == FreshLink.UNSUBSCRIBE else "fresh_rsvp_link"
    Activity.objects.create(contact=contact, kind=Activity.Kind.SYSTEM, **system_event(code))
    contact_id, event_id = contact.pk, event.pk if event else None
    queue.send_fresh_link_mail(kind, contact_id, event_id, language)
    return True


# --- Events and RSVP -------------------------------------------------------------------------------


def _promote_waiting(event: Event) -> list[Invitation]:
    """Give free places to the waiting list, first come first served."""
    promoted = []
    free = event.capacity - places_taken(event)
    for waiting in Invitation.objects.filter(event=event, answer=Invitation.Answer.WAITING).order_by(
        "answered_at", "id"
    ):
        if waiting.places > free:
            break
        waiting.answer = Invitation.Answer.YES
        waiting.save(update_fields=["answer"])
        free -= waiting.places
        promoted.append(waiting)
        _log_rsvp(waiting, "rsvp_promoted")
    return promoted


def _log_rsvp(invitation: Invitation, code: str) -> None:
    Activity.objects.create(
        contact_id=invitation.contact_id,
        kind=Activity.Kind.SYSTEM,
        **system_event(code, event=invitation.event.title),
    )


@transaction.atomic
def answer_invitation(*, invitation: Invitation, coming: bool, guests: int, language: str | None = None) -> Invitation:
    """The person's answer through their link. A yes that does not fit goes on the waiting
    list; a place given up goes to the waiting list. On the card either way. The person gets
    their answer confirmed by mail (in `language`, else their own), with the event as an .ics
    file when they are coming; so does each person the waiting list gives a place to."""
    from inflytt.mailings import tasks  # the tasks call these services: imported when used

    event = Event.objects.select_for_update().get(pk=invitation.event_id)
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    invitation.event = event
    was_coming = invitation.answer == Invitation.Answer.YES
    taken_by_others = places_taken(event) - (invitation.places if was_coming else 0)
    invitation.guests = guests if coming else 0
    invitation.answered_at = timezone.now()
    if coming:
        fits = taken_by_others + invitation.places <= event.capacity
        invitation.answer = Invitation.Answer.YES if fits else Invitation.Answer.WAITING
    else:
        invitation.answer = Invitation.Answer.NO
    invitation.save(update_fields=["answer", "guests", "answered_at"])
    codes = {
        Invitation.Answer.YES: "rsvp_yes",
        Invitation.Answer.WAITING: "rsvp_waiting",
        Invitation.Answer.NO: "rsvp_no",
    }
    _log_rsvp(invitation, codes[Invitation.Answer(invitation.answer)])
    promoted = _promote_waiting(event) if was_coming or not coming else []
    confirmations = [(invitation.pk, language)] + [(other.pk, None) for other in promoted]
    transaction.on_commit(lambda: [tasks.send_rsvp_confirmation(pk, lang) for pk, lang in confirmations])
    return invitation


@transaction.atomic
def mark_attendance(*, event: Event, attended_ids: set[int], acting_user: User) -> int:
    """Who came, marked afterwards among those invited; logged on each card that changed."""
    invitations = list(Invitation.objects.filter(event=event).exclude(answer=""))
    changed = []
    for invitation in invitations:
        attended = invitation.pk in attended_ids
        if invitation.attended != attended:
            invitation.attended = attended
            changed.append(invitation)
    Invitation.objects.bulk_update(changed, ["attended"], batch_size=500)
    Activity.objects.bulk_create(
        Activity(
            contact_id=invitation.contact_id,
            kind=Activity.Kind.MEETING if invitation.attended else Activity.Kind.SYSTEM,
            author=acting_user,
            party=acting_user.party,
            **system_event("attended" if invitation.attended else "missed", event=event.title),
        )
        for invitation in changed
    )
    record_event(action=AuditEvent.Action.EDIT, actor=acting_user, obj=event, detail={"attendance": len(changed)})
    return len(changed)


# --- The magazine ----------------------------------------------------------------------------------


@transaction.atomic
def mark_magazine_sent(*, up_to_id: int, acting_user: User) -> int:
    """Mark the pending orders of the export (ids up to `up_to_id`: an order that came in after
    the export is not in the print house's list) as sent, and remove their postal address: it
    was needed for this dispatch only (data minimisation). A later order carries its own
    address, so nothing the person still needs is lost. Returns the number of orders.

    A coordinator's action: it removes addresses from the whole register, which the region
    runs (the 2025 agreement, Bilaga 3, "Region Jämtland Härjedalens ansvar": the CRM
    "Övergripande ansvar/huvudman", and "Kommunikation ... Kopplat till webb,
    varumärkesplattform, magasin")."""
    if reach_of(acting_user) is not None:
        raise PermissionDenied(MAGAZINE_BY_COORDINATORS)
    now = timezone.now()
    orders = MagazineOrder.objects.to_send().filter(pk__lte=up_to_id)
    contact_ids = list(orders.values_list("contact_id", flat=True))
    count = orders.update(sent_at=now, street="", postal_code="", city="")
    Activity.objects.bulk_create(
        (
            Activity(contact_id=contact_id, kind=Activity.Kind.LETTER, subject=gettext("Magazine sent")[:200])
            for contact_id in contact_ids
        ),
        batch_size=1000,
    )
    record_event(action=AuditEvent.Action.EDIT, actor=acting_user, detail={"magazine_sent": count})
    return count
