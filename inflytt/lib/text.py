"""Normalisation of names, emails and phone numbers for matching and search."""

from __future__ import annotations

import re
import unicodedata

import phonenumbers
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

_NON_DIGITS = re.compile(r"\D+")
# A merge field in a mail text: {first_name}. Short and on one line, so prose in braces is left alone.
MERGE_FIELD = re.compile(r"\{([^{}\n]{0,40})\}")
_SPACES = re.compile(r"\s+")


def fold(value: str) -> str:
    """Case-fold with Unicode rules (SQLite's LIKE folds only ASCII, so Å/å must be folded here)."""
    return _SPACES.sub(" ", unicodedata.normalize("NFC", value)).strip().casefold()


def plain(value: str) -> str:
    """Folded and without diacritics: Åström and Aström, typed on different keyboards, compare equal
    (and sort their words alike, which the duplicate check's token-sort ratio depends on)."""
    decomposed = unicodedata.normalize("NFKD", fold(value))
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def normalise_email(value: str) -> str:
    return value.strip().lower()


def normalise_phone(value: str, region: str = "SE") -> str:
    """E.164 (+46701234567) when the number parses, else the trimmed input."""
    value = value.strip()
    if not value:
        return ""
    try:
        parsed = phonenumbers.parse(value, region)
    except phonenumbers.NumberParseException:
        return value
    if not phonenumbers.is_possible_number(parsed):
        return value
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)


def phone_digit_variants(value: str) -> list[str]:
    """The digits of a number as people type it: +46701234567 also as 0701234567."""
    digits = _NON_DIGITS.sub("", value)
    if not digits:
        return []
    variants = [digits]
    if value.strip().startswith("+46") and digits.startswith("46"):
        variants.append("0" + digits[2:])
    return variants


def search_text_for(first_name: str, last_name: str, email: str, phone: str) -> str:
    parts = [fold(f"{first_name} {last_name}"), fold(email), *phone_digit_variants(phone)]
    return " | ".join(part for part in parts if part)


def search_terms(query: str) -> tuple[str, str]:
    """The folded query and, when it looks like a phone number, its digits."""
    folded = fold(query)
    digits = _NON_DIGITS.sub("", query)
    looks_like_phone = bool(digits) and len(digits) >= 3 and not re.search(r"[^\d\s+()-]", query)
    return folded, digits if looks_like_phone else ""


def fill(template: str, values: dict[str, str]) -> str:
    """Put the values into {name} places in one pass; anything else in braces stays as written
    (and a value that itself holds "{name}" is not filled again)."""
    return MERGE_FIELD.sub(lambda match: values.get(match.group(1), match.group(0)), template)


# Characters that are never part of a name or a message a person types: C0/C1 control characters
# (tab and line breaks excepted, a textarea has them) and the Unicode bidirectional embeddings,
# overrides and isolates (U+202A-U+202E, U+2066-U+2069), which can make a card, a list or a mail
# show text in another order than it is stored ("Trojan Source", CVE-2021-42574).
_BIDI_CONTROLS = frozenset(chr(code) for code in (*range(0x202A, 0x202F), *range(0x2066, 0x206A)))
_ALLOWED_CONTROLS = frozenset("\t\n\r")
HIDDEN_CHARACTERS = _(
    "Remove the invisible control characters from this text (they can come along with copy and paste)."
)


def has_hidden_characters(value: str) -> bool:
    return any(
        (unicodedata.category(char) == "Cc" and char not in _ALLOWED_CONTROLS) or char in _BIDI_CONTROLS
        for char in value
    )


def validate_visible_text(value: object) -> None:
    """The one validator of free text from the public (the form and the API share RegistrationForm)."""
    if isinstance(value, str) and has_hidden_characters(value):
        raise ValidationError(HIDDEN_CHARACTERS, code="hidden_characters")
