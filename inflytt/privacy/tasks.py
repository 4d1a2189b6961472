"""Retention through the task queue. Arguments are ids, never personal data."""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.mail import send_mass_mail
from django.template.loader import render_to_string
from django.utils import translation
from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from inflytt.accounts.models import Role, User
from inflytt.audit.services import prune_audit_log
from inflytt.parties import branding
from inflytt.privacy import services

logger = logging.getLogger(__name__)


@db_task()
def run_retention(run_id: int) -> None:
    """Carry out a confirmed run (or continue an interrupted one) chunk by chunk."""
    run = services.execute_retention(run_id=run_id)
    logger.info("retention run=%s state=%s counts=%s", run.pk, run.state, run.counts)


@db_periodic_task(crontab(month="1", day="15", hour="3", minute="0"))
def yearly_retention() -> None:
    """Once a year ("Det görs en gång per år", the 2025 agreement, Bilaga 4; docs/requirements.md R5):
    prepare the preview for the coordinators to confirm, tell them, and apply the audit log's own retention period."""
    run = services.propose_retention()
    pruned = prune_audit_log()
    coordinators = User.objects.filter(role=Role.COORDINATOR, is_active=True)
    messages = []
    for user in coordinators:
        with translation.override("sv"):
            subject = str(translation.gettext("The yearly retention run is ready for your confirmation"))
            body = render_to_string(
                "privacy/emails/retention_proposed.txt", {"run": run, "base_url": settings.INFLYTT_BASE_URL}
            )
        messages.append((subject, body, branding.sender(), [user.email]))
    send_mass_mail(messages)
    logger.info("retention proposed run=%s audit_events_pruned=%s", run.pk, pruned)


@db_periodic_task(crontab(minute="20"))
def prune_mail_outbox() -> None:
    """Every hour: the file outbox keeps no mail longer than INFLYTT_MAIL_OUTBOX_DAYS."""
    deleted = services.prune_mail_outbox()
    if deleted:
        logger.info("mail outbox pruned files=%s", deleted)
