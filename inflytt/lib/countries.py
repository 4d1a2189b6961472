"""Country names in the active language, from Babel's CLDR data (no list of our own)."""

from __future__ import annotations

from functools import cache

from babel import Locale
from django.utils.translation import get_language


@cache
def _choices(language: str) -> tuple[tuple[str, str], ...]:
    territories = Locale.parse(language).territories
    rows = [
        (code, name)
        for code, name in territories.items()
        if len(code) == 2 and code.isalpha() and code not in {"ZZ", "EU", "EZ", "UN", "QO", "XA", "XB", "XK"}
    ]
    return tuple(sorted(rows, key=lambda row: row[1].casefold()))


def country_choices() -> tuple[tuple[str, str], ...]:
    return _choices((get_language() or "sv")[:2])


def country_name(code: str) -> str:
    return dict(country_choices()).get(code, code)
