"""Mailings in a real browser (issue 5): a guide builds a segment, writes an invitation and
sends it; the person answers through the link in the mail; the RSVP and unsubscribe pages have
no axe-core violations.

The 2025 agreement, Bilaga 4 (docs/requirements.md): "Via denna kan ni också bjuda in till eventuella inflyttarträffar
och dyligt. Det går att göra bra urval så att varje inbjudan hamnar med relevant information hos
rätt individ".
"""

from __future__ import annotations

import re
from datetime import timedelta
from email.header import decode_header, make_header

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from inflytt.contacts.models import NewsletterSubscription
from inflytt.contacts.tests.factories import contact
from inflytt.mailings.models import Event, Invitation, Mailing
from inflytt.mailings.tokens import unsubscribe_token
from tests.e2e.helpers import assert_accessible, sign_in_directly, ui

pytestmark = pytest.mark.browser


def text_part(message) -> str:  # type: ignore[no-untyped-def]
    for part in message.walk():
        if part.get_content_type() == "text/plain":
            return part.get_payload(decode=True).decode(part.get_content_charset() or "utf-8")
    raise AssertionError("no text part")


def as_person(page: Page, live_server) -> Page:  # type: ignore[no-untyped-def]
    """A separate browser context: the person has no staff session."""
    context = page.context.browser.new_context(base_url=live_server.url)  # type: ignore[union-attr]
    return context.new_page()


def test_a_guide_invites_a_segment_and_a_person_answers(page, guide, live_server, smtp_server):
    ada = contact(first_name="Ada", email="ada@example.se", municipalities=("bracke",))
    contact(first_name="Bo", email="bo@example.se", municipalities=("are",))
    event = Event.objects.create(
        title="Inflyttarträff i Bräcke", starts_at=timezone.now() + timedelta(days=10), place="Folkets hus", capacity=20
    )
    sign_in_directly(page, guide, live_server.url)
    page.goto("/")
    page.get_by_role("navigation", name=ui("Main menu")).get_by_role("link", name=ui("Mailings")).click()
    expect(page).to_have_url(re.compile("/mailings/$"))

    # The segment: interested in Bräcke.
    page.get_by_role("link", name=ui("Segments")).click()
    page.get_by_role("link", name=ui("New segment")).click()
    page.locator("#id_name").fill("Intresserade av Bräcke")
    page.get_by_role("group", name=ui("Municipality of interest", whole=False)).get_by_label("Bräcke kommun").check()
    page.get_by_role("button", name=ui("Save")).click()
    expect(page.locator("#segment-count")).to_contain_text("1")
    expect(page.get_by_role("link", name=ada.full_name)).to_be_visible()
    assert_accessible(page, "the segment with its live count")

    # The invitation, written in Markdown with a merge field.
    page.get_by_role("link", name=ui("Mailings")).first.click()
    page.get_by_role("link", name=ui("New mailing")).click()
    page.locator("#id_name").fill("Inbjudan Bräcke")
    page.locator("#id_purpose").select_option("guidance")
    page.locator("#id_kind").select_option("invitation")
    page.locator("#id_segment").select_option(label="Intresserade av Bräcke")
    page.locator("#id_event").select_option(label=event.title)
    page.locator("#id_subject_sv").fill("Välkommen på träff, {first_name}!")
    page.locator("#id_body_sv").fill("Hej {first_name}!\n\nVi ses i **{municipality}**.")
    page.get_by_role("button", name=ui("Save")).click()
    expect(page.locator("#live-count")).to_have_text("1")
    assert_accessible(page, "the mailing page")
    page.get_by_role("button", name=ui("Send the mailing")).click()
    expect(page.get_by_role("status")).to_be_visible()

    mailing = Mailing.objects.get(name="Inbjudan Bräcke")
    assert mailing.status == Mailing.Status.SENT
    assert [message["To"] for message in smtp_server.messages] == ["ada@example.se"]
    assert str(make_header(decode_header(smtp_server.messages[0]["Subject"]))) == "Välkommen på träff, Ada!"
    url = re.search(r"https?://\S+(/mailings/rsvp/\S+)", text_part(smtp_server.messages[0])).group(1)  # type: ignore[union-attr]

    # The person answers through the link in the mail.
    person = as_person(page, live_server)
    person.goto(url)
    expect(person.get_by_role("heading", level=1)).to_have_text(event.title)
    assert_accessible(person, "the RSVP page")
    person.get_by_label(ui("Yes, I am coming")).check()
    person.get_by_label(ui("Number of guests with you", whole=False)).fill("1")
    person.get_by_role("button", name=ui("Send my answer")).click()
    expect(person.get_by_role("heading", level=1)).to_have_text(ui("Thank you for your answer"))
    assert_accessible(person, "the RSVP answer page")
    invitation = Invitation.objects.get(event=event, contact=ada)
    assert (invitation.answer, invitation.guests) == ("yes", 1)

    # An answer with errors: the error summary, accessible too.
    person.goto(url)
    person.get_by_label(ui("Number of guests with you", whole=False)).fill("99")
    person.get_by_role("button", name=ui("Send my answer")).click()
    expect(person.get_by_role("alert")).to_be_visible()
    assert_accessible(person, "the RSVP page with errors")
    person.context.close()


def test_the_unsubscribe_page_has_one_button_and_works_without_login(page, guide, live_server):
    anna = contact(first_name="Anna", email="anna@example.se", language="en")
    subscription = NewsletterSubscription.objects.create(contact=anna, language="en", confirmed_at=timezone.now())
    token = unsubscribe_token(
        contact_id=anna.pk, subscription_id=subscription.pk, subscribed_at=subscription.created_at, purpose="newsletter"
    )
    page.goto(f"/mailings/unsubscribe/{token}/")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("button")).to_have_count(1)
    assert_accessible(page, "the unsubscribe page")
    assert NewsletterSubscription.objects.get(contact=anna).is_active

    page.get_by_role("button", name=ui("Unsubscribe")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(ui("You have unsubscribed"))
    assert_accessible(page, "the unsubscribed page")
    assert not NewsletterSubscription.objects.get(contact=anna).is_active

    # In Swedish too, switched from the page.
    page.get_by_role("link", name="På svenska").click()
    expect(page.locator("html")).to_have_attribute("lang", "sv")
    assert_accessible(page, "the unsubscribed page in Swedish")


def test_the_expired_link_page_offers_a_new_link_and_passes_axe(page, guide, live_server, monkeypatch):
    """An expired unsubscribe link: the page says so in the person's language, offers a new
    link by mail and another way to unsubscribe; axe-clean in Swedish and English."""
    import time

    from django.core import signing

    anna = contact(first_name="Anna", email="anna@example.se", language="en")
    subscription = NewsletterSubscription.objects.create(contact=anna, language="en", confirmed_at=timezone.now())
    old = int(time.time()) - 400 * 24 * 3600
    monkeypatch.setattr(signing.TimestampSigner, "timestamp", lambda self: signing.b62_encode(old))
    token = unsubscribe_token(
        contact_id=anna.pk, subscription_id=subscription.pk, subscribed_at=subscription.created_at, purpose="newsletter"
    )
    monkeypatch.undo()
    page.goto(f"/mailings/unsubscribe/{token}/")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("heading", level=1)).to_have_text(ui("The link has expired"))
    assert_accessible(page, "the expired link page")
    page.get_by_role("link", name="På svenska").click()
    expect(page.locator("html")).to_have_attribute("lang", "sv")
    assert_accessible(page, "the expired link page in Swedish")
    page.get_by_role("button", name=ui("Email me a new link")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(ui("Check your email"))
    assert_accessible(page, "the new link sent page")
    assert NewsletterSubscription.objects.get(contact=anna).is_active
