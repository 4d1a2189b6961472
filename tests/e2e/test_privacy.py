"""The privacy pages in a real browser: axe-core finds no violation on any page the privacy app
adds (WCAG 2.1 AA), including the error states, and the coordinator's erasure works end to end."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import Page, expect

from inflytt.accounts.models import Role, User
from inflytt.audit.services import record_event
from inflytt.contacts.models import Contact
from inflytt.contacts.tests.factories import contact
from inflytt.testing import make_user
from tests.e2e.helpers import ERROR_SUMMARY, assert_accessible, assert_not_in_addresses, sign_in_directly, ui

pytestmark = pytest.mark.browser


@pytest.fixture
def coordinator(guide) -> User:
    user = make_user("coordinator", "region", Role.COORDINATOR)
    TOTPDevice.objects.create(user=user, name="phone", confirmed=True)
    return user


@pytest.fixture
def people(coordinator):
    long_ago = timezone.now() - timedelta(days=6 * 365)
    contact(first_name="Gamle", last_name="Ågren", municipalities=("bracke",), registered_at=long_ago)
    contact(
        first_name="Åsa",
        last_name="Öberg",
        municipalities=("bracke",),
        registered_at=timezone.now() - timedelta(days=400),
    )
    contact(first_name="Ödön", last_name="Regionsson", registered_at=timezone.now() - timedelta(days=400))
    return contact(first_name="Märta", last_name="Lindqvist", email="marta@example.se", municipalities=("are",))


def test_every_privacy_page_passes_axe(page: Page, live_server, coordinator, people):
    sign_in_directly(page, coordinator, live_server.url)
    record_event(action="view", actor=coordinator, contact_id=people.pk)
    for path, where in [
        ("/privacy/", "privacy start page"),
        ("/privacy/review/", "review progress"),
        ("/privacy/review/bracke/", "review of Bräcke"),
        ("/privacy/review/region/", "review of the region"),
        ("/privacy/audit/", "audit log"),
        ("/privacy/person/", "person lookup"),
        (f"/privacy/person/{people.pk}/", "a person's data"),
        (f"/privacy/person/{people.pk}/erase/", "erasure confirmation"),
        ("/privacy/retention/", "retention without a preview"),
        ("/sv/privacy/", "privacy notice (sv)"),
        ("/en/privacy/", "privacy notice (en)"),
    ]:
        page.goto(path)
        assert_accessible(page, where)

    # Error states: the review without a choice, the lookup without an address, a bad period.
    page.goto("/privacy/review/bracke/")
    page.locator("button[type=submit].button").last.click()
    expect(page.get_by_role("alert", name=ERROR_SUMMARY)).to_be_visible()
    assert_accessible(page, "review with errors")
    page.goto("/privacy/person/")
    page.locator("main button[type=submit]").click()
    expect(page.get_by_role("alert", name=ERROR_SUMMARY)).to_be_visible()
    assert_accessible(page, "lookup with errors")
    page.goto("/privacy/audit/?start=2026-02-01&end=2026-01-01")
    assert_accessible(page, "audit log with errors")

    # The retention preview and a finished run.
    page.goto("/privacy/retention/")
    page.locator("main form button").click()
    expect(page.get_by_role("table").first).to_contain_text("Bräcke")
    assert_accessible(page, "retention preview")
    page.locator("main form button").first.click()
    expect(page).to_have_url(re.compile(r"/privacy/retention/\d+/$"))
    assert_accessible(page, "retention run")


def test_the_coordinator_finds_a_person_by_email_and_erases_them(page: Page, live_server, coordinator, people):
    sign_in_directly(page, coordinator, live_server.url)
    addresses: list[str] = []
    page.on("framenavigated", lambda frame: addresses.append(frame.url))
    page.on("request", lambda request: addresses.append(request.url))
    page.goto("/privacy/person/")
    page.get_by_label(ui("The person's email address", whole=False)).fill("MARTA@example.se")
    page.locator("main button[type=submit]").click()
    expect(page).to_have_url(re.compile(f"/privacy/person/{people.pk}/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Märta Lindqvist")
    page.get_by_role("link", name=ui("Erase everything about the person")).click()
    page.get_by_role("button", name=ui("Erase permanently")).click()
    expect(page).to_have_url(re.compile("/privacy/person/$"))
    assert not Contact.objects.filter(pk=people.pk).exists()
    # Neither the email nor the name ever appeared in an address the browser went to.
    assert addresses and page.url in addresses
    assert_not_in_addresses(addresses, "marta@example.se", "Märta", "Lindqvist")
