"""Mail the networks send, through the task queue. Arguments are ids, never personal data."""

from __future__ import annotations

import logging
import smtplib

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from inflytt.networks.models import AmbassadorInvitation, Introduction
from inflytt.networks.retention import purge_left_ambassadors
from inflytt.networks.tokens import rsvp_token, unsubscribe_token
from inflytt.parties import branding

logger = logging.getLogger(__name__)


@db_task(retries=3, retry_delay=60)
def send_introduction(introduction_id: int) -> None:
    """Two mails, each sent once even if the task is retried: to the ambassador with only what the
    newcomer agreed to share, to the newcomer with the ambassador's chosen contact details."""
    introduction = (
        Introduction.objects.select_related("contact", "ambassador", "ambassador__party", "introduced_by")
        .prefetch_related("contact__municipality_rows__party")
        .filter(pk=introduction_id)
        .first()
    )
    if introduction is None:
        return
    contact, ambassador = introduction.contact, introduction.ambassador
    reply_to = [introduction.introduced_by.email] if introduction.introduced_by else []
    context = {
        "introduction": introduction,
        "contact": contact,
        "ambassador": ambassador,
        "shared": set(introduction.shared),
    }
    if introduction.ambassador_mailed_at is None:
        with translation.override("sv"):
            EmailMessage(
                subject=_("A newcomer would like to meet you"),
                body=render_to_string("networks/emails/to_ambassador.txt", context),
                from_email=branding.sender(),
                to=[ambassador.email],
                reply_to=reply_to,
            ).send()
        Introduction.objects.filter(pk=introduction.pk).update(ambassador_mailed_at=timezone.now())
    if introduction.newcomer_mailed_at is None and contact.email:
        with translation.override(contact.language):
            EmailMessage(
                subject=_("Meet a place ambassador"),
                body=render_to_string("networks/emails/to_newcomer.txt", context),
                from_email=branding.sender(),
                to=[contact.email],
                reply_to=reply_to,
            ).send()
        Introduction.objects.filter(pk=introduction.pk).update(newcomer_mailed_at=timezone.now())
    logger.info("introduction mailed introduction=%s", introduction.pk)


@db_task(retries=3, retry_delay=60)
def send_ambassador_invitations(invitation_ids: list[int]) -> None:
    """One mail per invitation, over one SMTP connection, each with the ambassador's own RSVP
    link. A retried task sends only those not yet sent (mailed_at is written after each mail)."""
    rows = list(
        AmbassadorInvitation.objects.filter(pk__in=invitation_ids, mailed_at__isnull=True, mail_error="")
        .select_related("event", "event__municipality", "ambassador", "invited_by")
        .order_by("pk")
    )
    if not rows:
        return
    base = settings.INFLYTT_BASE_URL.rstrip("/")
    with get_connection() as connection, translation.override("sv"):
        for invitation in rows:
            token = rsvp_token(
                invitation_id=invitation.pk, ambassador_id=invitation.ambassador_id, event_id=invitation.event_id
            )
            no_more = unsubscribe_token(ambassador_id=invitation.ambassador_id, invitation_id=invitation.pk)
            unsubscribe_url = base + reverse("networks:ambassador_unsubscribe", kwargs={"lang": "sv", "token": no_more})
            context = {
                "invitation": invitation,
                "event": invitation.event,
                "ambassador": invitation.ambassador,
                "rsvp_url": base + reverse("networks:ambassador_rsvp", kwargs={"lang": "sv", "token": token}),
                "unsubscribe_url": unsubscribe_url,
            }
            message = EmailMessage(
                subject=_("Invitation: %(event)s") % {"event": invitation.event.title},
                body=render_to_string("networks/emails/ambassador_invitation.txt", context),
                from_email=branding.sender(),
                to=[invitation.ambassador.email],
                reply_to=[invitation.invited_by.email] if invitation.invited_by else [],
                connection=connection,
                # RFC 8058: the mail client's one-click "unsubscribe" posts to the same link.
                headers={
                    "List-Unsubscribe": f"<{unsubscribe_url}>",
                    "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
                },
            )
            try:
                message.send()
            except smtplib.SMTPRecipientsRefused as error:
                # One refused address must not hold up the others. A permanent refusal (5xx) is
                # kept on the row and not tried again; a temporary one fails the task, which is
                # retried and sends only the rows still without a mail.
                codes = [code for code, _text in error.recipients.values()]
                if not codes or min(codes) < 500:
                    raise
                AmbassadorInvitation.objects.filter(pk=invitation.pk).update(mail_error=str(min(codes)))
                logger.info("ambassador invitation refused invitation=%s code=%s", invitation.pk, min(codes))
                continue
            AmbassadorInvitation.objects.filter(pk=invitation.pk).update(mailed_at=timezone.now())
    logger.info("ambassador invitations mailed count=%s", len(rows))


@db_periodic_task(crontab(hour="3", minute="40"))
def purge_left_ambassadors_daily() -> None:
    count = purge_left_ambassadors()
    logger.info("ambassador retention deleted=%s", count)
