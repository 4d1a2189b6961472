from __future__ import annotations

import ipaddress
from typing import Any

from django.http import HttpRequest

from inflytt.lib.http import client_ip
from inflytt.privacy.models import AuditEvent


def record_event(
    *,
    action: str,
    actor: Any = None,
    request: HttpRequest | None = None,
    contact_id: int | None = None,
    obj: Any = None,
    detail: dict[str, Any] | None = None,
) -> AuditEvent:
    """Append one audit event. `detail` must hold ids and codes only, never personal data."""
    if actor is None and request is not None and request.user.is_authenticated:
        actor = request.user
    ip = client_ip(request) if request is not None else None
    try:
        ipaddress.ip_address(ip or "")
    except ValueError:
        ip = None
    return AuditEvent.objects.create(
        action=action,
        actor=actor if getattr(actor, "pk", None) else None,
        party_id=getattr(actor, "party_id", None),
        contact_id=contact_id,
        object_type=obj._meta.label_lower if obj is not None else "",
        object_id=str(obj.pk) if obj is not None else "",
        detail=detail or {},
        ip=ip,
    )
