"""An event as an iCalendar file (RFC 5545, the `icalendar` library): "add to my calendar" from the
invitation's answer page, and attached to invitations, reminders and RSVP confirmations, so the
meet-up lands in Outlook, Google or Apple calendars.

METHOD:PUBLISH without attendees: the file announces the event, it does not ask the calendar to
send an answer to anyone (the answer goes through the personal link). The UID is the same for
one event in every file, so a second file (a reminder, a changed time) updates the entry instead
of adding a second one. Times are written in UTC; the texts in the reader's language.
"""

from __future__ import annotations

from datetime import UTC, timedelta
from email.mime.text import MIMEText
from urllib.parse import urlsplit

from django.conf import settings
from django.http import HttpResponse
from django.utils import timezone
from icalendar import Calendar
from icalendar import Event as CalendarEvent

from inflytt.mailings.models import Event

# An event without an end is shown as this long.
DEFAULT_LENGTH = timedelta(hours=2)
CONTENT_TYPE = "text/calendar"


def event_uid(event: Event) -> str:
    """One id per event, for ever: `event-<pk>@<the site's host>`."""
    host = urlsplit(str(settings.INFLYTT_BASE_URL)).hostname or "inflytt"
    return f"event-{event.pk}@{host}"


def event_calendar(event: Event, *, language: str | None = None) -> bytes:
    """The event as an .ics file, its texts in `language` (the active language when None)."""
    text = event.text(language)
    calendar = Calendar()
    calendar.add("prodid", "-//Inflytt//events//EN")
    calendar.add("version", "2.0")
    calendar.add("method", "PUBLISH")
    entry = CalendarEvent()
    entry.add("uid", event_uid(event))
    entry.add("dtstamp", timezone.now())
    entry.add("dtstart", event.starts_at.astimezone(UTC))
    entry.add("dtend", (event.ends_at or event.starts_at + DEFAULT_LENGTH).astimezone(UTC))
    entry.add("summary", text.title)
    entry.add("location", text.location)
    if text.description:
        entry.add("description", text.description)
    calendar.add_component(entry)
    return calendar.to_ical()


def event_filename(event: Event) -> str:
    """ASCII, so no mail client or browser has to decode the name."""
    return f"event-{event.pk}.ics"


def calendar_attachment(event: Event, *, language: str) -> MIMEText:
    """The .ics file as a mail attachment for Django's EmailMessage.attach: text/calendar in
    UTF-8, base64-encoded (the email package), so any title or place arrives as written."""
    part = MIMEText(event_calendar(event, language=language).decode("utf-8"), "calendar", "utf-8")
    part.set_param("method", "PUBLISH")
    part.add_header("Content-Disposition", "attachment", filename=event_filename(event))
    return part


def event_ics_response(event: Event, *, language: str) -> HttpResponse:
    response = HttpResponse(event_calendar(event, language=language), content_type=f"{CONTENT_TYPE}; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{event_filename(event)}"'
    return response
