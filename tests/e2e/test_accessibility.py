"""axe-core over every staff page of the login and contact-card round, in both languages and in error states.

WCAG 2.1 AA is the law for Swedish public digital services (docs/security.md); axe finds the part of it a
machine can find, on the page as the browser built it.
"""

from __future__ import annotations

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

from inflytt.accounts.models import User
from inflytt.contacts.models import Contact
from tests.e2e.helpers import (
    ADD_TO_CARD,
    EMAIL,
    ERROR_SUMMARY,
    LOG_IN,
    SAVE,
    enter_code,
    enter_password,
    expect_signed_in,
    go_to_contacts,
    open_card,
    search_contacts,
)

pytestmark = pytest.mark.browser


def _walk(page: Page, user: User, card: Contact, language: str, *, every_state: bool) -> dict[str, str]:
    """Visit each page and error state; return the axe report of each that has violations.

    every_state adds two states whose markup does not depend on the language (the login errors,
    the open filter panel), so the second language can leave them out and keep the run short.
    """
    axe = Axe()
    reports: dict[str, str] = {}

    def check(where: str) -> None:
        expect(page.locator("html")).to_have_attribute("lang", language)
        results = axe.run(page)
        if results.violations_count:
            reports[f"{where} ({page.url})"] = results.generate_report()

    check("login page")
    if every_state:
        page.get_by_role("button", name=LOG_IN).click()
        expect(page.get_by_role("alert", name=ERROR_SUMMARY)).to_be_focused()
        check("login page with errors")

    enter_password(page, user)
    expect(page).to_have_url(re.compile("/accounts/mfa/verify/$"))
    check("MFA verify page")
    enter_code(page, user.totpdevice_set.get())
    expect_signed_in(page)
    go_to_contacts(page)
    check("contact list")
    search_contacts(page, "östen")
    if every_state:
        check("contact list with a search and the filters open")

    open_card(page, card.full_name)
    check("contact card")
    page.locator("#id_body").fill("")
    page.get_by_role("button", name=ADD_TO_CARD).click()
    expect(page.get_by_role("alert", name=ERROR_SUMMARY)).to_be_focused()
    check("contact card with an empty activity")

    page.goto(f"/contacts/{card.pk}/edit/")
    check("edit form")
    page.locator("#id_first_name").fill("")
    page.get_by_role("button", name=SAVE).click()
    expect(page.get_by_role("alert", name=ERROR_SUMMARY)).to_be_focused()
    check("edit form with an empty first name")
    return reports


def _assert_no_violations(reports: dict[str, str]) -> None:
    assert not reports, "axe-core found violations:\n\n" + "\n\n".join(
        f"== {where}\n{report}" for where, report in reports.items()
    )


def test_pages_have_no_axe_violations_in_swedish(page, guide, oesten):
    page.goto("/accounts/login/")
    expect(page.locator("html")).to_have_attribute("lang", "sv")

    _assert_no_violations(_walk(page, guide, oesten, "sv", every_state=True))


def test_pages_have_no_axe_violations_in_english(page, guide, oesten):
    page.goto("/accounts/login/")
    page.get_by_role("button", name="In English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_label(EMAIL)).to_be_visible()

    _assert_no_violations(_walk(page, guide, oesten, "en", every_state=False))
