"""Moving in, in a real browser: the coordinator uploads the old register, sees its mapping,
first rows and errors, imports it, and merges a duplicate; axe-core finds no violation on the
import, duplicates and merge pages (WCAG 2.1 AA); a pair that is not one person is dismissed."""

from __future__ import annotations

import re

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import Page, expect

from inflytt.accounts.models import Role, User
from inflytt.contacts.models import Contact
from inflytt.contacts.tests.factories import contact
from inflytt.testing import make_user
from tests.e2e.helpers import assert_accessible, sign_in_directly, ui

pytestmark = pytest.mark.browser

REGISTER = (
    "Extern id;Förnamn;Efternamn;E-post;Mobil;Postort;Kommun;Registrerad;Nyhetsbrev\r\n"
    "K1;Åsa;Öberg;asa@example.se;070-111 22 33;Göteborg;Bräcke;2019-03-04;ja\r\n"
    "K2;Örjan;Ek;orjan@example.se;070-222 33 44;Umeå;Åre;2023-05-06;nej\r\n"
    "K3;;Utan förnamn;x@example.se;;;Oslo;2020-01-01;kanske\r\n"
).encode("cp1252")


@pytest.fixture
def coordinator(guide) -> User:
    user = make_user("coordinator", "region", Role.COORDINATOR)
    TOTPDevice.objects.create(user=user, name="phone", confirmed=True)
    return user


def test_import_with_errors_then_skip_them(page: Page, live_server, coordinator, tmp_path):
    contact(first_name="Redan", last_name="Här")  # a card before the import: ids differ
    sign_in_directly(page, coordinator, live_server.url)
    page.goto("/intake/import/")
    assert_accessible(page, "import upload")
    path = tmp_path / "gamla-crm.csv"
    path.write_bytes(REGISTER)
    page.get_by_label(ui("File", whole=False)).set_input_files(str(path))
    page.get_by_role("button", name=ui("Upload")).click()
    expect(page).to_have_url(re.compile(r"/intake/import/\d+/$"))
    expect(page.get_by_role("table").last).to_contain_text("Örjan")
    assert_accessible(page, "import mapping and preview")
    page.get_by_role("button", name=ui("Check every row")).click()
    expect(page.get_by_role("table").first).to_contain_text("Kommun")
    assert_accessible(page, "import check with errors")
    page.get_by_label(ui("Import the valid rows and skip the rows with errors", whole=False)).check()
    page.get_by_role("button", name=ui("Import")).click()
    expect(page.locator("dl.facts").first).to_contain_text(re.compile("Klar|Done"))
    assert Contact.objects.filter(source=Contact.Source.IMPORT).count() == 2


def test_duplicates_and_merge_pages(page: Page, live_server, coordinator):
    first = contact(first_name="Anna", last_name="Berg", phone="070-765 43 21", email="anna@example.se")
    second = contact(first_name="Anna", last_name="Berg", phone="+46707654321", email="anna.berg@example.se")
    # Two cards of two people who share a phone number: the pair is proposed until dismissed.
    contact(first_name="Bo", last_name="Ek", phone="070-111 00 00", email="bo@example.se")
    contact(first_name="Bea", last_name="Ek", phone="+46701110000", email="bea@example.se")
    sign_in_directly(page, coordinator, live_server.url)
    page.goto("/contacts/duplicates/")
    assert_accessible(page, "duplicates")
    page.get_by_role("button", name=re.compile("Bo Ek.*Bea Ek")).click()
    expect(page.locator(".messages")).to_be_visible()
    expect(page.get_by_role("link", name=re.compile("Bo Ek.*Bea Ek"))).to_have_count(0)
    assert_accessible(page, "duplicates after a pair was dismissed")
    page.get_by_role("link", name=re.compile("Anna Berg.*Anna Berg")).click()
    expect(page).to_have_url(re.compile(rf"/contacts/{first.pk}/merge/{second.pk}/$"))
    assert_accessible(page, "merge screen")
    page.locator("#email-drop").check()
    page.get_by_role("button", name=ui("Merge the cards")).click()
    expect(page).to_have_url(re.compile(rf"/contacts/{first.pk}/$"))
    assert Contact.objects.get(pk=first.pk).email == "anna.berg@example.se"
    page.goto(f"/contacts/{second.pk}/")
    expect(page).to_have_url(re.compile(rf"/contacts/{first.pk}/$"))
