"""Mail about the register itself, through the task queue. Arguments are ids, never personal data."""

from __future__ import annotations

import logging
from collections.abc import Iterable

from django.conf import settings
from django.core.mail import send_mass_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import translation
from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from inflytt.accounts.models import Role, User
from inflytt.contacts import duplicates
from inflytt.contacts.models import Activity
from inflytt.parties import branding

logger = logging.getLogger(__name__)


@db_task(retries=3, retry_delay=60)
def notify_merge(activity_id: int, party_ids: list[int]) -> None:
    """Tell the guides of both parties that two cards they handled are now one (the merge's
    activity on the kept card says which)."""
    activity = Activity.objects.select_related("contact", "contact__assigned_party").filter(pk=activity_id).first()
    if activity is None:
        return
    guides = User.objects.filter(party_id__in=party_ids, role=Role.GUIDE, is_active=True)
    messages = []
    for guide in guides:
        with translation.override(settings.LANGUAGE_CODE):
            subject = translation.gettext("Two contact cards were merged")
            body = render_to_string(
                "contacts/emails/merged.txt",
                {"contact": activity.contact, "guide": guide, "base_url": settings.INFLYTT_BASE_URL},
            )
        messages.append((subject, body, branding.sender(), [guide.email]))
    send_mass_mail(messages)
    logger.info("merge notice sent activity=%s recipients=%s", activity_id, len(messages))


@db_periodic_task(crontab(hour="2", minute="50"))
def refresh_duplicates() -> None:
    """Nightly, and queued after an import: compare the whole register and store the likely
    duplicates the list shows (contacts.duplicates)."""
    result = duplicates.refresh_candidates()
    logger.info(
        "duplicates refreshed found=%s created=%s updated=%s deleted=%s",
        result.found,
        result.created,
        result.updated,
        result.deleted,
    )


@db_task(retries=2, retry_delay=30)
def check_duplicates(contact_id: int) -> None:
    """Compare one card with the register: a few indexed queries, off the request."""
    duplicates.check_contact(contact_id=contact_id)


def check_duplicates_after_commit(contact_id: int, changed: Iterable[str] = duplicates.COMPARED_FIELDS) -> None:
    """Queue the check of a card once the transaction that created it, or changed its email,
    phone, name or city, has committed (nothing is queued for other changes)."""
    if duplicates.COMPARED_FIELDS.intersection(changed):
        transaction.on_commit(lambda: check_duplicates(contact_id), robust=True)
