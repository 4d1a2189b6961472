"""The contact list as a file (CSV or XLSX): the rows the list page shows with its filters, with
the columns a guide works from. Written by lib/export.py (formula guard, quoting, streaming)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.db.models import QuerySet
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from inflytt.contacts.fields import EXPORTED
from inflytt.contacts.forms import ContactFilterForm
from inflytt.contacts.models import Contact
from inflytt.contacts.selectors import municipality_names

FIELDS = EXPORTED


def header() -> list[str]:
    # FIELDS are the card's own fields, never a reverse relation (get_field may return one).
    labels = [capfirst(str(Contact._meta.get_field(name).verbose_name)) for name in FIELDS]  # type: ignore[union-attr]
    return [_("Contact id"), *labels, _("Municipalities of interest")]


def rows(contacts: QuerySet[Contact], *, chunk: int) -> Iterator[list[Any]]:
    """One row per contact, read `chunk` contacts per query while the file is sent.

    Choice labels are translated once, now, in the request's language; each chunk's
    municipalities come in one query (selectors.municipality_names) rather than a prefetch that
    builds a model per row: at 20 000 rows that is most of the time an export takes."""
    fields = [Contact._meta.get_field(name) for name in FIELDS]
    labels = {
        field.name: {value: str(label) for value, label in field.flatchoices}  # type: ignore[union-attr]
        for field in fields
        if field.choices  # type: ignore[union-attr]
    }
    return _rows(contacts.prefetch_related(None), fields, labels, chunk)


def _rows(
    contacts: QuerySet[Contact],
    fields: list[Any],
    labels: dict[str, dict[Any, str]],
    chunk: int,
) -> Iterator[list[Any]]:
    batch: list[Contact] = []
    for contact in contacts.iterator(chunk_size=chunk):
        batch.append(contact)
        if len(batch) == chunk:
            yield from _batch_rows(batch, fields, labels)
            batch = []
    yield from _batch_rows(batch, fields, labels)


def _batch_rows(batch: list[Contact], fields: list[Any], labels: dict[str, dict[Any, str]]) -> Iterator[list[Any]]:
    if not batch:
        return
    chosen = municipality_names([contact.pk for contact in batch])
    for contact in batch:
        values = []
        for field in fields:
            if field.is_relation:
                related = getattr(contact, field.name)
                values.append("" if related is None else str(related))
            elif field.name in labels:
                value = getattr(contact, field.name)
                values.append(labels[field.name].get(value, value))
            else:
                values.append(getattr(contact, field.name))
        yield [contact.pk, *values, ", ".join(chosen.get(contact.pk, []))]


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
