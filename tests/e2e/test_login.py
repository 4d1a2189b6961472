"""Logging in with a password and a TOTP code, in a real browser."""

from __future__ import annotations

import re

import pytest
from django.conf import settings
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from inflytt.accounts.models import Role
from inflytt.parties.services import load_reference_parties
from inflytt.testing import make_user
from tests.e2e.helpers import (
    CODE,
    CONTACTS,
    CONTINUE,
    assert_accessible,
    current_code,
    enter_password,
    expect_signed_in,
    go_to_contacts,
    log_in,
    ui,
    wrong_code,
)

pytestmark = pytest.mark.browser


def test_first_login_enrols_an_authenticator_and_shows_the_recovery_codes(page, transactional_db):
    load_reference_parties()
    user = make_user("guide_are", "are", Role.GUIDE)

    enter_password(page, user)

    expect(page).to_have_url(re.compile("/accounts/mfa/setup/$"))
    expect(page.get_by_role("img", name=ui("QR code for the authenticator app"))).to_be_visible()
    expect(page.locator(".qr svg")).to_be_visible()
    assert_accessible(page, "the MFA setup page")
    pending = TOTPDevice.objects.get(user=user, confirmed=False)
    page.get_by_label(CODE).fill(current_code(pending))
    page.get_by_role("button", name=ui("Turn on two-factor login")).click()

    expect(page.get_by_role("heading", level=1)).to_have_text(ui("Your recovery codes"))
    shown = page.locator(".codes code").all_inner_texts()
    assert len(shown) == 10
    assert set(shown) == set(StaticToken.objects.filter(device__user=user).values_list("token", flat=True))
    assert TOTPDevice.objects.get(user=user).confirmed
    assert_accessible(page, "the recovery codes page")
    page.get_by_role("link", name=ui("I have saved the codes")).click()
    expect_signed_in(page)


def test_login_with_password_and_code_reaches_the_contact_list(page, guide):
    log_in(page, guide)

    session = next(cookie for cookie in page.context.cookies() if cookie["name"] == settings.SESSION_COOKIE_NAME)
    assert session["httpOnly"]
    assert session["sameSite"] == "Lax"
    assert session["secure"] == settings.SESSION_COOKIE_SECURE

    go_to_contacts(page)
    expect(page.get_by_role("heading", level=1)).to_have_text(CONTACTS)
    expect(page.get_by_role("navigation").get_by_role("link", name=CONTACTS)).to_have_attribute("aria-current", "page")


def test_a_wrong_code_is_refused_with_an_error_summary(page, guide):
    enter_password(page, guide)
    expect(page).to_have_url(re.compile("/accounts/mfa/verify/$"))

    page.get_by_label(CODE).fill(wrong_code(TOTPDevice.objects.get(user=guide)))
    page.get_by_role("button", name=CONTINUE).click()

    summary = page.get_by_role("alert")
    expect(summary).to_be_visible()
    expect(summary).to_be_focused()
    expect(page).to_have_url(re.compile("/accounts/mfa/verify/$"))
    assert_accessible(page, "the MFA verify page with a wrong code")
    page.goto("/contacts/")
    expect(page).to_have_url(re.compile("/accounts/mfa/verify/$"))
