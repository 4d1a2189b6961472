"""Screenshots of the main staff pages for docs/screenshots/ (run by scripts/screenshots, skipped otherwise).

Synthetic demo data (inflytt/contacts/demo.py), a guide of Bräcke and a coordinator, each page at
1366 px (a laptop) and 390 px (a phone), in Swedish and English.
"""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path

import pytest
from django.core.cache import cache
from django.utils import timezone
from playwright.sync_api import Page

from inflytt.accounts.models import Role, User
from inflytt.budget.services import load_budget_reference
from inflytt.contacts.demo import DEMO_DOMAIN, demo_logo, load_demo_data
from inflytt.contacts.models import Activity, Contact
from inflytt.contacts.services import add_activity
from inflytt.core.branding import update_branding
from inflytt.parties.branding import CACHE_KEY as BRANDING_CACHE_KEY
from inflytt.parties.services import load_reference_parties
from inflytt.testing import make_user
from tests.e2e.helpers import sign_in_directly

OUT = os.environ.get("INFLYTT_SCREENSHOTS", "")
pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not OUT, reason="set INFLYTT_SCREENSHOTS=DIR (scripts/screenshots) to take screenshots"),
]
WIDTHS = {"desktop": {"width": 1366, "height": 900}, "phone": {"width": 390, "height": 844}}


def shoot(page: Page, server: str, pages: dict[str, str]) -> None:
    out = Path(OUT)
    out.mkdir(parents=True, exist_ok=True)
    for language in ("sv", "en"):
        page.context.add_cookies([{"name": "django_language", "value": language, "url": server}])
        for size, viewport in WIDTHS.items():
            page.set_viewport_size(viewport)
            for name, path in pages.items():
                page.goto(path)
                page.screenshot(path=str(out / f"{name}-{size}-{language}.png"))


def test_screenshots_of_the_guides_pages(page, live_server, transactional_db):
    load_reference_parties()
    load_demo_data(households=60)
    guide = User.objects.get(email=f"guide.bracke@{DEMO_DOMAIN}")
    card = Contact.objects.filter(assigned_party=guide.party).order_by("pk").first()
    for days in (-1, 0, 2):
        add_activity(
            contact=card,
            kind=Activity.Kind.NOTE,
            body="Ring tillbaka om visningen av lägenheten.",
            follow_up_on=timezone.localdate() + timedelta(days=days),
            acting_user=guide,
        )
    sign_in_directly(page, guide, live_server.url)
    shoot(
        page,
        live_server.url,
        {
            "start": "/",
            "contacts": "/contacts/",
            "card": f"/contacts/{card.pk}/",
            "follow-ups": "/guidance/follow-ups/",
            "segment-editor": "/mailings/segments/new/",
            "mailing-editor": "/mailings/new/",
        },
    )


def test_screenshots_of_the_coordinators_pages(page, live_server, transactional_db):
    load_reference_parties()
    load_budget_reference()
    coordinator = make_user("coordinator", "region", Role.COORDINATOR)
    # Through the service, so the audit log has a named object to show.
    update_branding(name="Ta steget", colour="", logo=demo_logo(), acting_user=coordinator)
    cache.delete(BRANDING_CACHE_KEY)
    sign_in_directly(page, coordinator, live_server.url)
    pages = {"budget": "/budget/2025/", "privacy": "/privacy/", "staff": "/accounts/users/"}
    shoot(page, live_server.url, {**pages, "branding": "/settings/branding/", "audit": "/privacy/audit/"})
