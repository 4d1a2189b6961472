"""Sending a mailing at scale, resumable and idempotent per recipient.

1. `materialise`: the segment is evaluated now (at send time) and one Delivery row is written per
   recipient, in chunks (keyset pages, `ignore_conflicts`: running it twice adds nobody twice).
2. `send_chunk`: a worker claims a chunk of due rows with one state transition (queued ->
   sending, stamped with its claim token) in a transaction, so two workers never take the same
   row. It sends them in id order over one SMTP connection and writes each row's outcome right
   after its mail was accepted or refused. The chunk's sent rows are logged on the cards with
   one bulk insert.
3. `recover_stalled`: a claim older than the lease belongs to a worker that died. Rows are sent
   in id order and each outcome is written before the next mail, so of a dead claim's rows
   still marked "sending" only the first may have reached the mail server: it is marked failed
   ("interrupted") rather than sent again, and the rest go back to the queue.

Permanent failures (5xx) mark the address as bouncing, which excludes it from every mailing
until the card's address changes; temporary ones (4xx, lost connection) retry with back-off.
"""

from __future__ import annotations

import logging
import secrets
import smtplib
import time
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.conf import settings
from django.core.mail import get_connection
from django.core.mail.backends.base import BaseEmailBackend
from django.db import connection as db_connection
from django.db import transaction
from django.db.models import F, Min
from django.utils import timezone
from django.utils.translation import gettext

from inflytt.contacts.events import system_event
from inflytt.contacts.models import Activity, Contact
from inflytt.mailings import status
from inflytt.mailings.models import BouncingAddress, Delivery, Invitation, Mailing
from inflytt.mailings.rendering import Renderer
from inflytt.mailings.selectors import delivery_rows, recipient_language, recipients

logger = logging.getLogger(__name__)

INTERRUPTED = "interrupted"


@dataclass
class Outcome:
    sent: list[int] = field(default_factory=list)
    bounced: list[int] = field(default_factory=list)
    retried: list[int] = field(default_factory=list)
    failed: list[int] = field(default_factory=list)


def materialise(mailing: Mailing, *, chunk: int = 5000) -> int:
    """One Delivery row per recipient of the segment as it is now; for an invitation, one
    Invitation per recipient too. Returns the number of recipients."""
    language = recipient_language(mailing)
    people = recipients(mailing).order_by("pk").values_list("pk", language)
    last = 0
    while True:
        rows = list(people.filter(pk__gt=last)[:chunk])
        if not rows:
            break
        last = rows[-1][0]
        with transaction.atomic():
            Delivery.objects.bulk_create(
                [Delivery(mailing=mailing, contact_id=pk, language=lang or "sv") for pk, lang in rows],
                ignore_conflicts=True,
            )
            if mailing.kind == Mailing.Kind.INVITATION and mailing.event_id:
                Invitation.objects.bulk_create(
                    [Invitation(event_id=mailing.event_id, contact_id=pk) for pk, _lang in rows],
                    ignore_conflicts=True,
                )
    total = Delivery.objects.filter(mailing=mailing).count()
    Mailing.objects.filter(pk=mailing.pk).update(recipients=total)
    mailing.recipients = total
    return total


def claim(mailing: Mailing, *, size: int, now: datetime | None = None) -> str:
    """Take up to `size` due rows for this worker; returns the claim token (no rows: none claimed)."""
    now = now or timezone.now()
    token = secrets.token_hex(8)
    with transaction.atomic():
        due = Delivery.objects.filter(mailing=mailing, state=Delivery.State.QUEUED, next_attempt_at__lte=now)
        if db_connection.features.has_select_for_update_skip_locked:
            due = due.select_for_update(skip_locked=True)
        ids = list(due.order_by("id").values_list("id", flat=True)[:size])
        # The state in the WHERE clause makes the transition the lock: a row another worker
        # took in between is not taken again.
        Delivery.objects.filter(pk__in=ids, state=Delivery.State.QUEUED).update(
            state=Delivery.State.SENDING, claim=token, claimed_at=now
        )
    return token


def _classify(error: Exception) -> tuple[bool, str]:
    """(permanent?, code) for a failed send. 5xx for the recipient is permanent; a refused
    sender is our problem, not the address's, and is retried like a temporary failure."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        codes = [code for code, _message in error.recipients.values()]
        code = min(codes) if codes else 0
        return code >= 500, str(code)
    if isinstance(error, smtplib.SMTPSenderRefused):
        return False, f"sender {error.smtp_code}"
    if isinstance(error, smtplib.SMTPResponseException):
        return error.smtp_code >= 500, str(error.smtp_code)
    return False, type(error).__name__


def _retry_delay(attempts: int) -> timedelta:
    return timedelta(seconds=settings.INFLYTT_MAILING_RETRY_SECONDS * 2 ** max(attempts - 1, 0))


class RateLimit:
    """At most `per_second` mails a second from this worker (0: no limit)."""

    def __init__(self, per_second: float) -> None:
        self.interval = 1 / per_second if per_second else 0.0
        self.next_at = time.monotonic()

    def wait(self) -> None:
        if not self.interval:
            return
        now = time.monotonic()
        if now < self.next_at:
            time.sleep(self.next_at - now)
        self.next_at = max(now, self.next_at) + self.interval


def send_claimed(
    mailing: Mailing, token: str, *, renderer: Renderer, smtp: BaseEmailBackend, limit: RateLimit
) -> Outcome:
    outcome = Outcome()
    max_attempts = settings.INFLYTT_MAILING_MAX_ATTEMPTS
    ids = list(Delivery.objects.filter(claim=token, state=Delivery.State.SENDING).values_list("id", flat=True))
    rows = list(delivery_rows(ids))
    # A send of 100 000 takes a while: whoever unsubscribed, bounced or left guidance since it
    # began is checked once per chunk and skipped.
    still = set(recipients(mailing).filter(pk__in=[row.contact_id for row in rows]).values_list("pk", flat=True))
    for row in rows:
        contact = row.contact
        if contact.pk not in still:
            Delivery.objects.filter(pk=row.pk).update(state=Delivery.State.SKIPPED)
            continue
        municipality = row.municipality_name or contact.assigned_party.name  # type: ignore[attr-defined]  # delivery_rows annotates it
        message = renderer.message(
            to=contact.email,
            language=row.language,
            first_name=contact.first_name,
            municipality=municipality,
            contact_id=contact.pk,
            subscription=getattr(contact, "newsletter", None),
        )
        limit.wait()
        try:
            smtp.send_messages([message])
        except (smtplib.SMTPException, OSError) as error:
            permanent, code = _classify(error)
            if permanent:
                Delivery.objects.filter(pk=row.pk).update(
                    state=Delivery.State.BOUNCED, attempts=F("attempts") + 1, last_error=code[:200]
                )
                mark_bouncing(contact=contact, address=contact.email_normalised, code=code)
                outcome.bounced.append(row.pk)
            elif row.attempts + 1 >= max_attempts:
                Delivery.objects.filter(pk=row.pk).update(
                    state=Delivery.State.FAILED, attempts=F("attempts") + 1, last_error=code[:200]
                )
                outcome.failed.append(row.pk)
            else:
                Delivery.objects.filter(pk=row.pk).update(
                    state=Delivery.State.QUEUED,
                    attempts=F("attempts") + 1,
                    last_error=code[:200],
                    next_attempt_at=timezone.now() + _retry_delay(row.attempts + 1),
                    claim="",
                )
                outcome.retried.append(row.pk)
            if not isinstance(error, smtplib.SMTPResponseException | smtplib.SMTPRecipientsRefused):
                smtp.close()  # the connection may be broken: open a fresh one for the next mail
                try:
                    smtp.open()
                except OSError:
                    pass  # the next send opens it again, and a failure there is retried
            logger.info("mailing=%s delivery=%s failed code=%s permanent=%s", mailing.pk, row.pk, code, permanent)
            continue
        Delivery.objects.filter(pk=row.pk).update(
            state=Delivery.State.SENT, attempts=F("attempts") + 1, sent_at=timezone.now(), last_error=""
        )
        outcome.sent.append(row.pk)
    log_on_cards(mailing, outcome.sent)
    if outcome.bounced:
        _log_bounces(mailing, outcome.bounced)
    return outcome


def log_on_cards(mailing: Mailing, delivery_ids: list[int]) -> int:
    """Rule 3, all dialogue on the card: one "email sent" activity per recipient, written in
    one bulk insert per chunk (never one service call per row)."""
    if not delivery_ids:
        return 0
    with transaction.atomic():
        rows = list(
            Delivery.objects.filter(pk__in=delivery_ids, state=Delivery.State.SENT, on_card=False).values_list(
                "pk", "contact_id", "sent_at", "language"
            )
        )
        subjects = {language: mailing.version(language)[0][:200] for language in ("sv", "en")}
        Activity.objects.bulk_create(
            [
                # sent_at is set on every SENT delivery (the field is nullable for the others).
                Activity(  # type: ignore[misc]
                    contact_id=contact_id,
                    kind=Activity.Kind.EMAIL_OUT,
                    occurred_at=sent_at,
                    sent_at=sent_at,
                    subject=subjects.get(language, subjects["sv"]),
                    body=gettext("Mailing: %(name)s") % {"name": mailing.name},
                )
                for _pk, contact_id, sent_at, language in rows
            ],
            batch_size=1000,
        )
        Delivery.objects.filter(pk__in=[row[0] for row in rows]).update(on_card=True)
    return len(rows)


def _log_bounces(mailing: Mailing, delivery_ids: list[int]) -> None:
    contact_ids = Delivery.objects.filter(pk__in=delivery_ids).values_list("contact_id", flat=True)
    Activity.objects.bulk_create(
        Activity(
            contact_id=contact_id,
            kind=Activity.Kind.SYSTEM,
            **system_event("bounced"),
            body=gettext("Mailing: %(name)s") % {"name": mailing.name},
        )
        for contact_id in contact_ids
    )


def recover_stalled(mailing: Mailing, *, now: datetime | None = None) -> int:
    """Take over the rows of workers that died (their claim is older than the lease). Returns
    how many rows went back to the queue."""
    now = now or timezone.now()
    stale = now - timedelta(seconds=settings.INFLYTT_MAILING_LEASE_SECONDS)
    requeued = 0
    claims = (
        Delivery.objects.filter(mailing=mailing, state=Delivery.State.SENDING, claimed_at__lte=stale)
        .values("claim")
        .annotate(first=Min("id"))
    )
    for row in list(claims):
        with transaction.atomic():
            # The one mail that may have been accepted before the worker died: not sent again.
            Delivery.objects.filter(pk=row["first"], state=Delivery.State.SENDING).update(
                state=Delivery.State.FAILED, last_error=INTERRUPTED
            )
            requeued += Delivery.objects.filter(claim=row["claim"], state=Delivery.State.SENDING).update(
                state=Delivery.State.QUEUED, claim="", claimed_at=None
            )
    # Rows sent by a worker that died before it logged them on the cards.
    sent_unlogged = list(
        Delivery.objects.filter(
            mailing=mailing, state=Delivery.State.SENT, on_card=False, claimed_at__lte=stale
        ).values_list("pk", flat=True)[:100_000]
    )
    log_on_cards(mailing, sent_unlogged)
    return requeued


def run(mailing_id: int, *, max_chunks: int | None = None, now: datetime | None = None) -> str:
    """A worker's share of a mailing: claim, send, repeat until nothing is due. Returns what
    is left: "done", "later" (retries wait) or "stopped" (max_chunks reached)."""
    mailing = Mailing.objects.select_related("event").get(pk=mailing_id)
    if mailing.status != Mailing.Status.SENDING:
        return "done"
    if mailing.recipients is None:
        materialise(mailing)
    recover_stalled(mailing, now=now)
    renderer = Renderer(mailing)
    limit = RateLimit(settings.INFLYTT_MAILING_RATE_PER_SECOND)
    size = settings.INFLYTT_MAILING_CHUNK
    chunks = 0
    smtp = get_connection(fail_silently=False)
    smtp.open()
    try:
        while max_chunks is None or chunks < max_chunks:
            token = claim(mailing, size=size, now=now)
            if not Delivery.objects.filter(claim=token, state=Delivery.State.SENDING).exists():
                break
            send_claimed(mailing, token, renderer=renderer, smtp=smtp, limit=limit)
            chunks += 1
    finally:
        smtp.close()
    if max_chunks is not None and chunks >= max_chunks:
        return "stopped"
    return finish(mailing)


def finish(mailing: Mailing) -> str:
    open_rows = Delivery.objects.filter(mailing=mailing, state__in=[Delivery.State.QUEUED, Delivery.State.SENDING])
    if open_rows.exists():
        return "later"
    status.finish(mailing.pk)
    logger.info("mailing=%s finished", mailing.pk)
    return "done"


def next_retry_at(mailing: Mailing) -> datetime | None:
    return Delivery.objects.filter(mailing=mailing, state=Delivery.State.QUEUED).aggregate(at=Min("next_attempt_at"))[
        "at"
    ]


def mark_bouncing(*, contact: Contact, address: str, code: str) -> None:
    """No more mailings to this address: it failed for good (a refused delivery, a bounce read from
    the mailbox). A new address on the card clears it (selectors.not_bouncing compares them)."""
    BouncingAddress.objects.update_or_create(
        contact_id=contact.pk, defaults={"email_normalised": address, "code": code[:20], "bounced_at": timezone.now()}
    )
