from __future__ import annotations

from typing import Any

from django import template
from django.core.cache import cache
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.safestring import mark_safe

from inflytt.lib.cache import CACHE_ERRORS
from inflytt.reports.pages import Value, cell_text
from inflytt.reports.periods import quarter_of
from inflytt.reports.presentation import STAFF, present
from inflytt.reports.selectors import build_report

register = template.Library()


@register.filter
def cell(value: Value) -> str:
    """A table cell as text: a suppressed one as "fewer than 3" or "hidden", nothing as "–"."""
    return cell_text(value)


# The start page's quarter figures are built for every party at once (about 20 queries): kept for a
# few minutes per party and language, so a guide's start page costs that once, not on every visit.
QUARTER_CACHE_SECONDS = 300


@register.simple_tag
def party_quarter(user: Any) -> str:
    """The start page's figures of the user's own party for this quarter (guides and coordinators):
    counts only, the same for everyone of the party, so the rendered table may be shared."""
    period = quarter_of(timezone.localdate())
    key = f"reports:start:{user.party_id}:{period.key}:{translation.get_language()}"
    try:
        html = cache.get(key)
    except CACHE_ERRORS:
        html = None
    if html is None:
        view = present(build_report(period=period), audience=STAFF, party=user.party)
        keys = ("registrations", "first_responses", "households_moved", "magazine_orders")
        context = {"view": view, "figures": [view.figures[key] for key in keys], "period": period}
        html = render_to_string("reports/_party_quarter.html", context)
        try:
            cache.set(key, html, QUARTER_CACHE_SECONDS)
        except CACHE_ERRORS:
            pass
    return mark_safe(html)  # noqa: S308 - our own template's output, rendered with autoescape
