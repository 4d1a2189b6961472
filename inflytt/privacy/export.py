"""A person's data (GDPR art. 15 and 20): everything stored about them, as JSON and as a PDF.

Built by walking the models, not by listing them: any model with a relation to Contact is
included, so a model added later (a mailing delivery, an RSVP) appears without a change here.
"""

from __future__ import annotations

import json
from datetime import date, datetime
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from inflytt.audit.selectors import person_audit_events
from inflytt.budget.invoices import _font_path as font_path
from inflytt.contacts.models import Contact
from inflytt.parties import branding
from inflytt.privacy.selectors import related_rows

# Derived copies of the fields above them; left out so the export reads as the person's data.
INTERNAL_FIELDS = set(Contact.DERIVED_FIELDS)


def _fields(obj: models.Model) -> list[models.Field]:
    return [field for field in obj._meta.concrete_fields if field.name not in INTERNAL_FIELDS]


def _raw(obj: models.Model, field: models.Field) -> Any:
    if field.is_relation:
        related = getattr(obj, field.name)
        return None if related is None else {"id": related.pk, "name": str(related)}
    return getattr(obj, field.attname)


def _readable(obj: models.Model, field: models.Field) -> str:
    if field.is_relation:
        related = getattr(obj, field.name)
        return "" if related is None else str(related)
    value = getattr(obj, field.attname)
    if field.choices:
        return str(getattr(obj, f"get_{field.name}_display")())
    if isinstance(value, datetime):
        return formats.date_format(timezone.localtime(value), "SHORT_DATETIME_FORMAT")
    if isinstance(value, date):
        return formats.date_format(value, "SHORT_DATE_FORMAT")
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if value is None:
        return ""
    return str(value)


def person_data(contact: Contact) -> dict[str, Any]:
    """Everything about the person, keyed by model label (machine-readable, art. 20)."""
    data: dict[str, Any] = {
        "generated_at": timezone.now(),
        "contact": {field.name: _raw(contact, field) for field in _fields(contact)},
        "related": {},
        "access_log": [
            {"at": event.at, "action": event.action, "object_type": event.object_type}
            for event in person_audit_events(contact.pk)
        ],
    }
    for model, rows in related_rows(contact):
        data["related"][model._meta.label_lower] = [
            {field.name: _raw(row, field) for field in _fields(row)} for row in rows
        ]
    return data


def person_json(contact: Contact) -> bytes:
    return json.dumps(person_data(contact), cls=DjangoJSONEncoder, ensure_ascii=False, indent=2).encode()


def _record(obj: models.Model) -> list[str]:
    lines = []
    for field in _fields(obj):
        if field.primary_key or (field.is_relation and field.related_model is Contact):
            continue
        value = _readable(obj, field)
        if value:
            lines.append(f"{str(field.verbose_name).capitalize()}: {value}")
    return lines


def readable_sections(contact: Contact) -> list[tuple[str, list[list[str]]]]:
    """(heading, records of lines) in the person's language: what the PDF prints."""
    with translation.override(contact.language):
        return _sections(contact)


def _sections(contact: Contact) -> list[tuple[str, list[list[str]]]]:
    sections = [(str(Contact._meta.verbose_name).capitalize(), [_record(contact)])]
    for model, rows in related_rows(contact):
        if rows:
            sections.append((str(model._meta.verbose_name_plural).capitalize(), [_record(row) for row in rows]))
    events = list(person_audit_events(contact.pk))
    if events:
        sections.append(
            (
                _("Who has handled your data"),
                [
                    [
                        f"{formats.date_format(timezone.localtime(event.at), 'SHORT_DATETIME_FORMAT')}: "
                        f"{event.get_action_display()}"
                        for event in events
                    ]
                ],
            )
        )
    return sections


def person_pdf(contact: Contact) -> bytes:
    """The same data, readable, in the person's own language."""
    from fpdf import FPDF

    with translation.override(contact.language):
        pdf = FPDF(format="A4")
        title = _("Your personal data in %(site)s") % {"site": branding.programme_name()}
        pdf.set_title(title)
        pdf.set_creation_date(timezone.now())
        font = font_path()
        if font is not None:
            pdf.add_font("Body", fname=str(font))
            family = "Body"
        else:
            family = "Helvetica"

        def write(value: str, size: int, height: float = 5) -> None:
            if font is None:
                value = value.encode("latin-1", "replace").decode("latin-1")
            pdf.set_font(family, size=size)
            pdf.multi_cell(0, height, text=value, new_x="LMARGIN", new_y="NEXT")

        pdf.add_page()
        branding.draw_logo(pdf)
        write(title, 16, 8)
        now = formats.date_format(timezone.localtime(), "SHORT_DATETIME_FORMAT")
        write(_("Made on %(date)s. This is everything stored about you.") % {"date": now}, 9)
        for heading, records in readable_sections(contact):
            pdf.ln(4)
            write(heading, 13, 7)
            for lines in records:
                for line in lines:
                    write(line, 9)
                pdf.ln(2)
        return bytes(pdf.output())
