"""The contact list as a file (CSV or XLSX): the rows the list page shows with its filters, with
the columns a guide works from. Written by lib/export.py (formula guard, quoting, streaming)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from django.utils import translation
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from inflytt.contacts.forms import ContactFilterForm
from inflytt.contacts.models import Contact

FIELDS = (
    "first_name",
    "last_name",
    "email",
    "phone",
    "preferred_channel",
    "language",
    "current_city",
    "adults",
    "children",
    "status",
    "assigned_party",
    "assigned_guide",
    "registered_at",
    "first_response_due",
)


def header() -> list[str]:
    labels = [capfirst(str(Contact._meta.get_field(name).verbose_name)) for name in FIELDS]
    return [_("Contact id"), *labels, _("Municipalities of interest")]


def _value(contact: Contact, name: str) -> Any:
    field = Contact._meta.get_field(name)
    if field.is_relation:
        related = getattr(contact, name)
        return "" if related is None else str(related)
    if field.choices:
        return getattr(contact, f"get_{name}_display")()
    return getattr(contact, name)


def rows(contacts: Iterable[Contact]) -> Iterator[list[Any]]:
    """One row per contact, read as the file is sent; choices in the language of the request."""
    language = translation.get_language()
    for contact in contacts:
        with translation.override(language):
            municipalities = ", ".join(row.party.name for row in contact.municipality_rows.all())
            yield [contact.pk, *(_value(contact, name) for name in FIELDS), municipalities]


def filter_detail(form: ContactFilterForm) -> dict[str, Any]:
    """The filters of an export for the audit trail: the chosen values, but of the search only
    that one was made (the words may be a name)."""
    data = form.cleaned_data if form.is_bound and form.is_valid() else {}
    detail: dict[str, Any] = {}
    for name in form.fields:
        value = data.get(name)
        if not value:
            continue
        if name == "q":
            detail[name] = True
        elif isinstance(value, list | tuple):
            detail[name] = [str(item) for item in value]
        else:
            detail[name] = value.isoformat() if hasattr(value, "isoformat") else str(value)
    return detail
