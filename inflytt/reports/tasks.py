"""Report mail, through the task queue. Arguments are ids, never personal data."""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.mail import EmailMessage
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from huey.contrib.djhuey import db_task

from inflytt.parties import branding
from inflytt.reports import exports
from inflytt.reports.models import ReportDispatch
from inflytt.reports.periods import parse_period
from inflytt.reports.presentation import STEERING, present
from inflytt.reports.selectors import build_report

logger = logging.getLogger(__name__)


@db_task(retries=3, retry_delay=60)
def deliver_report(dispatch_id: int) -> None:
    """Send one party its report as a PDF. Idempotent: a retried task sends it once."""
    dispatch = ReportDispatch.objects.select_related("party").filter(pk=dispatch_id, sent_at__isnull=True).first()
    if dispatch is None:
        return
    with translation.override("sv"):
        view = present(build_report(period=parse_period(dispatch.period)), audience=STEERING, party=dispatch.party)
        subject = exports.title(view)
        body = _(
            "Attached is the quarterly report of %(programme)s for %(party)s, %(period)s, with the economic report."
        ) % {
            "programme": branding.programme_name(fallback=settings.PROGRAMME_NAME),
            "party": dispatch.party.name,
            "period": dispatch.period,
        }
        message = EmailMessage(subject, body, branding.sender(), [dispatch.email])
        message.attach(exports.file_name(view, "pdf"), exports.report_pdf(view), "application/pdf")
    message.send()
    ReportDispatch.objects.filter(pk=dispatch.pk).update(sent_at=timezone.now())
    logger.info("report sent dispatch=%s", dispatch.pk)
