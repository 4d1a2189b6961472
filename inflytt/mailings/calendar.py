"""An event as an iCalendar file (RFC 5545, the `icalendar` library): "add to my calendar" from the
invitation's answer page, so the meet-up lands in Outlook, Google or Apple calendars."""

from __future__ import annotations

from datetime import timedelta

from django.http import HttpResponse
from django.utils import timezone
from icalendar import Calendar
from icalendar import Event as CalendarEvent

from inflytt.mailings.models import Event

# An event without an end is shown as this long.
DEFAULT_LENGTH = timedelta(hours=2)


def event_calendar(event: Event) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", "-//Inflytt//events//EN")
    calendar.add("version", "2.0")
    calendar.add("method", "PUBLISH")
    entry = CalendarEvent()
    entry.add("uid", f"event-{event.pk}@inflytt")
    entry.add("dtstamp", timezone.now())
    entry.add("dtstart", event.starts_at)
    entry.add("dtend", event.ends_at or event.starts_at + DEFAULT_LENGTH)
    entry.add("summary", event.title)
    place = ", ".join(part for part in (event.place, event.municipality.name if event.municipality else "") if part)
    entry.add("location", place)
    if event.description:
        entry.add("description", event.description)
    calendar.add_component(entry)
    return calendar.to_ical()


def event_ics_response(event: Event) -> HttpResponse:
    response = HttpResponse(event_calendar(event), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="event-{event.pk}.ics"'
    return response
