"""The personal calendar feed (issue 14): follow-ups appear in Outlook through a secret URL per
guide that the guide can revoke; notes never leave the system."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone
from icalendar import Calendar

from inflytt.audit.models import AuditEvent
from inflytt.contacts import services
from inflytt.contacts.tests.factories import contact
from inflytt.guidance.models import CalendarFeed

pytestmark = pytest.mark.django_db


def _make_link(client) -> str:
    body = client.post("/guidance/calendar/", {"action": "create"}).content.decode()
    return re.search(r'<code class="secret">https?://[^/]+(/guidance/calendar/[^<]+)</code>', body).group(1)


def test_the_feed_lists_open_follow_ups_by_name_without_the_notes(client_for, personas):
    guide = personas["guide_bracke"]
    person = contact(first_name="Östen", last_name="Ågren", municipalities=("bracke",))
    soon = timezone.localdate() + timedelta(days=3)
    services.add_activity(contact=person, kind="note", body="Hemlig anteckning", follow_up_on=soon, acting_user=guide)
    done = services.add_activity(contact=person, kind="note", follow_up_on=soon, acting_user=guide)
    done.follow_up_done_at = timezone.now()
    done.save()
    services.add_activity(contact=person, kind="note", follow_up_on=soon, acting_user=personas["guide_are"])

    path = _make_link(client_for("guide_bracke"))
    response = Client().get(path)  # a calendar app: no session
    assert response.status_code == 200 and response["Content-Type"].startswith("text/calendar")
    events = Calendar.from_ical(response.content).walk("VEVENT")
    assert [(str(event["SUMMARY"]), event.decoded("DTSTART")) for event in events] == [("Följ upp: Östen Ågren", soon)]
    assert str(events[0]["URL"]).endswith(f"/contacts/{person.pk}/")
    assert b"Hemlig anteckning" not in response.content
    assert AuditEvent.objects.filter(action=AuditEvent.Action.VIEW, actor=guide, detail__page="calendar_feed").exists()


def test_a_new_link_or_a_revocation_stops_the_old_one(client_for, personas):
    client = client_for("guide_bracke")
    first = _make_link(client)
    second = _make_link(client)
    assert Client().get(first).status_code == 404 and Client().get(second).status_code == 200
    client.post("/guidance/calendar/", {"action": "revoke"})
    assert Client().get(second).status_code == 404
    assert not CalendarFeed.objects.filter(user=personas["guide_bracke"]).exists()


def test_only_a_digest_of_the_secret_is_stored_and_a_deactivated_guide_has_no_feed(client_for, personas):
    path = _make_link(client_for("guide_bracke"))
    secret = path.split("/")[3]
    feed = CalendarFeed.objects.get(user=personas["guide_bracke"])
    assert secret not in feed.digest and len(feed.digest) == 64
    personas["guide_bracke"].is_active = False
    personas["guide_bracke"].save()
    assert Client().get(path).status_code == 404
