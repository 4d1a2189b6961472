"""Ambassadors' own retention rule and erasure (docs/record-of-processing.md)."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from inflytt.accounts.models import User
from inflytt.audit.models import AuditEvent
from inflytt.audit.services import record_event
from inflytt.networks.models import Ambassador


def ambassador_retention_cutoff(today: date | None = None) -> date:
    years = settings.INFLYTT_AMBASSADOR_RETENTION_YEARS
    today = today or timezone.localdate()
    try:
        return today.replace(year=today.year - years)
    except ValueError:  # 29 February
        return today.replace(year=today.year - years, day=28)


@transaction.atomic
def purge_left_ambassadors(*, today: date | None = None, acting_user: User | None = None) -> int:
    """Ambassadors are deleted INFLYTT_AMBASSADOR_RETENTION_YEARS (default 2) after they left,
    with their log and introductions (docs/record-of-processing.md)."""
    cutoff = ambassador_retention_cutoff(today)
    ids = list(
        Ambassador.objects.filter(status=Ambassador.Status.LEFT, left_on__lt=cutoff).values_list("id", flat=True)
    )
    for start in range(0, len(ids), 500):
        Ambassador.objects.filter(id__in=ids[start : start + 500]).delete()
    if ids:
        record_event(action=AuditEvent.Action.DELETE, actor=acting_user, detail={"ambassadors": len(ids)})
    return len(ids)
