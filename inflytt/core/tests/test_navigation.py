"""The main menu (core/templatetags/navigation.py) writes what its template wrote, for every role and page."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.template import Context, Template
from django.test import RequestFactory
from django.test.html import parse_html
from django.urls import resolve, reverse
from django.utils import translation

from inflytt.core.templatetags.navigation import main_menu
from inflytt.testing import PERSONAS

# The include the menu was before it was built in Python: the menu must stay what it wrote.
REFERENCE = Path(__file__).parent / "reference" / "nav.html"

PAGES = [
    "guidance:queues",
    "guidance:follow_ups",
    "contacts:list",
    "mailings:list",
    "networks:overview",
    "reports:dashboard",
    "budget:list",
    "privacy:index",
    "accounts:users",
    "core:branding",
    "intake:embed",
    None,  # a page without a match (the 404 page)
]
COUNTS = [{"unanswered": 12, "overdue": 3}, {"unanswered": 4, "overdue": 0}, {"unanswered": 100, "overdue": 99}, {}]


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["sv", "en"])
def test_the_menu_is_what_its_template_wrote_for_every_role_page_and_badge(personas, language):
    reference = Template(REFERENCE.read_text())
    compared = 0
    with translation.override(language):
        for name in PERSONAS:
            user = personas[name]
            for page in PAGES:
                request = RequestFactory().get(reverse(page) if page else "/nowhere/")
                request.resolver_match = resolve(request.path) if page else None
                request.user = user
                for counts in COUNTS:
                    # The context processor hands the counts over lazily, as a callable.
                    context = {"user": user, "request": request, "queue_counts": lambda counts=counts: counts}
                    built = main_menu(Context(context))
                    assert parse_html(built) == parse_html(reference.render(Context(context))), (name, page, counts)
                    compared += 1
    assert compared == len(PERSONAS) * len(PAGES) * len(COUNTS)


@pytest.mark.django_db
def test_every_role_sees_its_own_links_and_the_current_page_is_marked(personas):
    def menu(name: str, page: str) -> str:
        request = RequestFactory().get(reverse(page))
        request.resolver_match = resolve(request.path)
        user = personas[name]
        return main_menu(Context({"user": user, "request": request, "queue_counts": lambda: {"unanswered": 2}}))

    with translation.override("sv"):
        guide = menu("guide_bracke", "contacts:list")
        steering = menu("steering", "reports:dashboard")
        coordinator = menu("coordinator", "accounts:users")
    assert f'href="{reverse("contacts:list")}" aria-current="page"' in guide
    assert guide.count('aria-current="page"') == 1
    assert '<span class="badge">2<span class="visually-hidden"> obesvarade</span></span>' in guide
    assert reverse("privacy:review", args=["bracke"]) in guide and reverse("budget:list") not in guide
    # Steering never sees personal data: no queues, contacts or mailings.
    assert reverse("contacts:list") not in steering and reverse("guidance:queues") not in steering
    assert f'href="{reverse("reports:dashboard")}" aria-current="page"' in steering
    assert '<summary class="current">' in coordinator and reverse("admin:index") in coordinator
