"""Events in Swedish and English (issue 14): "Events get their title, place and description in
Swedish and English, and the RSVP page shows start and end". "Event invitations and RSVP
confirmations carry an .ics file." The reader sees their own language, dates in its own format
(Swedish 2026-11-29 08:07, English 29 Nov 2026, 08:07), in pages, mails and the calendar file."""

from __future__ import annotations

from datetime import datetime, timedelta
from email.header import decode_header, make_header
from zoneinfo import ZoneInfo

import pytest
from django.test import Client
from django.utils import timezone
from icalendar import Calendar

from inflytt.contacts.tests.factories import contact
from inflytt.mailings import services
from inflytt.mailings.models import Event, Invitation, Mailing, Segment
from inflytt.mailings.tests.conftest import parts
from inflytt.mailings.tests.test_rsvp import link

pytestmark = pytest.mark.django_db
STHLM = ZoneInfo("Europe/Stockholm")


def _starts(days: int = 20, hour: int = 8, minute: int = 7) -> datetime:
    day = timezone.localdate() + timedelta(days=days)
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=STHLM)


@pytest.fixture
def event(parties) -> Event:
    starts = _starts()
    return Event.objects.create(
        title="Inflyttarträff i Åre", title_en="Newcomers' meet-up in Åre",
        place="Fjällstugan, Storgatan 1", place_en="The mountain lodge, Storgatan 1",
        description="Fika och mingel.", description_en="Coffee and mingling.",
        starts_at=starts, ends_at=starts + timedelta(hours=2, minutes=30), capacity=1,
        municipality=parties["are"],
    )  # fmt: skip


def _calendar_entry(message):
    """The one VEVENT of the mail's text/calendar part, parsed with icalendar."""
    [part] = [part for part in message.walk() if part.get_content_type() == "text/calendar"]
    assert part.get_filename() == part.get_filename().encode("ascii").decode()  # an ASCII file name
    calendar = Calendar.from_ical(part.get_payload(decode=True))
    assert str(calendar["METHOD"]) == "PUBLISH"
    [entry] = calendar.walk("VEVENT")
    return entry


def test_the_event_form_has_the_texts_in_both_languages_and_english_is_optional(client_for, parties):
    client = client_for("guide_are")
    page = client.get("/mailings/events/new/").content.decode()
    for name in ("title", "place", "description", "title_en", "place_en", "description_en"):
        assert f'name="{name}"' in page, name
    response = client.post(
        "/mailings/events/new/",
        {"title": "Träff", "place": "Biblioteket", "starts_at": "2030-05-02T18:00", "ends_at": "2030-05-02T20:00",
         "capacity": "20", "description": "", "title_en": "", "place_en": "", "description_en": ""},
    )  # fmt: skip
    assert response.status_code == 302
    event = Event.objects.get()
    # English left empty: English readers get the Swedish texts.
    assert event.text("en").title == "Träff" and event.text("en").place == "Biblioteket"


def test_the_answer_page_is_in_the_readers_language_with_start_and_end_in_its_format(event):
    person = contact(email="p@example.se", language="en")
    Invitation.objects.create(event=event, contact=person)
    starts, ends = event.starts_at, event.ends_at
    english = Client().get(link(event, person)).content.decode()  # the person's own language
    assert "Newcomers&#x27; meet-up in Åre" in english and "The mountain lodge" in english
    assert "Coffee and mingling." in english and "Fika" not in english
    assert f"{starts.day} {starts:%b %Y}, 08:07 – 10:37" in english

    swedish = Client().get(link(event, person) + "?lang=sv").content.decode()
    assert "Inflyttarträff i Åre" in swedish and "Fika och mingel." in swedish
    assert f"{starts:%Y-%m-%d} 08:07 – 10:37" in swedish

    # An end on another day is written as a whole date and time.
    Event.objects.filter(pk=event.pk).update(ends_at=starts + timedelta(days=1))
    english = Client().get(link(event, person)).content.decode()
    ends = starts + timedelta(days=1)
    assert f"{starts.day} {starts:%b %Y}, 08:07 – {ends.day} {ends:%b %Y}, 08:07" in english


def test_the_calendar_file_of_the_answer_page_is_in_the_readers_language(event):
    person = contact(email="p@example.se", language="sv")
    Invitation.objects.create(event=event, contact=person)
    response = Client().get(link(event, person) + "?format=ics&lang=en")
    [entry] = Calendar.from_ical(response.content).walk("VEVENT")
    assert str(entry["SUMMARY"]) == "Newcomers' meet-up in Åre"
    assert str(entry["LOCATION"]) == "The mountain lodge, Storgatan 1, Åre kommun"


def test_an_invitation_carries_the_event_as_an_ics_file_in_the_contacts_language(
    smtp_server, event, make_mailing, personas, django_capture_on_commit_callbacks
):
    swede = contact(first_name="Åsa", email="asa@example.se", municipalities=("are",), language="sv")
    briton = contact(first_name="Ann", email="ann@example.se", municipalities=("are",), language="en")
    segment = Segment.objects.create(name="Åre", conditions={"municipalities": [swede.assigned_party_id]})
    mailing = make_mailing(purpose=Mailing.Purpose.GUIDANCE, kind=Mailing.Kind.INVITATION, event=event, segment=segment)
    with django_capture_on_commit_callbacks(execute=True):
        services.schedule_mailing(mailing=mailing, acting_user=personas["coordinator"])

    received = {message["To"]: message for message in smtp_server.messages}
    assert set(received) == {swede.email, briton.email}
    summaries = {}
    for address, message in received.items():
        assert message.get_content_type() == "multipart/mixed"
        entry = _calendar_entry(message)
        assert entry.decoded("DTSTART") == event.starts_at and entry.decoded("DTEND") == event.ends_at
        assert entry["DTSTART"].to_ical().endswith(b"Z")  # in UTC
        assert str(entry["UID"]).startswith(f"event-{event.pk}@")
        summaries[address] = (str(entry["SUMMARY"]), str(entry["LOCATION"]))
        # The mail's own text and HTML parts are still there, readable.
        assert {"text/plain", "text/html"} <= set(parts(message))
    assert summaries[swede.email] == ("Inflyttarträff i Åre", "Fjällstugan, Storgatan 1, Åre kommun")
    assert summaries[briton.email] == ("Newcomers' meet-up in Åre", "The mountain lodge, Storgatan 1, Åre kommun")
    # The same UID in both files: one event in every calendar, whichever language.
    uids = {str(_calendar_entry(message)["UID"]) for message in received.values()}
    assert len(uids) == 1
    assert "Newcomers' meet-up in Åre" in parts(received[briton.email])["text/plain"]


def test_a_plain_mailing_carries_no_calendar_file(
    smtp_server, make_mailing, personas, django_capture_on_commit_callbacks
):
    from inflytt.mailings.tests.conftest import subscriber

    subscriber(email="s@example.se")
    mailing = make_mailing()
    with django_capture_on_commit_callbacks(execute=True):
        services.schedule_mailing(mailing=mailing, acting_user=personas["coordinator"])
    [message] = smtp_server.messages
    assert message.get_content_type() == "multipart/alternative"
    assert not [part for part in message.walk() if part.get_content_type() == "text/calendar"]


def test_the_answer_is_confirmed_by_mail_with_the_ics_file_when_coming(
    smtp_server, event, django_capture_on_commit_callbacks
):
    coming = contact(first_name="Ann", email="ann@example.se", language="en")
    waiting = contact(first_name="Åke", email="ake@example.se", language="sv")
    for person in (coming, waiting):
        Invitation.objects.create(event=event, contact=person)
    with django_capture_on_commit_callbacks(execute=True):
        Client().post(link(event, coming), {"coming": "yes", "guests": "0"})  # the one place
    with django_capture_on_commit_callbacks(execute=True):
        Client().post(link(event, waiting), {"coming": "yes", "guests": "0"})  # full: waits

    first, second = smtp_server.messages
    assert first["To"] == coming.email
    assert str(make_header(decode_header(first["Subject"]))) == "You are coming: Newcomers' meet-up in Åre"
    entry = _calendar_entry(first)
    assert str(entry["SUMMARY"]) == "Newcomers' meet-up in Åre"
    assert entry.decoded("DTSTART") == event.starts_at and entry.decoded("DTEND") == event.ends_at
    assert second["To"] == waiting.email
    assert "väntelista" in parts(second)["text/plain"]
    assert not [part for part in second.walk() if part.get_content_type() == "text/calendar"]

    # The place given up goes to the waiting list, who are told and get the file now.
    with django_capture_on_commit_callbacks(execute=True):
        Client().post(link(event, coming), {"coming": "no"})
    to_promoted = [message for message in smtp_server.messages[2:] if message["To"] == waiting.email]
    [promoted] = to_promoted
    assert str(_calendar_entry(promoted)["SUMMARY"]) == "Inflyttarträff i Åre"
    assert Invitation.objects.get(contact=waiting).answer == Invitation.Answer.YES
