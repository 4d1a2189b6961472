"""Swedish organisation numbers (organisationsnummer): ten digits, the last a Luhn check digit.

Written NNNNNN-NNNN or without the hyphen. The same check digit rule as the personal identity
number (Skatteverket, SKV 709): double every other digit from the left, add the digits of the
products, and the sum with the check digit is divisible by 10.
"""

from __future__ import annotations

import re

_FORMAT = re.compile(r"^(\d{6})-?(\d{4})$")


def luhn_ok(digits: str) -> bool:
    total = 0
    for index, char in enumerate(digits):
        value = int(char) * (2 if index % 2 == 0 else 1)
        total += value - 9 if value > 9 else value
    return total % 10 == 0


def normalise_org_number(value: str) -> str | None:
    """'556012-5790' or '5560125790' -> '5560125790'; None when it is not a valid number."""
    match = _FORMAT.match(value.strip())
    if match is None:
        return None
    digits = match.group(1) + match.group(2)
    return digits if luhn_ok(digits) else None


def format_org_number(digits: str) -> str:
    return f"{digits[:6]}-{digits[6:]}" if len(digits) == 10 else digits
