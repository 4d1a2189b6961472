"""Events, their answer page, the test mail and the inline saves in a real browser (issue 14):
the event form in both languages and the answer page fit a 390 px phone and pass axe-core; the
htmx parts (the test mail's status line, a follow-up marked done, the recipient count) answer
in place.

Seeds/000 Bilaga 4: "Via denna kan ni också bjuda in till eventuella inflyttarträffar".
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from inflytt.contacts.models import Activity
from inflytt.contacts.services import add_activity
from inflytt.contacts.tests.factories import contact
from inflytt.mailings.models import Event, Invitation, Mailing
from inflytt.mailings.tokens import rsvp_token
from tests.e2e.helpers import assert_accessible, sign_in_directly, ui
from tests.e2e.test_narrow_screens import LAPTOP, PHONE, overflow

pytestmark = pytest.mark.browser
STHLM = ZoneInfo("Europe/Stockholm")


@pytest.mark.parametrize("language", ["sv", "en"])
def test_the_event_form_has_both_languages_and_fits_a_phone(page, live_server, guide, language):
    sign_in_directly(page, guide, live_server.url)
    page.context.add_cookies([{"name": "django_language", "value": language, "url": live_server.url}])
    for size in (PHONE, LAPTOP):
        page.set_viewport_size(size)
        page.goto("/mailings/events/new/")
        assert overflow(page) <= 0, f"the event form is {overflow(page)} px wider than {size['width']} px"
        assert_accessible(page, f"the event form at {size['width']} px ({language})")
    expect(page.get_by_role("group", name=ui("In Swedish"))).to_be_visible()
    expect(page.get_by_role("group", name=ui("In English"))).to_be_visible()

    page.get_by_role("group", name=ui("In Swedish")).get_by_label(ui("Title", whole=False)).fill("Träff i Bräcke")
    page.get_by_role("group", name=ui("In Swedish")).get_by_label(ui("Place", whole=False)).fill("Folkets hus")
    page.get_by_role("group", name=ui("In English")).get_by_label(ui("Title", whole=False)).fill("Meet-up in Bräcke")
    page.locator("#id_starts_at").fill("2030-05-02T18:00")
    page.locator("#id_ends_at").fill("2030-05-02T20:00")
    page.locator("#id_capacity").fill("25")
    page.get_by_role("button", name=ui("Save")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Träff i Bräcke" if language == "sv" else "Meet-up in Bräcke"
    )
    event = Event.objects.get()
    assert (event.title, event.title_en, event.place, event.place_en) == (
        "Träff i Bräcke", "Meet-up in Bräcke", "Folkets hus", "",
    )  # fmt: skip


@pytest.mark.parametrize("language", ["sv", "en"])
def test_the_answer_page_shows_start_and_end_in_the_readers_language_and_fits_a_phone(
    page, live_server, guide, language
):
    day = timezone.localdate() + timedelta(days=12)
    starts = datetime(day.year, day.month, day.day, 8, 7, tzinfo=STHLM)
    event = Event.objects.create(
        title="Inflyttarträff i Bräcke", title_en="Newcomers' meet-up in Bräcke", place="Folkets hus",
        description="Fika och mingel med kommunens vägledare.", description_en="Coffee with the guides.",
        starts_at=starts, ends_at=starts + timedelta(hours=3), capacity=20,
    )  # fmt: skip
    person = contact(first_name="Ada", email="ada@example.se", language=language)
    Invitation.objects.create(event=event, contact=person)
    page.set_viewport_size(PHONE)
    page.goto(f"/mailings/rsvp/{rsvp_token(event_id=event.pk, contact_id=person.pk)}/")
    expect(page.locator("html")).to_have_attribute("lang", language)
    when = f"{starts:%Y-%m-%d} 08:07 – 11:07" if language == "sv" else f"{starts.day} {starts:%b %Y}, 08:07 – 11:07"
    expect(page.locator("dl.facts")).to_contain_text(when)
    title = "Inflyttarträff i Bräcke" if language == "sv" else "Newcomers' meet-up in Bräcke"
    expect(page.get_by_role("heading", level=1)).to_have_text(title)
    assert overflow(page) <= 0, f"the answer page is {overflow(page)} px wider than a 390 px screen"
    assert_accessible(page, f"the answer page at 390 px ({language})")


def test_the_test_mail_and_the_recipient_count_answer_in_place(page, live_server, guide, oesten):
    mailing = Mailing.objects.create(
        name="Novembernytt", purpose=Mailing.Purpose.GUIDANCE, subject_sv="Hej {first_name}", body_sv="Hej!",
        subject_en="Hello {first_name}", body_en="Hello!", created_by=guide,
    )  # fmt: skip
    sign_in_directly(page, guide, live_server.url)
    page.set_viewport_size(PHONE)
    page.goto(f"/mailings/{mailing.pk}/")
    page.get_by_role("button", name=ui("Send a test to me")).click()
    expect(page.locator("#test-status")).to_contain_text(guide.email)
    expect(page).to_have_url(re.compile(f"/mailings/{mailing.pk}/$"))  # no reload: htmx swapped the line
    assert overflow(page) <= 0
    assert_accessible(page, "the mailing page with the test's status line")

    page.goto("/mailings/new/")
    page.locator("#id_purpose").select_option("guidance")
    # Östen and Åsa chose Bräcke, the guide's party (Märta chose Åre, out of reach).
    expect(page.locator("#recipient-count")).to_have_text(re.compile(r"2"))
    assert_accessible(page, "the mailing editor with its recipient count")


def test_a_follow_up_is_marked_done_in_place_on_the_start_page(page, live_server, guide, oesten):
    add_activity(
        contact=oesten, kind=Activity.Kind.NOTE, body="Ring om bostad", follow_up_on=timezone.localdate(),
        acting_user=guide,
    )  # fmt: skip
    sign_in_directly(page, guide, live_server.url)
    page.set_viewport_size(PHONE)
    page.goto("/guidance/")
    page.get_by_role("button", name=re.compile(ui("Done").pattern.strip("^$"))).first.click()
    expect(page.locator(".done-note")).to_have_text(ui("The follow-up is done."))
    assert Activity.objects.get(body="Ring om bostad").follow_up_done_at is not None
    assert overflow(page) <= 0
    assert_accessible(page, "the start page after a follow-up was marked done")
