"""axe-core over the reports (issue 11): steering's dashboard and a quarterly report, the coordinator's
report, in Swedish and in English; and steering sees no person on them."""

from __future__ import annotations

import re
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import Page, expect

from inflytt.accounts.models import Role
from inflytt.budget.services import load_budget_reference
from inflytt.contacts.tests.factories import contact
from inflytt.parties.services import load_reference_parties
from inflytt.testing import make_user
from tests.e2e.helpers import assert_accessible, sign_in_directly, ui

pytestmark = pytest.mark.browser
TZ = ZoneInfo("Europe/Stockholm")


@pytest.fixture
def people(transactional_db):
    load_reference_parties()
    load_budget_reference()
    users = {}
    for name, role in (("steering", Role.STEERING), ("coordinator", Role.COORDINATOR)):
        users[name] = make_user(name, "region", role)
        TOTPDevice.objects.create(user=users[name], name="phone", confirmed=True)
    for slug, count in (("bracke", 2), ("are", 4), ("ostersund", 7)):
        for day in range(count):
            contact(
                first_name="Märta",
                last_name=f"Hemligsson{day}",
                municipalities=(slug,),
                registered_at=datetime(2025, 2, 3 + day, 10, tzinfo=TZ),
            )
    return users


def _in_english(page: Page) -> None:
    page.goto("/accounts/login/")
    page.get_by_role("button", name="In English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")


def _walk(page: Page, language: str) -> None:
    page.goto("/")
    expect(page).to_have_url(re.compile("/reports/$"))
    expect(page.locator("html")).to_have_attribute("lang", language)
    page.get_by_label(ui("Period")).fill("2025Q1")
    page.get_by_role("button", name=ui("Show")).click()
    expect(page.locator("h1")).to_contain_text("2025Q1")
    assert_accessible(page, f"steering's dashboard ({language})")
    page.get_by_role("link", name=ui("The whole programme")).click()
    expect(page.locator("h1")).to_contain_text("2025Q1")
    expect(page.get_by_text(ui("fewer than 3")).first).to_be_visible()
    assert_accessible(page, f"the programme's quarterly report ({language})")
    body = page.content()
    assert "Hemligsson" not in body and "Märta" not in body
    page.goto("/reports/2025Q1/bracke/")
    assert_accessible(page, f"a party's quarterly report ({language})")


def test_steerings_reports_have_no_axe_violations_in_swedish(page, live_server, people):
    sign_in_directly(page, people["steering"], live_server.url)
    _walk(page, "sv")


def test_steerings_reports_have_no_axe_violations_in_english(page, live_server, people):
    _in_english(page)
    sign_in_directly(page, people["steering"], live_server.url)
    _walk(page, "en")


def test_the_coordinators_report_has_no_axe_violations(page, live_server, people):
    sign_in_directly(page, people["coordinator"], live_server.url)
    page.goto("/reports/2025Q1/all/")
    expect(page.get_by_role("button", name=ui("Send each party its report by mail"))).to_be_visible()
    assert_accessible(page, "the coordinator's quarterly report")
