"""The programme's branding (parties.models.Branding), cached: every page and mail asks for it.

It sits low in the graph because accounts', intake's and mailings' mails name the programme;
core.branding saves it (with the audit row)."""

from __future__ import annotations

import io
from email.utils import formataddr
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db.models.functions import Length
from PIL import Image

from inflytt.lib.cache import CACHE_ERRORS
from inflytt.parties.models import Branding

CACHE_KEY = "branding:v2"
# The page background behind buttons and the header's neighbours (--canvas in app.css).
PAGE_BACKGROUND = "#f6f7f9"


def current() -> dict[str, str]:
    """Every page asks: cached, and read from the database when the cache is away (a page must not
    fail because the cache did; docs/decisions/0014). The logo's bytes stay out of the cache; its
    version (the save time) makes the logo's URL change when it does."""
    try:
        values = cache.get(CACHE_KEY)
    except CACHE_ERRORS:
        values = None
    if values is None:
        row = Branding.objects.defer("logo").annotate(logo_size=Length("logo")).filter(pk=1).first()
        has_logo = row is not None and bool(row.logo_size)
        values = {
            "name": (row.name if row else "") or settings.SITE_NAME,
            "own_name": row.name if row else "",
            "colour": row.colour if row else "",
            "sender_email": row.sender_email if row else "",
            "signature": row.signature if row else "",
            "logo_version": str(int(row.updated_at.timestamp() * 1_000_000)) if row and has_logo else "",
        }
        try:
            cache.set(CACHE_KEY, values, 300)
        except CACHE_ERRORS:
            pass
    return values


def programme_name(*, fallback: str = "") -> str:
    """The name a coordinator gave the programme; else `fallback` (the reports pass the
    installation's INFLYTT_PROGRAMME_NAME), else the site's name."""
    values = current()
    return values.get("own_name") or fallback or values["name"]


def sender() -> str:
    """The From of the programme's mails: "Ta steget <info@tasteget.se>", or the server's address
    when no sender is set. A guide's mail from the card goes out under it too (with the guide as
    Reply-To), as it always has: the system never sends in a person's name."""
    values = current()
    if not values["sender_email"]:
        return settings.DEFAULT_FROM_EMAIL
    return formataddr((values["name"], values["sender_email"]))


def signature() -> str:
    """The line(s) the programme's mails end with; the programme's name when none is set."""
    values = current()
    return values["signature"].strip() or values["name"]


def logo_png() -> bytes | None:
    """The logo as the PNG we re-encoded on upload (core.forms), for PDFs and the logo view."""
    if not current()["logo_version"]:
        return None
    logo = Branding.objects.filter(pk=1).values_list("logo", flat=True).first()
    return bytes(logo) if logo else None


def relative_luminance(colour: str) -> float:
    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def contrast(first: str, second: str) -> float:
    """WCAG 2.x contrast ratio of two #rrggbb colours (1 to 21)."""
    light, dark = sorted((relative_luminance(first), relative_luminance(second)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def contrast_with_white(colour: str) -> float:
    return contrast(colour, "#ffffff")


DEFAULT_COLOUR = "#0b5e55"  # --brand in app.css


def draw_logo(pdf: Any, *, height: float = 12) -> None:
    """The logo at the top of a PDF page, on a band of the programme's colour as in the page
    header: a logo made for the header (often white) would vanish on white paper."""
    logo = logo_png()
    if logo is None:
        return
    colour = current()["colour"] or DEFAULT_COLOUR
    with Image.open(io.BytesIO(logo)) as image:
        width = height * image.width / image.height
    pad = 2.5
    x, y = pdf.l_margin, pdf.get_y()
    pdf.set_fill_color(*(int(colour[i : i + 2], 16) for i in (1, 3, 5)))
    pdf.rect(x, y, width + 2 * pad, height + 2 * pad, style="F")
    pdf.set_fill_color(255)
    pdf.image(io.BytesIO(logo), x=x + pad, y=y + pad, h=height, alt_text=programme_name())
    pdf.set_y(y + height + 2 * pad + 3)
