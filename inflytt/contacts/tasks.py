"""Mail about the register itself, through the task queue. Arguments are ids, never personal data."""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.mail import send_mass_mail
from django.template.loader import render_to_string
from django.utils import translation
from huey.contrib.djhuey import db_task

from inflytt.accounts.models import Role, User
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
