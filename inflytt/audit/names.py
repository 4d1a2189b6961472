"""The audit viewer's objects by their names ("Åsa Öberg", the mailing's subject, the user's name)
instead of `contacts.contact:123`.

The audit app imports no app above it (docs/decisions/0012), so the models are named here by their
labels and looked up through the app registry when a page is shown. Each type on a page is read in
one query, whatever the number of its rows (the audit viewer's query count is pinned). A name is
today's: an erased contact shows as erased, never as the name it had.

People's names are personal data: the viewer is the coordinators' (docs/requirements.md: "the
steering role never sees a person"), and `object_names` resolves no person for a reader who may
not see people.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.utils.translation import gettext as _

from inflytt.audit.models import AuditEvent

CONTACT = "contacts.contact"


@dataclass(frozen=True)
class Namer:
    fields: tuple[str, ...]
    person: bool = False  # a person's name: shown only to readers who may see people

    def name(self, values: tuple[object, ...]) -> str:
        return " ".join(str(value) for value in values if value not in (None, "")).strip()


NAMERS: dict[str, Namer] = {
    "accounts.user": Namer(("first_name", "last_name")),
    "contacts.contact": Namer(("first_name", "last_name"), person=True),
    "contacts.activity": Namer(("subject",)),
    "contacts.savedview": Namer(("name",)),
    "guidance.messagetemplate": Namer(("name",)),
    "guidance.inboundmail": Namer(("subject",)),
    "parties.party": Namer(("name",)),
    "parties.branding": Namer(("name",)),
    "budget.budgetyear": Namer(("year",)),
    "budget.area": Namer(("name",)),
    "intake.apitoken": Namer(("name",)),
    "intake.importmapping": Namer(("name",)),
    "mailings.segment": Namer(("name",)),
    "mailings.event": Namer(("title",)),
    "mailings.mailing": Namer(("subject_sv",)),
    "networks.ambassador": Namer(("first_name", "last_name"), person=True),
    "networks.coworkingspace": Namer(("name",)),
    "networks.employer": Namer(("name",)),
    "networks.employercontactperson": Namer(("name",), person=True),
    "reports.goal": Namer(("year",)),
}


def _lookup(label: str, ids: set[str], namer: Namer) -> dict[str, str]:
    model = apps.get_model(label)
    pk = model._meta.pk
    if pk is None:
        return {}
    try:
        for field in namer.fields:
            model._meta.get_field(field)
    except FieldDoesNotExist:
        return {}
    keys = []
    for value in ids:
        try:
            keys.append(pk.to_python(value))
        except Exception:  # noqa: BLE001, S112 - an id that is not this model's key has no name
            continue
    rows = model._default_manager.filter(pk__in=keys).values_list("pk", *namer.fields)
    return {str(row[0]): namer.name(row[1:]) for row in rows}


def _type_label(label: str) -> str:
    try:
        return str(apps.get_model(label)._meta.verbose_name)
    except (LookupError, ValueError):
        return label


@dataclass(frozen=True)
class ObjectName:
    kind: str  # "contact", "mailing": the model's verbose name in the reader's language
    name: str  # "" when it could not be named


def with_names(events: Iterable[AuditEvent], *, may_see_people: bool) -> list[AuditEvent]:
    """The page's events, each with `named_contact` and `named_object` (ObjectName or None). One
    query per object type on the page, the contacts of the contact column included in theirs."""
    events = list(events)
    wanted: dict[str, set[str]] = defaultdict(set)
    for event in events:
        if event.object_type and event.object_id:
            wanted[event.object_type].add(event.object_id)
        if event.contact_id:
            wanted[CONTACT].add(str(event.contact_id))
    names: dict[str, dict[str, str]] = {}
    for label, ids in wanted.items():
        namer = NAMERS.get(label)
        if namer is None or (namer.person and not may_see_people):
            continue
        try:
            names[label] = _lookup(label, ids, namer)
        except (LookupError, ValueError):
            continue
    kinds = {label: _type_label(label) for label in wanted}

    def named(label: str, object_id: str) -> ObjectName:
        if label not in names:
            return ObjectName(kind=kinds[label], name=f"#{object_id}")
        name = names[label].get(object_id)
        if name is None:
            return ObjectName(kind=kinds[label], name=_("#%(id)s (no longer stored)") % {"id": object_id})
        return ObjectName(kind=kinds[label], name=name or f"#{object_id}")

    for event in events:
        shown = named(event.object_type, event.object_id) if event.object_type and event.object_id else None
        event.named_object = shown  # type: ignore[attr-defined]
        same = event.object_type == CONTACT and event.object_id == str(event.contact_id)
        event.named_contact = named(CONTACT, str(event.contact_id)) if event.contact_id and not same else None  # type: ignore[attr-defined]
    return events
