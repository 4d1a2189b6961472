from __future__ import annotations

from typing import Any

from django import template
from django.utils import timezone

from inflytt.reports.pages import Value, cell_text
from inflytt.reports.periods import quarter_of
from inflytt.reports.presentation import STAFF, present
from inflytt.reports.selectors import build_report

register = template.Library()


@register.filter
def cell(value: Value) -> str:
    """A table cell as text: a suppressed one as "fewer than 3" or "hidden", nothing as "–"."""
    return cell_text(value)


@register.inclusion_tag("reports/_party_quarter.html")
def party_quarter(user: Any) -> dict[str, Any]:
    """The start page's figures of the user's own party for this quarter (guides and coordinators)."""
    period = quarter_of(timezone.localdate())
    view = present(build_report(period=period), audience=STAFF, party=user.party)
    keys = ("registrations", "first_responses", "households_moved", "magazine_orders")
    return {"view": view, "figures": [view.figures[key] for key in keys], "period": period}
