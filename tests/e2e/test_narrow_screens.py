"""The staff pages on a phone and on a laptop (issue 14): nothing scrolls sideways, axe finds nothing.

Guides work on the move, at fairs and meet-ups: at 390 px (a common phone width) no staff page may
be wider than the screen, the menu collapses into a button that opens without JavaScript, and lists
become stacked cards. The budget tables fit a 1366 px laptop screen.
"""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import Page, expect

from inflytt.accounts.models import Role
from inflytt.budget.services import load_budget_reference
from inflytt.contacts.demo import demo_logo
from inflytt.contacts.models import Activity
from inflytt.contacts.services import add_activity
from inflytt.parties.models import Branding
from inflytt.parties.services import load_reference_parties
from inflytt.testing import make_user
from tests.e2e.helpers import CONTACTS, assert_accessible, sign_in_directly, ui

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
LAPTOP = {"width": 1366, "height": 768}


def overflow(page: Page) -> int:
    """How many pixels the page is wider than the window (0 when nothing scrolls sideways)."""
    return page.evaluate("document.documentElement.scrollWidth - window.innerWidth")


@pytest.mark.parametrize("language", ["sv", "en"])
def test_no_staff_page_scrolls_sideways_on_a_phone(page, live_server, guide, oesten, language):
    add_activity(
        contact=oesten,
        kind=Activity.Kind.NOTE,
        body="Ring tillbaka om bostad i Bräcke när visningen är bokad, gärna före lunch.",
        follow_up_on=timezone.localdate() - timedelta(days=1),
        acting_user=guide,
    )
    page.set_viewport_size(PHONE)
    sign_in_directly(page, guide, live_server.url)
    page.context.add_cookies([{"name": "django_language", "value": language, "url": live_server.url}])
    pages = {
        "the start page": "/",
        "the contact list": "/contacts/",
        "the card": f"/contacts/{oesten.pk}/",
        "the follow-ups": "/guidance/follow-ups/",
        "the segment editor": "/mailings/segments/new/",
        "the mailing editor": "/mailings/new/",
    }
    for where, path in pages.items():
        page.goto(path)
        expect(page.locator("html")).to_have_attribute("lang", language)
        assert overflow(page) <= 0, f"{where} ({path}) is {overflow(page)} px wider than a 390 px screen"
        assert_accessible(page, f"{where} at 390 px")

    # The list is a stack of cards: each row as wide as the screen, its cells labelled.
    page.goto("/contacts/")
    row = page.locator("table.list tbody tr").first
    box = row.bounding_box()
    assert box is not None and box["width"] <= PHONE["width"]
    expect(row.locator("td[data-label]").first).to_be_visible()


def test_the_menu_collapses_into_a_button_that_works_without_javascript(browser, live_server, guide):
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False, viewport=PHONE)
    page = context.new_page()
    try:
        sign_in_directly(page, guide, live_server.url)
        page.goto("/contacts/")
        menu = page.get_by_text(ui("Menu"))
        expect(menu).to_be_visible()
        expect(page.get_by_role("navigation")).to_have_count(0)  # closed: the links take no room
        menu.click()
        page.get_by_role("navigation").get_by_role("link", name=CONTACTS).click()
        expect(page.get_by_role("heading", level=1)).to_have_text(CONTACTS)
        assert overflow(page) <= 0
    finally:
        context.close()


def test_the_menu_is_a_bar_on_a_laptop(page, live_server, guide):
    page.set_viewport_size(LAPTOP)
    sign_in_directly(page, guide, live_server.url)
    page.goto("/contacts/")
    expect(page.get_by_role("navigation").get_by_role("link", name=CONTACTS)).to_be_visible()
    expect(page.get_by_text(ui("Menu"))).to_be_hidden()


def test_the_budget_tables_fit_a_laptop_screen(page, live_server, transactional_db):
    load_reference_parties()
    load_budget_reference()
    coordinator = make_user("coordinator", "region", Role.COORDINATOR)
    TOTPDevice.objects.create(user=coordinator, name="phone", confirmed=True)
    # With the programme's logo in the header too (the demo's), the menu keeps to one row.
    Branding.objects.create(pk=1, name="Ta steget", logo=demo_logo())
    page.set_viewport_size(LAPTOP)
    sign_in_directly(page, coordinator, live_server.url)
    page.goto("/budget/")
    expect(page.locator(".site-header .brand-logo")).to_be_visible()
    header = page.locator(".site-header").bounding_box()
    assert header is not None and header["height"] < 80, "the coordinator's menu wraps onto a second row at 1366 px"
    page.get_by_role("navigation").get_by_text(ui("Settings")).click()
    expect(page.get_by_role("navigation").get_by_role("link", name=ui("Staff"))).to_be_visible()
    for path in ("/budget/2025/", "/budget/2025/outcome/"):
        page.goto(path)
        assert overflow(page) <= 0, f"{path} is {overflow(page)} px wider than 1366 px"
        for wrap in page.locator(".table-wrap").all():
            assert wrap.evaluate("el => el.scrollWidth <= el.clientWidth"), f"a table on {path} scrolls sideways"


def test_the_staff_accounts_and_calendar_pages_fit_a_phone(page, live_server, transactional_db):
    load_reference_parties()
    coordinator = make_user("coordinator", "region", Role.COORDINATOR)
    TOTPDevice.objects.create(user=coordinator, name="phone", confirmed=True)
    page.set_viewport_size(PHONE)
    sign_in_directly(page, coordinator, live_server.url)
    for where, path in {
        "the staff accounts": "/accounts/users/",
        "a staff account": f"/accounts/users/{coordinator.pk}/",
        "the calendar feed": "/guidance/calendar/",
        "the branding": "/settings/branding/",
    }.items():
        page.goto(path)
        assert overflow(page) <= 0, f"{where} ({path}) is {overflow(page)} px wider than a 390 px screen"
        assert_accessible(page, f"{where} at 390 px")
    page.context.clear_cookies()
    page.goto("/accounts/password-reset/")
    assert_accessible(page, "the forgotten-password page")


def test_the_segment_editor_filters_the_countries_and_counts_before_saving(page, live_server, guide, oesten):
    """No ctrl-click through 250 countries: a filter field over the checkboxes (Swedish UI)."""
    sign_in_directly(page, guide, live_server.url)
    page.goto("/mailings/segments/new/")
    countries = page.locator("fieldset:has(#id_countries_0)")
    countries.get_by_role("searchbox").fill("norg")
    expect(countries.get_by_text("Norge", exact=True)).to_be_visible()
    expect(countries.get_by_text("Danmark", exact=True)).to_be_hidden()
    # htmx (our static copy) asks for the count as the conditions change, before anything is saved:
    # Åsa and Östen chose Bräcke (Märta chose Åre), and none of them lives in Norway.
    page.get_by_label("Bräcke kommun").first.check()
    expect(page.locator("#segment-count")).to_have_text(re.compile(r"^2 kontakter matchar just nu\.$"))
    countries.get_by_text("Norge", exact=True).click()
    expect(page.locator("#segment-count")).to_have_text(re.compile(r"^0 kontakter matchar just nu\.$"))
    countries.get_by_role("searchbox").fill("")
    expect(countries.get_by_text("Danmark", exact=True)).to_be_visible()


def test_the_mailing_editor_previews_as_one_writes_and_inserts_merge_fields(page, live_server, guide):
    page.set_viewport_size(LAPTOP)
    sign_in_directly(page, guide, live_server.url)
    page.goto("/mailings/new/")
    body = page.locator("#id_body_sv")
    body.fill("Hej\nvälkommen till Bräcke")
    page.locator("#merge-sv").select_option("{first_name}")
    expect(body).to_have_value("Hej\nvälkommen till Bräcke{first_name}")
    page.get_by_role("toolbar").first.get_by_role("button", name=ui("Bold")).click()
    expect(page.locator("#preview-sv")).to_contain_text("välkommen till Bräcke{first_name}")
    expect(page.locator("#preview-sv br")).to_have_count(1)  # the single line break is kept
    assert_accessible(page, "the mailing editor with its toolbar and preview")


def _some_rows_for_every_list(coordinator) -> None:
    """One row or two in each staff table, so the stacked cards are there to measure."""
    from inflytt.audit.services import record_event
    from inflytt.mailings.models import Event, Mailing
    from inflytt.networks.models import Ambassador, CoworkingSpace, Employer
    from inflytt.parties.models import Party

    load_budget_reference()
    bracke = Party.objects.get(slug="bracke")
    Mailing.objects.create(
        name="Novembernytt med ett långt internt namn för att pröva radbrytningen",
        purpose=Mailing.Purpose.NEWSLETTER,
        subject_sv="Novembernytt",
        body_sv="Hej!",
        created_by=coordinator,
    )
    event = Event.objects.create(
        title="Inflyttarträff i Bräcke med fika och guidad tur",
        starts_at=timezone.now() + timedelta(days=10),
        place="Bräcke Folkets hus, stora salen",
        municipality=bracke,
        capacity=40,
        created_by=coordinator,
    )
    Ambassador.objects.create(
        first_name="Karin", last_name="Wikström-Andersson", email="karin@example.se", party=bracke
    )
    CoworkingSpace.objects.create(name="Kontorshotellet vid stationen i Bräcke", party=bracke)
    Employer.objects.create(org_number="5560000001", name="Bräcke Mekaniska Verkstad Aktiebolag", party=bracke)
    record_event(action="edit", actor=coordinator, obj=event)


# Every staff table stacks into cards under 600 px (issue 14: "lists and the timeline become stacked
# cards under 600 px. No page of the staff UI scrolls sideways at 390 px width").
STAFF_TABLES = {
    "the contact list": "/contacts/",
    "the follow-ups": "/guidance/follow-ups/",
    "the mailings": "/mailings/",
    "the events": "/mailings/events/",
    "the magazine orders": "/mailings/magazine/",
    "the ambassadors": "/networks/ambassadors/",
    "the coworking spaces": "/networks/coworking/",
    "the employers": "/networks/employers/",
    "the meet-ups": "/networks/events/",
    "the report": "/reports/",
    "the budget year": "/budget/2025/",
    "the budget outcome": "/budget/2025/outcome/",
    "the audit log": "/privacy/audit/",
    "the staff accounts": "/accounts/users/",
    "the duplicates": "/contacts/duplicates/",
    "the imports": "/intake/import/",
    "the embed page": "/intake/embed/",
    "the register maintenance": "/privacy/review/",
    "the received mail": "/guidance/inbound/",
}


@pytest.mark.parametrize("language", ["sv", "en"])
def test_every_staff_table_becomes_cards_on_a_phone(page, live_server, oesten, language):
    coordinator = make_user("coordinator", "region", Role.COORDINATOR)
    TOTPDevice.objects.create(user=coordinator, name="phone", confirmed=True)
    _some_rows_for_every_list(coordinator)
    page.set_viewport_size(PHONE)
    sign_in_directly(page, coordinator, live_server.url)
    page.context.add_cookies([{"name": "django_language", "value": language, "url": live_server.url}])
    for where, path in STAFF_TABLES.items():
        page.goto(path)
        assert overflow(page) <= 0, f"{where} ({path}) is {overflow(page)} px wider than a 390 px screen"
        # Each cell of a card names its column, except the card's title (its first cell or row heading).
        unlabelled = page.evaluate(
            """() => [...document.querySelectorAll('table.list tbody tr')].flatMap(row =>
                [...row.querySelectorAll(':scope > td')].filter((cell, i) =>
                    !cell.hasAttribute('colspan') && !cell.dataset.label
                    && !(i === 0 && !row.querySelector(':scope > th'))
                ).map(cell => cell.textContent.trim().slice(0, 40)))"""
        )
        assert unlabelled == [], f"{where} ({path}) has cells without a column name: {unlabelled}"
        for table in page.locator("table.list").all():
            box = table.bounding_box()
            assert box is None or box["width"] <= PHONE["width"], f"a table on {where} is wider than the screen"
        assert_accessible(page, f"{where} at 390 px")
