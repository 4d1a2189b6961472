"""The networks in a real browser, in Swedish and English, with axe-core on every state: the public
place-ambassador sign-up, the public coworking directory, and a guide introducing a newcomer to
an ambassador from the contact card."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from inflytt.contacts.tests.factories import contact
from inflytt.networks.models import Ambassador, Introduction
from inflytt.networks.tests.factories import ambassador, coworking
from inflytt.parties.services import load_reference_parties

from .helpers import ERROR_SUMMARY, assert_accessible, sign_in_directly, ui

pytestmark = pytest.mark.browser

SEND = ui("Send")


@pytest.fixture
def networks(transactional_db, settings) -> None:
    load_reference_parties()
    # A person in a browser takes longer; the test fills the form in well under a second.
    settings.INFLYTT_INTAKE_MIN_FILL_SECONDS = 0


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_a_person_signs_up_as_place_ambassador(page: Page, networks, lang):
    page.goto(f"/{lang}/ambassadors/join/are/")
    expect(page.locator("html")).to_have_attribute("lang", lang)
    assert_accessible(page, f"ambassador sign-up ({lang})")

    page.get_by_role("button", name=SEND).click()
    expect(page.get_by_role("alert", name=ERROR_SUMMARY)).to_be_focused()
    assert_accessible(page, f"ambassador sign-up with errors ({lang})")

    page.get_by_label(ui("First name", whole=False)).fill("Gunnel")
    page.get_by_label(ui("Last name", whole=False)).fill("Ek")
    page.get_by_label(ui("Email address", whole=False)).fill(f"gunnel.{lang}@example.se")
    page.get_by_label(ui("Place", whole=False)).fill("Järpen")
    page.get_by_label(ui("Meet for coffee")).check()
    page.get_by_label(ui("I have read how my personal data is handled", whole=False)).check()
    page.get_by_role("button", name=SEND).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(ui("Thank you for signing up"))
    assert_accessible(page, f"ambassador thank-you page ({lang})")
    row = Ambassador.objects.get(email=f"gunnel.{lang}@example.se")
    assert row.status == Ambassador.Status.APPLIED and row.party.slug == "are" and row.offers == ["coffee"]
    assert row.consent_text_version.startswith(f"1-{lang}-")


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_the_coworking_directory(page: Page, networks, lang):
    coworking(party="are", name="Hubben Järpen", desks=8, contact_name="Kalle Kontakt")
    coworking(party="berg", name="Navet Svenstavik")
    page.goto(f"/{lang}/coworking/")
    expect(page.locator("html")).to_have_attribute("lang", lang)
    expect(page.get_by_role("heading", name="Hubben Järpen")).to_be_visible()
    expect(page.get_by_text("Kalle Kontakt")).to_have_count(0)
    assert_accessible(page, f"coworking directory ({lang})")
    page.get_by_label(ui("Municipality")).select_option("are")
    page.get_by_role("button", name=ui("Show")).click()
    expect(page.get_by_role("heading", name="Navet Svenstavik")).to_have_count(0)
    assert_accessible(page, f"coworking directory of one municipality ({lang})")


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_a_guide_introduces_a_newcomer_to_an_ambassador(page: Page, networks, guide, live_server, lang):
    host = ambassador(party="are", first_name="Gunnel", last_name="Ek", sector="Sjuksköterska")
    person = contact(first_name="Östen", last_name="Ågren", occupation="Sjuksköterska", municipalities=("are",))
    sign_in_directly(page, guide, live_server.url)
    page.goto(f"/contacts/{person.pk}/")
    if lang == "en":
        page.get_by_role("button", name="In English").click()
    expect(page.locator("html")).to_have_attribute("lang", lang)

    page.get_by_role("link", name=ui("Networks for the person")).click()
    expect(page).to_have_url(re.compile(f"/networks/contacts/{person.pk}/$"))
    assert_accessible(page, f"the person's networks ({lang})")

    page.get_by_role("link", name=re.compile(f"{ui('Introduce').pattern[1:-1]} Gunnel Ek")).click()
    assert_accessible(page, f"introduction form ({lang})")
    page.get_by_role("button", name=ui("Introduce")).click()
    expect(page.get_by_role("alert", name=ERROR_SUMMARY)).to_be_focused()
    assert_accessible(page, f"introduction form without consent ({lang})")
    assert not Introduction.objects.exists()

    page.get_by_label(ui("I asked the person and they agreed to the text above", whole=False)).check()
    page.get_by_role("button", name=ui("Introduce")).click()
    expect(page).to_have_url(re.compile(f"/networks/contacts/{person.pk}/$"))
    expect(page.get_by_role("button", name=ui("Yes"))).to_be_visible()
    assert_accessible(page, f"the person's networks after the introduction ({lang})")
    introduction = Introduction.objects.get()
    assert introduction.ambassador == host and introduction.shared == ["name", "email"]

    page.get_by_role("button", name=ui("Yes")).click()
    expect(page.get_by_role("button", name=ui("Yes"))).to_have_count(0)
    introduction.refresh_from_db()
    assert introduction.met == Introduction.Met.YES


def _network_manager():
    from inflytt.accounts.models import Role
    from inflytt.testing import make_user

    return make_user("ambassador_admin", "region", Role.AMBASSADOR_ADMIN)


@pytest.fixture
def meet_up(networks):
    from datetime import timedelta

    from django.utils import timezone

    from inflytt.mailings.models import Event

    return Event.objects.create(
        title="Inflyttarträff i Åre", starts_at=timezone.now() + timedelta(days=10), place="Folkets hus", capacity=20
    )


def test_the_network_manager_invites_ambassadors_to_a_meet_up(page: Page, networks, meet_up, live_server):
    from inflytt.networks.models import AmbassadorInvitation

    ambassador(party="bracke", first_name="Olle", offers=["sports"])  # unrelated row first
    host = ambassador(party="are", first_name="Gunnel", last_name="Ek", offers=["coffee"])
    sign_in_directly(page, _network_manager(), live_server.url)
    page.goto("/networks/events/")
    assert_accessible(page, "the meet-ups")
    page.get_by_role("link", name="Inflyttarträff i Åre").click()
    assert_accessible(page, "a meet-up before invitations")
    page.get_by_label("Åre kommun").check()
    page.get_by_role("button", name=ui("Send the invitations")).click()
    expect(page.get_by_role("link", name="Gunnel Ek")).to_be_visible()
    assert_accessible(page, "a meet-up with an invited ambassador")
    invitation = AmbassadorInvitation.objects.get()
    assert invitation.ambassador == host and invitation.mailed_at is not None


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_an_ambassador_answers_an_invitation(page: Page, networks, meet_up, lang):
    from inflytt.networks.models import AmbassadorInvitation
    from inflytt.networks.tokens import rsvp_token

    host = ambassador(party="are", first_name="Gunnel", last_name="Ek")
    invitation = AmbassadorInvitation.objects.create(event=meet_up, ambassador=host)
    token = rsvp_token(invitation_id=invitation.pk, ambassador_id=host.pk, event_id=meet_up.pk)
    page.goto(f"/{lang}/ambassadors/rsvp/{token}/")
    expect(page.locator("html")).to_have_attribute("lang", lang)
    assert_accessible(page, f"an ambassador's invitation ({lang})")
    page.get_by_role("button", name=ui("Send my answer")).click()
    expect(page.get_by_role("alert", name=ERROR_SUMMARY)).to_be_focused()
    assert_accessible(page, f"an ambassador's invitation without an answer ({lang})")
    page.get_by_label(ui("Yes, I am coming")).check()
    page.get_by_role("button", name=ui("Send my answer")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(ui("Thank you for your answer"))
    assert_accessible(page, f"an ambassador's answer given ({lang})")
    invitation.refresh_from_db()
    assert invitation.answer == "yes"
    assert host.activities.filter(kind="event").exists()  # on the ambassador's log


def test_a_guide_finds_the_employer_of_a_hire_by_search(page: Page, networks, guide, live_server):
    from inflytt.networks.models import Hire
    from inflytt.networks.tests.factories import employer

    employer(name="Jämtkraft Elnät AB", party="are")
    wanted = employer(name="Jämtkraft Värme AB", party="are")
    person = contact(first_name="Östen", municipalities=("are",))
    sign_in_directly(page, guide, live_server.url)
    page.goto(f"/networks/contacts/{person.pk}/hire/")
    assert_accessible(page, "the hire form")
    page.get_by_label(ui("Employer", whole=False)).fill("Jämtkraft")
    page.get_by_label(re.compile(r"^(Datum|Date)\b")).fill("2026-03-01")
    page.get_by_role("button", name=ui("Save")).click()
    expect(page.get_by_role("alert", name=ERROR_SUMMARY)).to_be_focused()
    assert_accessible(page, "the hire form offering the matching employers")
    page.get_by_label(re.compile("^Jämtkraft Värme AB")).check()
    page.get_by_role("button", name=ui("Save")).click()
    expect(page).to_have_url(re.compile(f"/networks/contacts/{person.pk}/$"))
    assert Hire.objects.get().employer == wanted


def test_the_employer_page_with_its_log(page: Page, networks, live_server):
    from inflytt.networks.models import EmployerActivity
    from inflytt.networks.tests.factories import employer

    company = employer(name="Jämtkraft Elnät AB", party="are")
    sign_in_directly(page, _network_manager(), live_server.url)
    page.goto(f"/networks/employers/{company.pk}/")
    assert_accessible(page, "an employer with its log")
    page.get_by_label(ui("Text", whole=False)).fill("Träff om sommarjobb")
    page.get_by_role("button", name=ui("Log")).click()
    expect(page.get_by_text("Träff om sommarjobb")).to_be_visible()
    assert_accessible(page, "an employer after logging an activity")
    assert EmployerActivity.objects.get().body == "Träff om sommarjobb"
