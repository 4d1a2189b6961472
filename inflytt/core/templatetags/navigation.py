"""The main menu of every staff page, built in Python (docs/decisions/0015-hot-rows-are-built-in-python.md).

base.html shows the menu twice (in the header on wide screens, in the "Menu" panel on narrow ones).
As an included template it was most of the time of an empty staff page (issue 16's profile of the
floor page: the two includes of the menu with their `url`, `icon`, `translate` and `if` tags took
about half of it). Here it is built once per page. The markup is what the template wrote: the
template is kept as inflytt/core/tests/reference/nav.html and a test compares the two for every role.
"""

from __future__ import annotations

from html import escape
from typing import Any

from django import template
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from inflytt.core.templatetags.ui import icon
from inflytt.guidance.selectors import BADGE_LIMIT

register = template.Library()


def _item(href: str, symbol: str, label: str, current: bool, extra: str = "") -> str:
    here = ' aria-current="page"' if current else ""
    return f'<li><a href="{escape(href)}"{here}>{icon(symbol)}{escape(label)}{extra}</a></li>'


def _shown(count: int) -> str:
    return f"{BADGE_LIMIT}+" if count > BADGE_LIMIT else str(count)


def _badges(counts: dict[str, int]) -> str:
    """The queue badges: unanswered and overdue contacts of the user's party (guidance.context_processors),
    "99+" beyond BADGE_LIMIT (the counts read no further)."""
    badges = ""
    if counts.get("unanswered"):
        badges += (
            f' <span class="badge">{_shown(counts["unanswered"])}'
            f'<span class="visually-hidden"> {escape(_("not answered"))}</span></span>'
        )
    if counts.get("overdue"):
        badges += (
            f' <span class="badge badge-alert">{_shown(counts["overdue"])}'
            f'<span class="visually-hidden"> {escape(_("overdue"))}</span></span>'
        )
    return badges


@register.simple_tag(takes_context=True)
def main_menu(context: template.Context) -> SafeString:
    """The `<nav>` of the signed-in user: the links of their role, the current page's marked
    `aria-current="page"`, and the queue badges. Call it once (`{% main_menu as menu %}`) and write it
    where it is shown."""
    user = context["user"]
    match = getattr(context.get("request"), "resolver_match", None)
    app = match.app_name if match else ""
    view = match.url_name if match else ""
    role = user.role
    items = []
    if user.may_see_people:
        counts: Any = context.get("queue_counts")  # lazy (guidance.context_processors): read here
        counts = counts() if callable(counts) else counts
        queues = app == "guidance" and view != "follow_ups"
        items += [
            _item(reverse("guidance:queues"), "inbox", _("Queues"), queues, _badges(counts or {})),
            _item(reverse("contacts:list"), "users", _("Contacts"), app == "contacts"),
            _item(reverse("guidance:follow_ups"), "list-checks", _("To do"), view == "follow_ups"),
            _item(reverse("mailings:list"), "mail", _("Mailings"), app == "mailings"),
        ]
    items.append(_item(reverse("networks:overview"), "users", _("Networks"), app == "networks"))
    if role in ("coordinator", "steering", "guide"):
        items.append(_item(reverse("reports:dashboard"), "chart-column", _("Reports"), app == "reports"))
    if role in ("coordinator", "steering"):
        items.append(_item(reverse("budget:list"), "wallet", _("Budget"), app == "budget"))
    if role == "coordinator":
        items.append(_item(reverse("privacy:index"), "shield-check", _("Privacy"), app == "privacy"))
    if role == "guide":
        review = reverse("privacy:review", args=[user.party.slug])
        items.append(_item(review, "shield-check", _("Yearly review"), app == "privacy"))
    if role == "coordinator":
        items.append(_settings(app, view))
    label = escape(_("Main menu"))
    links = "\n    ".join(items)
    return mark_safe(f'<nav aria-label="{label}">\n  <ul class="nav">\n    {links}\n  </ul>\n</nav>')  # noqa: S308  # escaped


def _settings(app: str, view: str) -> str:
    """The coordinator's "Settings" group: forms and API, staff, branding and the administration."""
    staff = view in ("users", "user_edit")
    current = ' class="current"' if staff or view == "branding" or app == "intake" else ""
    links = "\n        ".join(
        [
            _item(reverse("intake:embed"), "file-code", _("Forms and API"), app == "intake"),
            _item(reverse("accounts:users"), "user", _("Staff"), staff),
            _item(reverse("core:branding"), "settings", _("Branding"), view == "branding"),
            _item(reverse("admin:index"), "settings", _("Administration"), False),
        ]
    )
    return (  # every part is escaped; main_menu marks the whole menu safe
        f'<li><details class="nav-more">\n      <summary{current}>{icon("settings")}{escape(_("Settings"))}</summary>\n'
        f"      <ul>\n        {links}\n      </ul>\n    </details></li>"
    )
