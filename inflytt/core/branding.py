"""Saving the programme's branding (read through parties.branding), with its audit row."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.cache import cache
from django.db import transaction

from inflytt.audit.models import AuditEvent
from inflytt.audit.services import record_event
from inflytt.parties.branding import CACHE_KEY
from inflytt.parties.models import Branding

if TYPE_CHECKING:
    from inflytt.accounts.models import User


@transaction.atomic
def update_branding(*, name: str, colour: str, acting_user: User) -> Branding:
    row, _created = Branding.objects.update_or_create(pk=1, defaults={"name": name.strip(), "colour": colour.lower()})
    record_event(action=AuditEvent.Action.EDIT, actor=acting_user, obj=row, detail={"branding": True})
    transaction.on_commit(lambda: cache.delete(CACHE_KEY))
    return row
