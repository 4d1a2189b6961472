"""Reads of the audit trail: the coordinator's viewer and the events about one person."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import QuerySet

from inflytt.audit.models import AuditEvent
from inflytt.lib.dates import day_start


@dataclass(frozen=True)
class AuditFilters:
    actor: int | None = None
    party: int | None = None
    action: str = ""
    start: date | None = None
    end: date | None = None
    contact_id: int | None = None


def audit_events(*, filters: AuditFilters) -> QuerySet[AuditEvent]:
    """Newest first; every filter has an index that starts with its column and ends with `at`."""
    events = AuditEvent.objects.all()
    if filters.actor:
        events = events.filter(actor_id=filters.actor)
    if filters.party:
        events = events.filter(party_id=filters.party)
    if filters.action:
        events = events.filter(action=filters.action)
    if filters.contact_id:
        events = events.filter(contact_id=filters.contact_id)
    if filters.start:
        events = events.filter(at__gte=day_start(filters.start))
    if filters.end:
        events = events.filter(at__lt=day_start(filters.end + timedelta(days=1)))
    return events.select_related("party").order_by("-at", "-pk")


def person_audit_events(contact_id: int) -> QuerySet[AuditEvent]:
    """Every event about one contact, oldest first (the person's own export shows them)."""
    return AuditEvent.objects.filter(contact_id=contact_id).order_by("at", "pk")
