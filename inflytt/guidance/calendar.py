"""The guide's follow-ups as an iCalendar feed (RFC 5545, built with the `icalendar` library).

What leaves the system is kept small: the contact's name and a link to the card, never the note
written on the follow-up (it may hold anything the person told the guide).
"""

from __future__ import annotations

import hashlib
from datetime import timedelta

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from icalendar import Calendar, Event

from inflytt.accounts.models import User
from inflytt.contacts.models import Activity

# Done follow-ups drop out; open ones this far back stay visible, and this far ahead are shown.
PAST_DAYS = 30
FUTURE_DAYS = 120


def calendar_digest(secret: str) -> str:
    """What is stored of a feed's secret (the URL holds the secret itself)."""
    return hashlib.sha256(secret.encode()).hexdigest()


def follow_up_rows(user: User):
    today = timezone.localdate()
    return (
        Activity.objects.filter(
            author=user,
            follow_up_done_at__isnull=True,
            follow_up_on__gte=today - timedelta(days=PAST_DAYS),
            follow_up_on__lte=today + timedelta(days=FUTURE_DAYS),
        )
        .select_related("contact")
        .order_by("follow_up_on", "id")
    )


def follow_up_calendar(user: User) -> bytes:
    base = str(settings.INFLYTT_BASE_URL).rstrip("/")
    calendar = Calendar()
    calendar.add("prodid", "-//Inflytt//follow-ups//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", gettext("Follow-ups"))
    now = timezone.now()
    for activity in follow_up_rows(user):
        event = Event()
        event.add("uid", f"follow-up-{activity.pk}@{base.split('://')[-1] or 'inflytt'}")
        event.add("dtstamp", now)
        event.add("dtstart", activity.follow_up_on)
        event.add("dtend", activity.follow_up_on + timedelta(days=1))
        event.add("summary", gettext("Follow up: %(name)s") % {"name": activity.contact.full_name})
        event.add("url", base + reverse("contacts:detail", args=[activity.contact_id]))
        event.add("transp", "TRANSPARENT")
        calendar.add_component(event)
    return calendar.to_ical()
