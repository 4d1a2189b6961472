"""The status of a mailing, and the only module that changes it.

    draft ──schedule──> scheduled ──due──> sending ──every recipient has an outcome──> sent
      ^                  │  │ ^
      └───unschedule─────┘  └─┘ scheduled again (a new time)

Each change is one conditional UPDATE whose WHERE clause names the statuses the table allows it
from: of two clicks, or of the minute task and a worker, exactly one wins and the other changes
nothing (the state in the WHERE clause is the lock, as for the deliveries in
docs/decisions/0005). Nothing else writes `Mailing.status`.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.utils import timezone

from inflytt.mailings.models import Mailing

Status = Mailing.Status

# status -> the statuses it may change to, written once.
TRANSITIONS: dict[str, frozenset[str]] = {
    Status.DRAFT: frozenset({Status.SCHEDULED}),
    Status.SCHEDULED: frozenset({Status.SCHEDULED, Status.DRAFT, Status.SENDING}),
    Status.SENDING: frozenset({Status.SENT}),
    Status.SENT: frozenset(),
}


def allowed_from(target: str) -> list[str]:
    """The statuses a mailing may be in to change to `target`."""
    return [source for source, targets in TRANSITIONS.items() if target in targets]


def move(mailing_id: int, *, to: str, where: dict[str, Any] | None = None, **fields: Any) -> bool:
    """Change the mailing's status to `to` (setting `fields` with it) if the table allows it from
    the status it is in now and `where` holds; returns whether it changed."""
    return bool(
        Mailing.objects.filter(pk=mailing_id, status__in=allowed_from(to), **(where or {})).update(status=to, **fields)
    )


def schedule(mailing: Mailing, *, at: datetime, limited_to_id: int | None) -> bool:
    """draft or scheduled -> scheduled for `at`; the instance follows when it changed."""
    changed = move(mailing.pk, to=Status.SCHEDULED, scheduled_at=at, limited_to_id=limited_to_id)
    if changed:
        mailing.status, mailing.scheduled_at, mailing.limited_to_id = Status.SCHEDULED, at, limited_to_id
    return changed


def unschedule(mailing: Mailing) -> bool:
    """scheduled -> draft, before it is due; a mailing already sending stays as it is."""
    changed = move(mailing.pk, to=Status.DRAFT, scheduled_at=None)
    if changed:
        mailing.status, mailing.scheduled_at = Status.DRAFT, None
    return changed


def begin_sending(mailing_id: int, *, now: datetime | None = None) -> bool:
    """scheduled and due -> sending, once."""
    return move(
        mailing_id, to=Status.SENDING, where={"scheduled_at__lte": now or timezone.now()}, started_at=timezone.now()
    )


def finish(mailing_id: int) -> bool:
    """sending -> sent, once (delivery.finish, when no recipient is left without an outcome)."""
    return move(mailing_id, to=Status.SENT, finished_at=timezone.now())
