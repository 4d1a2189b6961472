from __future__ import annotations

import hashlib
import hmac
from collections.abc import Callable, Iterable
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.contrib.admin.models import LogEntry
from django.db import IntegrityError, models, transaction
from django.db.models import F, QuerySet
from django.db.models.fields.related import ForeignObjectRel
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from inflytt.audit.models import AuditEvent
from inflytt.audit.services import prune_audit_log, record_event
from inflytt.contacts.models import Consent, Contact, MagazineOrder, NewsletterSubscription
from inflytt.contacts.services import EditConflict
from inflytt.guidance.services import change_status
from inflytt.lib.dates import retention_cutoff
from inflytt.lib.text import normalise_email
from inflytt.privacy.models import NewsletterOnly, RetentionRun
from inflytt.privacy.selectors import (
    addresses,
    contact_content_type,
    contact_relations,
    email_holders,
    retention_candidates,
    retention_due,
    retention_preview,
)

if TYPE_CHECKING:
    from inflytt.accounts.models import User
    from inflytt.parties.models import Party


# --- Retention ("Registervård", the 2025 agreement, Bilaga 4; docs/requirements.md R5) -------------

ALREADY_RUNNING = _("A retention run is already in progress. Wait until it has finished.")
NOT_PROPOSED = _("This retention run has already been started.")

# The fields a card reduced to the newsletter keeps; everything else is emptied (see _reduce).
NEWSLETTER_FIELDS = ("email", "email_normalised", "language")
# The related rows it keeps: the subscription, the marker, and the bounce list (no mail to a dead address).
NEWSLETTER_ROWS = {"contacts.newslettersubscription", "privacy.newsletteronly", "mailings.bouncingaddress"}


class RetentionAlreadyRunning(Exception):
    pass


def email_hmac(email: str) -> str:
    """A keyed hash of the normalised email: recognises a repeated request, reveals nothing."""
    return hmac.new(settings.SECRET_KEY.encode(), normalise_email(email).encode(), hashlib.sha256).hexdigest()


def _related_rows_query(rel: ForeignObjectRel, ids: Iterable[int]) -> QuerySet[Any]:
    return rel.related_model._default_manager.filter(**{f"{rel.field.name}__in": list(ids)})


def _purge_related(ids: list[int], *, keep: Callable[[ForeignObjectRel], QuerySet[Any] | None]) -> None:
    """Delete (or, for SET_NULL relations, detach) every row of any model that points to these
    contacts, except what `keep(rel)` returns: found at run time, so a model added later is covered."""
    for rel in contact_relations():
        if rel.many_to_many:
            # Only a relation named "+" has no accessor, and none of those is many-to-many; a
            # many-to-many relation's field is a ManyToManyField.
            getattr(Contact, rel.get_accessor_name()).through._default_manager.filter(  # type: ignore[arg-type]
                **{f"{rel.field.m2m_reverse_field_name()}__in": ids}  # type: ignore[attr-defined]
            ).delete()
            continue
        rows = _related_rows_query(rel, ids)
        kept = keep(rel)
        if kept is not None:
            rows = rows.exclude(pk__in=kept.values("pk"))
        if rel.on_delete is models.SET_NULL:
            rows.update(**{rel.field.name: None})
        else:
            rows.delete()


def _reduce(ids: list[int]) -> None:
    """Reduce cards to what the newsletter needs: email, language, subscription, newsletter consent."""

    def keep(rel: ForeignObjectRel) -> QuerySet[Any] | None:
        model = rel.related_model
        if model._meta.label_lower in NEWSLETTER_ROWS:
            return model._default_manager.filter(**{f"{rel.field.name}__in": ids})
        if model is Consent:
            return Consent.objects.filter(contact_id__in=ids, purpose=Consent.Purpose.NEWSLETTER)
        return None

    _purge_related(ids, keep=keep)
    emptied: dict[str, Any] = {}
    for field in Contact._meta.concrete_fields:
        if field.primary_key or field.name in NEWSLETTER_FIELDS or not field.editable:
            continue
        if field.name in ("assigned_party", "registered_at", "last_activity_at", "created_at", "status"):
            continue
        if field.null:
            emptied[field.attname] = None
        elif field.has_default():
            emptied[field.attname] = field.get_default()
        else:
            emptied[field.attname] = ""
    # Searchable by email only; no guide works on the card any more.
    Contact.objects.filter(pk__in=ids).update(
        **emptied,
        status=Contact.Status.PAUSED,
        search_text=F("email_normalised"),
        duplicate_block="",  # no name or city left to compare
        updated_at=timezone.now(),
    )
    NewsletterOnly.objects.bulk_create([NewsletterOnly(contact_id=pk) for pk in ids], ignore_conflicts=True)


def delete_contacts(ids: list[int], *, erasure: bool = False) -> None:
    """Delete contacts with everything that refers to them (each relation to Contact cascades or is
    emptied by _purge_related), plus the admin's change log for them. `erasure`: the person asked
    (GDPR art. 17), so registers with their own retention rule are erased for the address too."""
    emails = addresses(list(Contact.objects.filter(pk__in=ids).values_list("email", flat=True)))
    for model, field in email_holders(erasure=erasure):
        model._default_manager.filter(**{f"{field.name}__in": emails}).delete()
    _purge_related(ids, keep=lambda rel: None)
    LogEntry.objects.filter(content_type=contact_content_type(), object_id__in=[str(pk) for pk in ids]).delete()
    Contact.objects.filter(pk__in=ids).delete()


@transaction.atomic
def propose_retention(*, now: datetime | None = None) -> RetentionRun:
    """The preview step: a run waiting for the coordinator, with counts per party (no names)."""
    cutoff = retention_cutoff(now)
    preview = {row.party.slug: {"delete": row.delete, "reduce": row.reduce} for row in retention_preview(cutoff=cutoff)}
    # One proposal at a time: an older unconfirmed one is replaced by the fresh figures.
    RetentionRun.objects.filter(state=RetentionRun.State.PROPOSED).delete()
    return RetentionRun.objects.create(cutoff=cutoff, preview=preview)


def start_retention(*, run: RetentionRun, acting_user: User | None) -> RetentionRun:
    """The coordinator confirms: the run becomes the one running run, or RetentionAlreadyRunning.

    The partial unique index on state='running' makes this safe across processes and hosts."""
    now = timezone.now()
    try:
        with transaction.atomic():
            started = RetentionRun.objects.filter(pk=run.pk, state=RetentionRun.State.PROPOSED).update(
                state=RetentionRun.State.RUNNING, started_at=now, heartbeat_at=now, confirmed_by=acting_user
            )
    except IntegrityError:
        raise RetentionAlreadyRunning(ALREADY_RUNNING) from None
    if not started:
        raise RetentionAlreadyRunning(NOT_PROPOSED)
    record_event(action=AuditEvent.Action.DELETE, actor=acting_user, obj=run, detail={"retention": "confirmed"})
    run.refresh_from_db()
    return run


def resumable(run: RetentionRun, now: datetime | None = None) -> bool:
    """A running run whose worker stopped (no chunk for a while) may be taken up again."""
    limit = (now or timezone.now()) - timedelta(minutes=settings.INFLYTT_RETENTION_STALE_MINUTES)
    return run.state == RetentionRun.State.RUNNING and (run.heartbeat_at is None or run.heartbeat_at < limit)


def execute_retention(*, run_id: int, chunk: int | None = None, max_chunks: int | None = None) -> RetentionRun:
    """Delete or reduce the due contacts, `chunk` ids per transaction, never all rows in memory.

    Each chunk re-checks the rule inside its transaction (a card that got activity since the
    preview stays), acts and adds its counts to the run in the same transaction: a run stopped
    at any point is continued by calling this again and ends with the right result and counts.
    `max_chunks` stops early (tests use it to interrupt a run)."""
    chunk = chunk or settings.INFLYTT_RETENTION_CHUNK
    run = RetentionRun.objects.get(pk=run_id)
    if run.state != RetentionRun.State.RUNNING:
        return run
    last_pk = 0
    done_chunks = 0
    while max_chunks is None or done_chunks < max_chunks:
        ids = list(
            retention_candidates(cutoff=run.cutoff)
            .filter(pk__gt=last_pk)
            .order_by("pk")
            .values_list("pk", flat=True)[:chunk]
        )
        if not ids:
            break
        last_pk = ids[-1]
        with transaction.atomic():
            # The full rule, for this chunk's ids only (and re-checked: a card may have had activity since).
            rows = list(
                retention_due(cutoff=run.cutoff)
                .filter(pk__in=ids)
                # keep_for_newsletter is an annotation of retention_due(), which the plugin cannot see.
                .values_list("pk", "assigned_party__slug", "keep_for_newsletter")  # type: ignore[misc]
            )
            counts = RetentionRun.objects.select_for_update().get(pk=run.pk).counts
            for _pk, slug, keep in rows:
                party = counts.setdefault(slug, {"deleted": 0, "reduced": 0})
                party["reduced" if keep else "deleted"] += 1
            _reduce([pk for pk, _slug, keep in rows if keep])
            delete_contacts([pk for pk, _slug, keep in rows if not keep])
            RetentionRun.objects.filter(pk=run.pk).update(counts=counts, heartbeat_at=timezone.now())
        done_chunks += 1
    else:
        run.refresh_from_db()
        return run
    with transaction.atomic():
        run.audit_events_deleted = prune_audit_log()
        run.state = RetentionRun.State.DONE
        run.finished_at = timezone.now()
        run.counts = RetentionRun.objects.get(pk=run.pk).counts
        run.save(update_fields=["state", "finished_at", "audit_events_deleted", "counts"])
        record_event(
            action=AuditEvent.Action.DELETE,
            actor=run.confirmed_by,
            obj=run,
            detail={"retention": "done", "counts": run.counts, "audit_events_deleted": run.audit_events_deleted},
        )
    return run


# --- The file mail outbox ---------------------------------------------------------------------------


def prune_mail_outbox(*, now: datetime | None = None) -> int:
    """Delete the files of the embedded default's mail outbox (EMAIL_FILE_PATH) older than
    INFLYTT_MAIL_OUTBOX_DAYS. The files hold whole mails with names and addresses; instead of
    searching them at erasure, none is kept longer than that. Returns how many were deleted."""
    folder = getattr(settings, "EMAIL_FILE_PATH", None)
    if not folder or not settings.EMAIL_BACKEND.endswith("filebased.EmailBackend"):
        return 0
    before = (now or timezone.now()).timestamp() - settings.INFLYTT_MAIL_OUTBOX_DAYS * 86400
    deleted = 0
    for path in Path(folder).glob("*"):
        if path.is_file() and path.stat().st_mtime < before:
            path.unlink(missing_ok=True)
            deleted += 1
    return deleted


# --- The newsletter and consent -----------------------------------------------------------------------


@transaction.atomic
def on_unsubscribed(*, contact: Contact, acting_user: User | None = None) -> bool:
    """Call after a subscription ended (the unsubscribe link, a bounce, a withdrawal).

    A card kept only for the newsletter has no purpose left and is deleted at once ("får ligga kvar
    tills de tar bort sig själva", the 2025 agreement, Bilaga 4; docs/requirements.md R5); a full card
    stays and only its newsletter consent is marked withdrawn. Returns whether the contact was deleted."""
    Consent.objects.filter(contact=contact, purpose=Consent.Purpose.NEWSLETTER, withdrawn_at__isnull=True).update(
        withdrawn_at=timezone.now()
    )
    if not NewsletterOnly.objects.filter(contact=contact).exists():
        return False
    pk = contact.pk
    delete_contacts([pk])
    record_event(action=AuditEvent.Action.DELETE, actor=acting_user, contact_id=pk, detail={"reason": "unsubscribed"})
    return True


@transaction.atomic
def withdraw_consent(*, contact: Contact, purpose: str, acting_user: User, request: HttpRequest | None = None) -> str:
    """Withdrawal (or objection) for one purpose acts on that purpose only. Returns what happened:
    "withdrawn", "reduced" (guidance ended, the newsletter goes on) or "deleted" (nothing left)."""
    now = timezone.now()
    Consent.objects.filter(contact=contact, purpose=purpose, withdrawn_at__isnull=True).update(withdrawn_at=now)
    result = "withdrawn"
    if purpose == Consent.Purpose.NEWSLETTER:
        NewsletterSubscription.objects.filter(contact=contact, unsubscribed_at__isnull=True).update(unsubscribed_at=now)
        if on_unsubscribed(contact=contact, acting_user=acting_user):
            result = "deleted"
    elif purpose == Consent.Purpose.MAGAZINE:
        MagazineOrder.objects.filter(contact=contact, sent_at__isnull=True).delete()
    elif purpose == Consent.Purpose.GUIDANCE:
        active = NewsletterSubscription.objects.filter(
            contact=contact, confirmed_at__isnull=False, unsubscribed_at__isnull=True
        ).exists()
        if active:
            _reduce([contact.pk])
            result = "reduced"
        else:
            delete_contacts([contact.pk])
            result = "deleted"
    record_event(
        action=AuditEvent.Action.DELETE if result != "withdrawn" else AuditEvent.Action.EDIT,
        request=request,
        actor=acting_user,
        contact_id=contact.pk,
        detail={"withdrawn": purpose, "result": result},
    )
    return result


# --- Erasure (GDPR art. 17) -------------------------------------------------------------------------------


@transaction.atomic
def erase_person(*, contact: Contact, acting_user: User, request: HttpRequest | None = None) -> AuditEvent:
    """Everything about the person goes, in every table. The trail keeps that an erasure
    happened, by whom and when, and a keyed hash of the email (so a repeated request is
    recognised); older audit events about the contact hold ids only and stay."""
    pk, digest = contact.pk, email_hmac(contact.email)
    delete_contacts([pk], erasure=True)
    return record_event(
        action=AuditEvent.Action.ERASE, request=request, actor=acting_user, contact_id=pk, detail={"email_hmac": digest}
    )


def previous_erasure(email: str) -> AuditEvent | None:
    """The erasure of this email address, if one was made (found by its keyed hash)."""
    if not normalise_email(email):
        return None
    return (
        AuditEvent.objects.filter(action=AuditEvent.Action.ERASE, detail__email_hmac=email_hmac(email))
        .order_by("-at")
        .first()
    )


# --- Register maintenance: bulk status from the yearly review ----------------------------------------------

STILL_INTERESTED = "still_interested"


def review_contacts(
    *,
    contacts: Iterable[Contact],
    action: str,
    acting_user: User,
    moved_on: date | None = None,
    moved_to: Party | None = None,
) -> int:
    """Set the reviewed status on each contact through guidance's change_status (one transaction
    per contact: a conflict on one card does not undo the others). "Still interested" confirms the
    current status; it is logged like any status change and so counts as confirmed and as activity.
    Returns how many were updated."""
    note = str(_("Yearly register maintenance"))
    updated = 0
    for contact in contacts:
        status = contact.status if action == STILL_INTERESTED else action
        extra: dict[str, Any] = {}
        if status == Contact.Status.MOVED:
            extra = {
                "moved_on": moved_on,
                "moved_to": moved_to,
                "moved_household_size": contact.adults + contact.children or 1,
            }
        try:
            change_status(
                contact=contact, status=status, version=contact.version, acting_user=acting_user, note=note, **extra
            )
        except EditConflict:
            continue
        updated += 1
    return updated


def claim_for_resume(*, run: RetentionRun) -> bool:
    """Take up an interrupted run: only one caller wins (the heartbeat moves in one UPDATE)."""
    limit = timezone.now() - timedelta(minutes=settings.INFLYTT_RETENTION_STALE_MINUTES)
    stopped = models.Q(heartbeat_at__isnull=True) | models.Q(heartbeat_at__lt=limit)
    return bool(
        RetentionRun.objects.filter(stopped, pk=run.pk, state=RetentionRun.State.RUNNING).update(
            heartbeat_at=timezone.now()
        )
    )
