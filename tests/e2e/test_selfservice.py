"""Issue 10 in a real browser: the person's own "Mina uppgifter" page (axe-clean in Swedish and
English, changes saved and logged), and the public form posted again for a known address."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from inflytt.contacts.models import Activity, Contact
from inflytt.contacts.selfservice import selfservice_token
from inflytt.contacts.tests.factories import contact as make_contact
from inflytt.parties.services import load_reference_parties
from tests.e2e.helpers import assert_accessible
from tests.e2e.test_intake_form import SEND, fill_in_swedish

pytestmark = pytest.mark.browser


@pytest.fixture
def person(transactional_db, settings) -> Contact:
    load_reference_parties()
    settings.INFLYTT_INTAKE_MIN_FILL_SECONDS = 0  # the test fills the form faster than a person
    make_contact(email="someone@example.se")  # ids differ between tables
    return make_contact(
        first_name="Åsa",
        last_name="Öberg",
        email="asa.oberg@example.se",
        phone="+46701112233",
        municipalities=("are",),
        interests=("job",),
    )


@pytest.mark.parametrize(
    ("lang", "heading", "last_name", "save", "saved"),
    [
        ("sv", "Mina uppgifter", "Efternamn", "Spara mina ändringar", "Dina ändringar är sparade."),
        ("en", "My details", "Last name", "Save my changes", "Your changes have been saved."),
    ],
)
def test_the_self_service_page_is_accessible_and_saves(
    page, live_server, person, lang, heading, last_name, save, saved
):
    page.goto(f"/{lang}/me/{selfservice_token(person)}/")
    expect(page.locator("html")).to_have_attribute("lang", lang)
    expect(page.get_by_role("heading", level=1)).to_have_text(heading)
    expect(page.locator("dl.stored")).to_contain_text("asa.oberg@example.se")
    assert_accessible(page, f"the self-service page ({lang})")

    page.get_by_label(last_name).fill("Öberg\u202eXX")  # a bidi override: refused at the field
    page.get_by_role("button", name=save).click()
    expect(page.get_by_role("alert")).to_be_focused()
    assert_accessible(page, f"the self-service page with an error ({lang})")

    page.get_by_label(last_name).fill("Öberg-Lind")
    page.get_by_role("button", name=save).click()
    expect(page.get_by_role("status")).to_have_text(saved)
    assert_accessible(page, f"the self-service page after saving ({lang})")
    person.refresh_from_db()
    assert person.last_name == "Öberg-Lind"
    assert person.activities.filter(kind=Activity.Kind.SYSTEM, author__isnull=True).exists()


def test_the_form_posted_again_for_a_known_address_says_a_link_was_sent(page, live_server, person):
    page.goto("/sv/form/")
    fill_in_swedish(page, email="asa.oberg@example.se")
    page.get_by_label("Telefonnummer").fill("070-999 99 99")
    page.get_by_role("button", name=SEND).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Tack för din anmälan")
    expect(page.locator(".selfservice-note")).to_contain_text("skickat dig en länk")
    assert_accessible(page, "the thank-you page after a post for a known address")
    person.refresh_from_db()
    assert person.phone == "+46701112233"  # the card keeps its value
    assert Contact.objects.count() == 2
