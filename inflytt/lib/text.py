"""Normalisation of names, emails and phone numbers for matching and search."""

from __future__ import annotations

import re
import unicodedata

import phonenumbers

_NON_DIGITS = re.compile(r"\D+")
# A merge field in a mail text: {first_name}. Short and on one line, so prose in braces is left alone.
MERGE_FIELD = re.compile(r"\{([^{}\n]{0,40})\}")
_SPACES = re.compile(r"\s+")


def fold(value: str) -> str:
    """Case-fold with Unicode rules (SQLite's LIKE folds only ASCII, so Å/å must be folded here)."""
    return _SPACES.sub(" ", unicodedata.normalize("NFC", value)).strip().casefold()


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
