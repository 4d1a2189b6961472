"""The person's fields in the API's JSON, derived from the card (contacts.fields names them once,
the model gives each its type, choices, length and default).

A schema class takes them as a base built here, then declares what is the API's own (the
municipalities by slug, the magazine's address, the consent). The few places where the API's input
deliberately differs from the card's column are the INPUT_* tables below, each with its reason.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, Literal

from django.db import models
from ninja import Field, Schema
from pydantic import create_model

from inflytt.contacts.forms import MAX_HOUSEHOLD
from inflytt.contacts.models import Contact

# The registration form (intake.forms.RegistrationForm, which validates every API registration too)
# asks for a last name; staff may leave it blank on a card.
INPUT_REQUIRED = frozenset({"last_name"})
# A country the person did not give stays empty rather than the staff form's default of Sweden.
INPUT_DEFAULTS: dict[str, Any] = {"current_country": ""}
INPUT_DESCRIPTIONS = {"current_country": "ISO 3166 alpha-2"}


def _annotation(field: models.Field[Any, Any], *, writable: bool) -> Any:
    if isinstance(field, models.PositiveSmallIntegerField | models.IntegerField):
        return int
    if writable and field.choices:
        values = tuple(value for value, _label in field.choices)
        # The allowed values, documented as an enum.
        return Literal[values]
    return str


def _input(field: models.Field[Any, Any]) -> Any:
    name = field.name
    if name in INPUT_REQUIRED or not (field.blank or field.has_default()):
        default: Any = ...
    else:
        default = INPUT_DEFAULTS.get(name, field.get_default())
    bounds: dict[str, Any] = {}
    if isinstance(field, models.PositiveSmallIntegerField):  # the household: the form's bound
        bounds.update(ge=0, le=MAX_HOUSEHOLD)
    elif field.max_length and not field.choices:
        bounds.update(max_length=field.max_length)
    if name in INPUT_DESCRIPTIONS:
        bounds.update(description=INPUT_DESCRIPTIONS[name])
    return Field(default, **bounds)


def card_schema(name: str, names: Iterable[str], *, writable: bool, base: type[Schema] = Schema) -> type[Schema]:
    """A schema with the card's fields `names`: as the API accepts them (`writable`: bounded, with
    their defaults) or as it answers them (the stored values, every one present)."""
    definitions: dict[str, Any] = {}
    for field_name in names:
        field = Contact._meta.get_field(field_name)
        if not isinstance(field, models.Field):  # contacts.fields names columns, not relations
            raise TypeError(field_name)
        annotation = _annotation(field, writable=writable)
        definitions[field_name] = (annotation, _input(field)) if writable else (annotation, ...)
    return create_model(name, __base__=base, **definitions)
