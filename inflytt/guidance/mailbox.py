"""Reading the programme's mailbox over IMAP (off while INFLYTT_IMAP_HOST is empty).

`poll()` reads the inbox, hands each message to `services.receive_mail` (one transaction: the
card's activity and the message's unique key) and only then moves it to the processed folder. A
poll killed between the commit and the move leaves the message in the inbox; the next poll finds
its key, skips it and moves it. So every message is processed exactly once.

The periodic task lives here, not in tasks.py: it calls the services, which enqueue tasks.py's
notices, so tasks.py must not import it. `GuidanceConfig.ready` imports this module so the
worker knows the task.
"""

from __future__ import annotations

import logging

from django.conf import settings
from huey import crontab
from huey.contrib.djhuey import db_periodic_task
from imap_tools import BaseMailBox, MailBox, MailBoxUnencrypted

from inflytt.guidance.inbound import parse
from inflytt.guidance.services import receive_mail

logger = logging.getLogger(__name__)


def connect() -> BaseMailBox:
    box_class = MailBox if settings.INFLYTT_IMAP_SSL else MailBoxUnencrypted
    mailbox = box_class(settings.INFLYTT_IMAP_HOST, port=settings.INFLYTT_IMAP_PORT, timeout=60)
    return mailbox.login(settings.INFLYTT_IMAP_USER, settings.INFLYTT_IMAP_PASSWORD, settings.INFLYTT_IMAP_FOLDER)


def move_processed(mailbox: BaseMailBox, uid: str) -> None:
    mailbox.move(uid, settings.INFLYTT_IMAP_PROCESSED_FOLDER)


def poll(*, limit: int = 200) -> dict[str, int]:
    """Read up to `limit` messages from the inbox; returns counts per outcome."""
    counts: dict[str, int] = {}
    with connect() as mailbox:
        if not mailbox.folder.exists(settings.INFLYTT_IMAP_PROCESSED_FOLDER):
            mailbox.folder.create(settings.INFLYTT_IMAP_PROCESSED_FOLDER)
        # One message per FETCH: a mailbox of large attachments never sits in memory at once.
        for message in mailbox.fetch(limit=limit, mark_seen=False, bulk=False):
            try:
                outcome = receive_mail(parsed=parse(message))
            except Exception:
                # One bad message must not stop the rest; it stays in the inbox for the next poll.
                logger.exception("inbound mail uid=%s not processed", message.uid)
                counts["failed"] = counts.get("failed", 0) + 1
                continue
            move_processed(mailbox, message.uid or "")
            counts[outcome] = counts.get(outcome, 0) + 1
    logger.info("inbound mail polled %s", counts)
    return counts


@db_periodic_task(crontab(minute=f"*/{settings.INFLYTT_IMAP_POLL_MINUTES}"))
def poll_inbound_mail() -> None:
    """Read the programme's mailbox (off while INFLYTT_IMAP_HOST is empty)."""
    if not settings.INFLYTT_IMAP_HOST:
        return
    poll()
