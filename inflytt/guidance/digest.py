"""The guides' morning mail: their party's new, due and overdue contacts and their follow-ups."""

from __future__ import annotations

import logging
from datetime import date

from django.conf import settings
from django.core.mail import get_connection
from django.core.mail.message import EmailMessage
from django.template.loader import render_to_string
from django.utils import timezone, translation

from inflytt.accounts.models import Role, User
from inflytt.guidance import selectors
from inflytt.lib.workdays import is_working_day
from inflytt.parties import branding

logger = logging.getLogger(__name__)
DIGEST_ROWS = 30


def digest_for(user: User, today: date) -> dict[str, object] | None:
    """What one guide's digest lists, or None when there is nothing to tell."""
    sections = {
        name: list(selectors.queue(user=user, name=name, today=today)[:DIGEST_ROWS])
        for name in ("overdue", "due_soon", "unanswered")
    }
    counts = selectors.queue_counts(user=user, today=today)
    follow_ups = list(selectors.follow_ups_due(user=user, today=today)[:DIGEST_ROWS])
    if not any(sections.values()) and not follow_ups:
        return None
    return {"sections": sections, "counts": counts, "follow_ups": follow_ups, "guide": user, "today": today}


def send_daily_digests(today: date | None = None) -> int:
    """One mail per guide on working days; names only, no other personal data."""
    today = today or timezone.localdate()
    if not is_working_day(today):
        return 0
    sent = 0
    with get_connection() as connection:
        for guide in User.objects.filter(role=Role.GUIDE, is_active=True).iterator():
            context = digest_for(guide, today)
            if context is None:
                continue
            with translation.override("sv"):
                subject = str(translation.gettext("Your contacts today"))
                body = render_to_string(
                    "guidance/emails/digest.txt", {**context, "base_url": settings.INFLYTT_BASE_URL}
                )
            EmailMessage(subject, body, branding.sender(), [guide.email], connection=connection).send()
            sent += 1
    logger.info("daily digests sent=%s", sent)
    return sent
