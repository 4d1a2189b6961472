"""Keyboard use: the first Tab offers a way past the header (WCAG 2.4.1 Bypass blocks)."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.helpers import CONTACTS, EMAIL, PASSWORD_LABEL, sign_in_directly, ui

pytestmark = pytest.mark.browser

SKIP = ui("Skip to content")


def test_the_skip_link_is_the_first_tab_stop_and_moves_focus_to_main(page, guide, live_server):
    sign_in_directly(page, guide, live_server.url)
    page.goto("/contacts/")  # the full header: menu, language switch and log out
    expect(page.get_by_role("heading", level=1)).to_have_text(CONTACTS)

    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name=SKIP)
    expect(skip).to_be_focused()
    expect(skip).to_be_in_viewport()
    page.keyboard.press("Enter")

    expect(page.locator("main")).to_be_focused()
    expect(page).to_have_url(re.compile("#main$"))
    # The next Tab lands in the page's content, not back in the header.
    page.keyboard.press("Tab")
    expect(page.locator("main :focus")).to_have_count(1)


def test_the_login_page_starts_in_the_email_field(page, transactional_db):
    # Django's login form autofocuses the email field, so the header is already passed by:
    # the first Tab goes on to the password, not to the skip link.
    page.goto("/accounts/login/")

    expect(page.get_by_label(EMAIL)).to_be_focused()
    page.keyboard.press("Tab")
    expect(page.get_by_label(PASSWORD_LABEL)).to_be_focused()
