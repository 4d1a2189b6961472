"""The programme's branding (parties.models.Branding), cached: every page and mail asks for it.

It sits low in the graph because accounts', intake's and mailings' mails name the programme;
core.branding saves it (with the audit row)."""

from __future__ import annotations

from django.conf import settings
from django.core.cache import cache

from inflytt.lib.cache import CACHE_ERRORS
from inflytt.parties.models import Branding

CACHE_KEY = "branding:v1"


def current() -> dict[str, str]:
    """Every page asks: cached, and read from the database when the cache is away (a page must not
    fail because the cache did; docs/decisions/0014)."""
    try:
        values = cache.get(CACHE_KEY)
    except CACHE_ERRORS:
        values = None
    if values is None:
        row = Branding.objects.filter(pk=1).first()
        values = {"name": (row.name if row else "") or settings.SITE_NAME, "colour": row.colour if row else ""}
        try:
            cache.set(CACHE_KEY, values, 300)
        except CACHE_ERRORS:
            pass
    return values


def programme_name() -> str:
    return current()["name"]


def relative_luminance(colour: str) -> float:
    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def contrast_with_white(colour: str) -> float:
    return 1.05 / (relative_luminance(colour) + 0.05)
