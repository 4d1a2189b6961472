"""The main menu of every staff page, built in Python (docs/decisions/0015-hot-rows-are-built-in-python.md).

base.html shows the menu twice (in the header on wide screens, in the "Menu" panel on narrow ones).
As an included template it was most of the time of an empty staff page (issue 16's profile of the
floor page: the two includes of the menu with their `url`, `icon`, `translate` and `if` tags took
about half of it). Here it is built once per page. The markup is what the template wrote: the
template is kept as inflytt/core/tests/reference/nav.html and a test compares the two for every role.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from html import escape
from typing import Any

from django import template
from django.conf import settings
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from inflytt.core.templatetags.ui import decorative_icon, sprite
from inflytt.guidance.selectors import BADGE_LIMIT

register = template.Library()


@functools.lru_cache(maxsize=256)
def _reversed(urlconf: str, prefix: str, language: str | None, name: str, args: tuple[str, ...]) -> str:
    return reverse(name, urlconf=urlconf, args=args)


def _address(name: str, *args: str) -> str:
    """reverse(), remembered: the menu's dozen addresses cost 70 us each to reverse on every page, and
    an address changes only with the URLconf, the script prefix and the language, which are the key."""
    return _reversed(get_urlconf() or settings.ROOT_URLCONF, get_script_prefix(), get_language(), name, args)


def _item(href: str, icon: str, label: str, current: bool, extra: str = "") -> str:
    here = ' aria-current="page"' if current else ""
    return f'<li><a href="{escape(href)}"{here}>{icon}{escape(label)}{extra}</a></li>'


def _badge_number(count: int) -> str:
    return f"{BADGE_LIMIT}+" if count > BADGE_LIMIT else str(count)


def _badges(counts: dict[str, int]) -> str:
    """The queue badges: unanswered and overdue contacts of the user's party (guidance.context_processors),
    "99+" beyond BADGE_LIMIT (the counts read no further)."""
    # Translated outside the f-strings: xgettext does not read calls inside them (makemessages would drop them).
    waiting, late = escape(_("not answered")), escape(_("overdue"))
    badges = ""
    if counts.get("unanswered"):
        badges += (
            f' <span class="badge">{_badge_number(counts["unanswered"])}'
            f'<span class="visually-hidden"> {waiting}</span></span>'
        )
    if counts.get("overdue"):
        badges += (
            f' <span class="badge badge-alert">{_badge_number(counts["overdue"])}'
            f'<span class="visually-hidden"> {late}</span></span>'
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
    sheet = sprite()  # looked up once for the menu's icons

    def icon(name: str) -> str:
        return decorative_icon(sprite_address=f"{sheet}#{name}")

    items = []
    if user.may_see_people:
        counts: Any = context.get("queue_counts")  # lazy (guidance.context_processors): read here
        counts = counts() if callable(counts) else counts
        queues = app == "guidance" and view != "follow_ups"
        items += [
            _item(_address("guidance:queues"), icon("inbox"), _("Queues"), queues, _badges(counts or {})),
            _item(_address("contacts:list"), icon("users"), _("Contacts"), app == "contacts"),
            _item(_address("guidance:follow_ups"), icon("list-checks"), _("To do"), view == "follow_ups"),
            _item(_address("mailings:list"), icon("mail"), _("Mailings"), app == "mailings"),
        ]
    items.append(_item(_address("networks:overview"), icon("users"), _("Networks"), app == "networks"))
    if role in ("coordinator", "steering", "guide"):
        items.append(_item(_address("reports:dashboard"), icon("chart-column"), _("Reports"), app == "reports"))
    if role in ("coordinator", "steering"):
        items.append(_item(_address("budget:list"), icon("wallet"), _("Budget"), app == "budget"))
    if role == "coordinator":
        items.append(_item(_address("privacy:index"), icon("shield-check"), _("Privacy"), app == "privacy"))
    if role == "guide":
        review = _address("privacy:review", user.party.slug)
        items.append(_item(review, icon("shield-check"), _("Yearly review"), app == "privacy"))
    if role == "coordinator":
        items.append(_settings(app, view, icon))
    label = escape(_("Main menu"))
    links = "\n    ".join(items)
    return mark_safe(f'<nav aria-label="{label}">\n  <ul class="nav">\n    {links}\n  </ul>\n</nav>')  # noqa: S308  # escaped


def _settings(app: str, view: str, icon: Callable[[str], str]) -> str:
    """The coordinator's "Settings" group: forms and API, staff, branding and the administration."""
    staff = view in ("users", "user_edit")
    current = ' class="current"' if staff or view == "branding" or app == "intake" else ""
    links = "\n        ".join(
        [
            _item(_address("intake:embed"), icon("file-code"), _("Forms and API"), app == "intake"),
            _item(_address("accounts:users"), icon("user"), _("Staff"), staff),
            _item(_address("core:branding"), icon("settings"), _("Branding"), view == "branding"),
            _item(_address("admin:index"), icon("settings"), _("Administration"), False),
        ]
    )
    title = escape(_("Settings"))  # outside the f-string, where makemessages finds it
    return (  # every part is escaped; main_menu marks the whole menu safe
        f'<li><details class="nav-more">\n      <summary{current}>{icon("settings")}{title}</summary>\n'
        f"      <ul>\n        {links}\n      </ul>\n    </details></li>"
    )
