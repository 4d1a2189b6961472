"""Writes on the audit trail: appending an event, and pruning events past their retention period."""

from __future__ import annotations

import ipaddress
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.utils import timezone

from inflytt.audit.models import AuditEvent
from inflytt.lib.http import client_ip


def record_event(
    *,
    action: str,
    actor: Any = None,
    request: HttpRequest | None = None,
    contact_id: int | None = None,
    obj: Any = None,
    detail: dict[str, Any] | None = None,
) -> AuditEvent:
    """Append one audit event. `detail` holds ids and codes, never the personal data of a contact.
    The actor is named by id and by its label at the time (User.audit_label), which outlives it."""
    if actor is None and request is not None and request.user.is_authenticated:
        actor = request.user
    ip = client_ip(request) if request is not None else None
    try:
        ipaddress.ip_address(ip or "")
    except ValueError:
        ip = None
    if not getattr(actor, "pk", None):
        actor = None
    return AuditEvent.objects.create(
        action=action,
        actor=actor,
        actor_label=actor.audit_label if actor is not None else "",
        party_id=getattr(actor, "party_id", None),
        contact_id=contact_id,
        object_type=obj._meta.label_lower if obj is not None else "",
        object_id=str(obj.pk) if obj is not None else "",
        detail=detail or {},
        ip=ip,
    )


def prune_audit_log(*, now: datetime | None = None, chunk: int = 5000) -> int:
    """Delete audit events older than INFLYTT_AUDIT_RETENTION_DAYS, in chunks. Returns how many."""
    before = (now or timezone.now()) - timedelta(days=settings.INFLYTT_AUDIT_RETENTION_DAYS)
    total = 0
    while True:
        ids = list(AuditEvent.objects.filter(at__lt=before).order_by("at").values_list("pk", flat=True)[:chunk])
        if not ids:
            return total
        total += AuditEvent.objects.filter(pk__in=ids).delete()[0]
