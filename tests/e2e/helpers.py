"""Steps the browser tests share: logging in, and checking a page with axe-core."""

from __future__ import annotations

import re
from urllib.parse import unquote_plus

from axe_playwright_python.sync_playwright import Axe
from django.conf import settings
from django.test import Client
from django.utils import translation
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import Page, expect

from inflytt.accounts.models import User
from inflytt.testing import PASSWORD, login_verified


def ui(source: str, *, whole: bool = True) -> re.Pattern[str]:
    """An interface text in Swedish (the default) or English, from the same catalogue the pages use.

    whole=False matches the start only: a field's label goes on with "(required)".
    """
    with translation.override("sv"):
        swedish = translation.gettext(source)
    either = "|".join(re.escape(text) for text in sorted({source, swedish}))
    return re.compile(f"^({either})$" if whole else rf"^({either})\b")


EMAIL = ui("Email address", whole=False)
PASSWORD_LABEL = ui("Password", whole=False)
CODE = ui("Code", whole=False)
LOG_IN = ui("Log in")
LOG_OUT = ui("Log out")
CONTINUE = ui("Continue")
CONTACTS = ui("Contacts")
SEARCH = ui("Search")
ADD_TO_CARD = ui("Add to the card")
SAVE = ui("Save")
ERROR_SUMMARY = ui("There is a problem")


def current_code(device: TOTPDevice, drift: int = 0) -> str:
    """The code the person's authenticator app shows now (drift: steps of 30 s before or after)."""
    device.refresh_from_db()
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=drift):06d}"


def wrong_code(device: TOTPDevice) -> str:
    """Six digits the device refuses: none of the codes its tolerance window accepts."""
    accepted = {current_code(device, drift) for drift in range(-2, 3)}
    return next(code for code in ("000000", "111111", "222222", "333333", "444444", "555555") if code not in accepted)


def enter_password(page: Page, user: User) -> None:
    page.goto("/accounts/login/")
    page.get_by_label(EMAIL).fill(user.email)
    page.get_by_label(PASSWORD_LABEL).fill(PASSWORD)
    page.get_by_role("button", name=LOG_IN).click()


def enter_code(page: Page, device: TOTPDevice) -> None:
    page.get_by_label(CODE).fill(current_code(device))
    page.get_by_role("button", name=CONTINUE).click()


def log_in(page: Page, user: User) -> None:
    """Password, then the TOTP code: the way a guide with an enrolled phone logs in."""
    enter_password(page, user)
    expect(page).to_have_url(re.compile("/accounts/mfa/verify/$"))
    enter_code(page, TOTPDevice.objects.get(user=user, confirmed=True))
    expect_signed_in(page)


def expect_signed_in(page: Page) -> None:
    """Past both login steps, on whatever start page the role has."""
    expect(page).not_to_have_url(re.compile("/accounts/"))
    expect(page.get_by_role("button", name=LOG_OUT)).to_be_visible()


def go_to_contacts(page: Page) -> None:
    """The contact list, the way a guide gets there: the main menu."""
    page.get_by_role("navigation").get_by_role("link", name=CONTACTS).click()
    expect(page).to_have_url(re.compile("/contacts/$"))


def sign_in_directly(page: Page, user: User, server_url: str) -> None:
    """A verified session without the login pages, for tests about something else."""
    client = login_verified(Client(), user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    page.context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": server_url, "httpOnly": True}])


def assert_accessible(page: Page, where: str) -> None:
    """No axe-core violation (WCAG 2.1 A/AA and best practices) on the page as it is now."""
    results = Axe().run(page)
    assert results.violations_count == 0, f"axe-core on {where} ({page.url}):\n{results.generate_report()}"


def assert_not_in_addresses(urls: list[str], *values: str) -> None:
    """None of `values` (a person's email, name) appears in any of `urls`, each value compared whole
    with the decoded address, case-folded: a short piece of it ("asa") could be part of a random token."""
    for url in urls:
        address = unquote_plus(url).casefold()
        for value in values:
            assert value.casefold() not in address, f"a personal value in {url}"


def search_contacts(page: Page, words: str) -> None:
    page.locator("#id_q").fill(words)
    page.get_by_role("button", name=SEARCH).click()
    expect(page).to_have_url(re.compile(r"[?&]q="))


def open_card(page: Page, name: str) -> None:
    page.get_by_role("table").get_by_role("link", name=name).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(name)


def add_activity(page: Page, kind: str, body: str) -> None:
    page.locator("#id_kind").select_option(kind)
    page.locator("#id_body").fill(body)
    page.get_by_role("button", name=ADD_TO_CARD).click()
