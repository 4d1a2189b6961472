from __future__ import annotations

from decimal import Decimal

from django import template
from django.utils import formats

register = template.Library()


@register.filter
def kr(value: int | Decimal | None) -> str:
    """Money as the language writes it: 995 670 (sv) or 995,670 (en); öre only when there are any."""
    if value is None:
        return ""
    places = 2 if isinstance(value, Decimal) and value != value.to_integral_value() else 0
    return formats.number_format(value, decimal_pos=places, use_l10n=True, force_grouping=True)


@register.filter
def at(values: list, index: int) -> object:
    return values[index]
