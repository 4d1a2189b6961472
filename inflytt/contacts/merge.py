"""Merging two cards of one person (contacts.duplicates finds them).

Rules:
- The user chooses, field by field, which card's value the kept card gets.
- Every row that points at the merged card moves to the kept one: activities, consents,
  subscriptions, magazine orders, deliveries, RSVPs, introductions, and whatever a future app
  adds, because the foreign keys to Contact are read from the model graph when the merge runs.
  A row that would break a unique constraint on the kept card (the same municipality twice, a
  second newsletter subscription) is not moved: the kept card's row stands, except that an
  active newsletter subscription wins over an inactive one ("De som prenumererar på nyhetsbrev
  får ligga kvar tills de tar bort sig själva", the 2025 agreement, Bilaga 4).
- One transaction; the merge is logged on the card and in the audit log; the merged card's old
  address redirects to the kept card (MergedContact).
- Two cards with different assigned parties: the older card's first-response clock is kept
  ("En person som tar kontakt för flyttvägledning ska ha fått en första återkoppling inom fem
  arbetsdagar", Bilaga 4: a merge must not restart or lose it) and the guides of both parties are told.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from inflytt.accounts.models import User
from inflytt.audit.models import AuditEvent
from inflytt.audit.services import record_event
from inflytt.contacts import tasks
from inflytt.contacts.fields import EDITABLE
from inflytt.contacts.models import Activity, Contact, DuplicateCandidate, MergedContact
from inflytt.contacts.services import save_if_unchanged

# What the merge screen lets the user choose, field by field.
MERGE_FIELDS = (*EDITABLE, "status", "assigned_party", "external_id")
SAME_CARD = gettext_lazy("A card cannot be merged with itself.")


def contact_relations() -> list[models.ForeignKey]:
    """Every foreign key to Contact in the installed models, hidden ones included (through
    tables, related_name="+"), so a future app's rows move too."""
    return [
        field.remote_field  # type: ignore[misc]
        for field in Contact._meta.get_fields(include_hidden=True)
        if field.auto_created and not field.concrete and (field.one_to_many or field.one_to_one)
    ]


def _unique_sets(model: type[models.Model], name: str) -> list[tuple[str, ...]]:
    """The other columns of each unique constraint that includes the foreign key `name`."""
    sets = [tuple(fields) for fields in model._meta.unique_together if name in fields]
    sets += [
        tuple(constraint.fields)
        for constraint in model._meta.constraints
        if isinstance(constraint, models.UniqueConstraint) and name in constraint.fields
    ]
    return [tuple(field for field in fields if field != name) for fields in sets]


def _move(field: models.ForeignKey, keep: Contact, drop: Contact) -> int:
    model, name = field.model, field.name
    rows = model._default_manager.filter(**{name: drop})
    if field.one_to_one or getattr(field, "unique", False):
        kept = model._default_manager.filter(**{name: keep}).first()
        moving = rows.first()
        if moving is None:
            return 0
        if kept is not None:
            if getattr(moving, "is_active", False) and not getattr(kept, "is_active", False):
                kept.delete()
            else:
                moving.delete()
                return 0
        return rows.update(**{name: keep})
    for others in _unique_sets(model, name):
        if others:
            taken = model._default_manager.filter(**{name: keep}).values_list(*others)
            clash = [dict(zip(others, values, strict=True)) for values in taken]
            for values in clash:
                rows.filter(**values).delete()
    return rows.update(**{name: keep})


@transaction.atomic
def merge_contacts(*, keep: Contact, drop: Contact, choices: Mapping[str, str], acting_user: User) -> Contact:
    """Merge `drop` into `keep`. `choices` maps a field of MERGE_FIELDS to "keep" or "drop"
    (missing: the kept card's value)."""
    if keep.pk == drop.pk:
        raise ValidationError(SAME_CARD)
    keep, drop = (
        Contact.objects.select_for_update().select_related("assigned_party").get(pk=pk) for pk in (keep.pk, drop.pk)
    )
    older = keep if (keep.registered_at, keep.pk) <= (drop.registered_at, drop.pk) else drop
    parties = {keep.assigned_party_id, drop.assigned_party_id}
    changes: dict[str, Any] = {
        name: getattr(drop, name)
        for name in MERGE_FIELDS
        if choices.get(name) == "drop" and getattr(drop, name) != getattr(keep, name)
    }
    if "assigned_party" in changes:
        changes["assigned_party_id"] = changes.pop("assigned_party").pk
    if "assigned_guide" in changes:
        guide = changes.pop("assigned_guide")
        changes["assigned_guide_id"] = guide.pk if guide else None
    changes.update(
        registered_at=older.registered_at,
        first_response_due=older.first_response_due,
        first_response_at=older.first_response_at,
        last_activity_at=max(keep.last_activity_at, drop.last_activity_at),
    )
    drop_email, drop_name, drop_id = drop.email, drop.full_name, drop.pk
    # The merged card's pairs go with it, not to the kept card (a pair of the kept card with itself,
    # or a second row for one pair); the check after commit finds the kept card's pairs anew.
    DuplicateCandidate.objects.filter(Q(first=drop) | Q(second=drop)).delete()
    moved = {}
    for field in contact_relations():
        count = _move(field, keep, drop)
        if count:
            moved[field.model._meta.label_lower] = count
    # The unique email belongs to one card: free it before the kept card may take it.
    Contact.objects.filter(pk=drop.pk).update(email="", email_normalised="")
    drop.delete()
    for name, value in changes.items():
        setattr(keep, name, value)
    save_if_unchanged(keep, None, **changes, **keep.refresh_derived_fields())
    MergedContact.objects.create(old_id=drop_id, contact=keep)
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("Merged with card %(id)s") % {"id": drop_id}
        body = _("%(name)s (%(email)s) was merged into this card.") % {"name": drop_name, "email": drop_email or "-"}
    activity = Activity.objects.create(
        contact=keep,
        kind=Activity.Kind.SYSTEM,
        subject=subject[:200],
        body=body,
        author=acting_user,
        party=getattr(acting_user, "party", None),
        occurred_at=timezone.now(),
    )
    record_event(
        action=AuditEvent.Action.EDIT,
        actor=acting_user,
        contact_id=keep.pk,
        obj=keep,
        detail={
            "merged": drop_id,
            "fields": sorted(name for name in choices if choices[name] == "drop"),
            "moved": moved,
        },
    )
    record_event(
        action=AuditEvent.Action.DELETE, actor=acting_user, contact_id=drop_id, detail={"merged_into": keep.pk}
    )
    tasks.check_duplicates_after_commit(keep.pk)
    if len(parties) > 1:
        party_ids = sorted(parties)
        transaction.on_commit(lambda: tasks.notify_merge(activity.pk, party_ids))
    return keep


def merged_into(old_id: int) -> int | None:
    return MergedContact.objects.filter(old_id=old_id).values_list("contact_id", flat=True).first()
