"""The invitation's answer page shows the start and the end and offers the event as an .ics file
(issue 14), so the meet-up lands in the person's calendar."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.test import Client
from django.utils import timezone
from icalendar import Calendar

from inflytt.contacts.tests.factories import contact
from inflytt.mailings.models import Event, Invitation
from inflytt.mailings.tests.test_rsvp import link

pytestmark = pytest.mark.django_db
STHLM = ZoneInfo("Europe/Stockholm")


def test_the_answer_page_shows_start_and_end_and_offers_the_event_for_the_calendar(parties):
    day = timezone.localdate() + timedelta(days=20)
    starts = datetime(day.year, day.month, day.day, 17, 30, tzinfo=STHLM)
    event = Event.objects.create(
        title="Inflyttarträff i Bräcke", starts_at=starts, ends_at=starts + timedelta(hours=2), place="Folkets hus",
        capacity=30, description="Fika och mingel.",
    )  # fmt: skip
    person = contact(email="p@example.se")
    Invitation.objects.create(event=event, contact=person)
    page = Client().get(link(event, person)).content.decode()
    assert f"{starts:%Y-%m-%d} 17:30 – 19:30" in page
    assert 'href="?format=ics"' in page

    response = Client().get(link(event, person) + "?format=ics")
    assert response["Content-Type"].startswith("text/calendar")
    [entry] = Calendar.from_ical(response.content).walk("VEVENT")
    assert str(entry["SUMMARY"]) == "Inflyttarträff i Bräcke" and str(entry["LOCATION"]) == "Folkets hus"
    assert entry.decoded("DTSTART") == starts and entry.decoded("DTEND") == starts + timedelta(hours=2)
