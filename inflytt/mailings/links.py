"""How long the personal links in a mail work, the kinds of fresh link, and the mailto part of
List-Unsubscribe."""

from __future__ import annotations

from django.conf import settings

# Withdrawing consent must stay as easy as giving it (GDPR art. 7.3): an unsubscribe link works
# at least this long whatever the setting says.
MIN_UNSUBSCRIBE_LINK_DAYS = 60


class FreshLink:
    """A new personal link mailed for one that expired (services.send_fresh_link)."""

    UNSUBSCRIBE = "unsubscribe"
    RSVP = "rsvp"


def unsubscribe_mailto() -> str:
    configured = settings.INFLYTT_UNSUBSCRIBE_MAILTO
    if configured:
        return configured
    sender = settings.DEFAULT_FROM_EMAIL.rsplit("<", 1)[-1].rstrip(">")
    return f"unsubscribe@{sender.rsplit('@', 1)[-1]}"


def unsubscribe_link_days() -> int:
    return max(int(settings.INFLYTT_UNSUBSCRIBE_LINK_DAYS), MIN_UNSUBSCRIBE_LINK_DAYS)


def rsvp_link_days() -> int:
    return max(int(settings.INFLYTT_RSVP_LINK_DAYS), 1)
