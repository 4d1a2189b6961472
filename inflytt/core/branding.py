"""The programme's branding (core.models.Branding), cached: every page and mail asks for it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.core.cache import cache
from django.db import transaction

from inflytt.audit.models import AuditEvent
from inflytt.audit.services import record_event
from inflytt.core.models import Branding

if TYPE_CHECKING:
    from inflytt.accounts.models import User

CACHE_KEY = "branding:v1"


def current() -> dict[str, str]:
    values = cache.get(CACHE_KEY)
    if values is None:
        row = Branding.objects.filter(pk=1).first()
        values = {"name": (row.name if row else "") or settings.SITE_NAME, "colour": row.colour if row else ""}
        cache.set(CACHE_KEY, values, 300)
    return values


def programme_name() -> str:
    return current()["name"]


def relative_luminance(colour: str) -> float:
    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def contrast_with_white(colour: str) -> float:
    return 1.05 / (relative_luminance(colour) + 0.05)


@transaction.atomic
def update_branding(*, name: str, colour: str, acting_user: User) -> Branding:
    row, _created = Branding.objects.update_or_create(pk=1, defaults={"name": name.strip(), "colour": colour.lower()})
    record_event(action=AuditEvent.Action.EDIT, actor=acting_user, obj=row, detail={"branding": True})
    transaction.on_commit(lambda: cache.delete(CACHE_KEY))
    return row
