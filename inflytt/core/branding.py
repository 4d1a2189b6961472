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

TEXT_FIELDS = ("name", "colour", "sender_email", "signature")


@transaction.atomic
def update_branding(
    *,
    name: str,
    colour: str,
    acting_user: User,
    sender_email: str = "",
    signature: str = "",
    logo: bytes | None = None,
    remove_logo: bool = False,
) -> Branding:
    """Save the programme's name, colour, sender address, signature and logo (`logo` None keeps the
    one there is; the form has re-encoded it as a PNG). The audit row names the fields that changed,
    not their values: a signature may hold a person's phone number."""
    row, _created = Branding.objects.select_for_update().get_or_create(pk=1)
    values = {
        "name": name.strip(),
        "colour": colour.lower(),
        "sender_email": sender_email.strip(),
        "signature": signature,
    }
    changed = [field for field in TEXT_FIELDS if getattr(row, field) != values[field]]
    for field, value in values.items():
        setattr(row, field, value)
    if logo is not None:
        row.logo = logo
        changed.append("logo")
    elif remove_logo and row.logo:
        row.logo = b""
        changed.append("logo")
    row.full_clean()
    row.save()
    record_event(
        action=AuditEvent.Action.EDIT, actor=acting_user, obj=row, detail={"branding": True, "fields": changed}
    )
    transaction.on_commit(lambda: cache.delete(CACHE_KEY))
    return row
