"""The mailings app's settings, with the defaults that hold when settings.py does not set them."""

from __future__ import annotations

from typing import Any

from django.conf import settings

DEFAULTS: dict[str, Any] = {
    # Mails per second per worker (0: as fast as the mail server takes them).
    "INFLYTT_MAILING_RATE_PER_SECOND": 0,
    # Deliveries one worker claims at a time, and how many workers share one mailing.
    "INFLYTT_MAILING_CHUNK": 500,
    "INFLYTT_MAILING_WORKERS": 1,
    # Temporary SMTP failures (4xx, timeouts): tries in all, and the first wait (doubled each time).
    "INFLYTT_MAILING_MAX_ATTEMPTS": 5,
    "INFLYTT_MAILING_RETRY_SECONDS": 300,
    # A claim older than this belongs to a worker that died; its rows are taken over.
    "INFLYTT_MAILING_LEASE_SECONDS": 900,
    # The mailto part of List-Unsubscribe (empty: unsubscribe@ the sender's domain).
    "INFLYTT_UNSUBSCRIBE_MAILTO": "",
    "INFLYTT_BASE_URL": "http://127.0.0.1:8000",
    # How long the personal links in a mail work, in days from when the mail was made.
    "INFLYTT_UNSUBSCRIBE_LINK_DAYS": 180,
    "INFLYTT_RSVP_LINK_DAYS": 90,
}
# Withdrawing consent must stay as easy as giving it (GDPR art. 7.3): an unsubscribe link works
# at least this long whatever the setting says.
MIN_UNSUBSCRIBE_LINK_DAYS = 60


def get(name: str) -> Any:
    return getattr(settings, name, DEFAULTS[name])


def unsubscribe_mailto() -> str:
    configured = get("INFLYTT_UNSUBSCRIBE_MAILTO")
    if configured:
        return configured
    sender = settings.DEFAULT_FROM_EMAIL.rsplit("<", 1)[-1].rstrip(">")
    return f"unsubscribe@{sender.rsplit('@', 1)[-1]}"


def unsubscribe_link_days() -> int:
    return max(int(get("INFLYTT_UNSUBSCRIBE_LINK_DAYS")), MIN_UNSUBSCRIBE_LINK_DAYS)


def rsvp_link_days() -> int:
    return max(int(get("INFLYTT_RSVP_LINK_DAYS")), 1)
