"""Mailings through the task queue. Arguments are ids, never personal data."""

from __future__ import annotations

import logging
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from inflytt.accounts.models import User
from inflytt.contacts.models import Contact
from inflytt.mailings import delivery, links, services
from inflytt.mailings.models import Event, Invitation, Mailing
from inflytt.mailings.rendering import Renderer
from inflytt.mailings.selectors import due_mailings
from inflytt.mailings.tokens import rsvp_token, unsubscribe_token
from inflytt.parties import branding

logger = logging.getLogger(__name__)


@db_task()
def start_mailing(mailing_id: int) -> None:
    """Evaluate the segment now (at send time), then hand the sending to the workers."""
    if not services.begin_sending(mailing_id):
        return
    mailing = Mailing.objects.get(pk=mailing_id)
    total = delivery.materialise(mailing)
    logger.info("mailing=%s recipients=%s", mailing_id, total)
    for _worker in range(settings.INFLYTT_MAILING_WORKERS):
        send_mailing(mailing_id)


@db_task()
def send_mailing(mailing_id: int) -> None:
    """One worker's share; when only retries are left, come back when the first one is due."""
    if delivery.run(mailing_id) == "later":
        mailing = Mailing.objects.get(pk=mailing_id)
        at = delivery.next_retry_at(mailing)
        if at is not None:
            send_mailing.schedule((mailing_id,), eta=at)


@db_task()
def send_test_mail(mailing_id: int, user_id: int, language: str) -> None:
    mailing = Mailing.objects.select_related("event").get(pk=mailing_id)
    user = User.objects.select_related("party").get(pk=user_id)
    message = Renderer(mailing).message(
        to=user.email,
        language=language,
        first_name=user.first_name or user.email,
        municipality=user.party.name if user.party else branding.programme_name(),
        contact_id=None,
        subject_prefix="[TEST] ",
    )
    get_connection(fail_silently=False).send_messages([message])
    logger.info("mailing=%s test sent user=%s", mailing_id, user_id)


@db_task(retries=3, retry_delay=60)
def send_fresh_link_mail(kind: str, contact_id: int, event_id: int | None, language: str) -> None:
    """A new personal link for one that expired, to the address on the card (services.send_fresh_link)."""
    contact = Contact.objects.select_related("newsletter").filter(pk=contact_id).first()
    if contact is None or not contact.email:
        return
    base_url = settings.INFLYTT_BASE_URL.rstrip("/")
    event = None
    if kind == services.FreshLink.UNSUBSCRIBE:
        subscription = getattr(contact, "newsletter", None)
        if subscription is None or not subscription.is_active:
            return
        token = unsubscribe_token(
            contact_id=contact.pk,
            subscription_id=subscription.pk,
            subscribed_at=subscription.created_at,
            purpose=Mailing.Purpose.NEWSLETTER,
        )
        link = f"{base_url}{reverse('mailings:unsubscribe', kwargs={'token': token})}?lang={language}"
        days = links.unsubscribe_link_days()
    else:
        event = Event.objects.filter(pk=event_id, starts_at__gt=timezone.now()).first()
        if event is None or not Invitation.objects.filter(event=event, contact=contact).exists():
            return
        token = rsvp_token(event_id=event.pk, contact_id=contact.pk)
        link = f"{base_url}{reverse('mailings:rsvp', kwargs={'token': token})}?lang={language}"
        days = links.rsvp_link_days()
    with translation.override(language):
        subject = _("Your new link")
        body = render_to_string(
            "mailings/emails/fresh_link.txt",
            {"kind": kind, "link": link, "days": days, "event": event, "site_name": branding.programme_name()},
        )
    EmailMessage(subject, body, branding.sender(), [contact.email]).send()
    logger.info("mailings fresh %s link sent contact=%s", kind, contact.pk)


@db_periodic_task(crontab(minute="*"))
def send_due_mailings() -> None:
    """Start scheduled mailings that are due, and take over sends whose worker died."""
    for mailing_id in due_mailings().values_list("pk", flat=True):
        start_mailing(mailing_id)
    stale = timezone.now() - timedelta(seconds=settings.INFLYTT_MAILING_LEASE_SECONDS)
    for mailing in Mailing.objects.filter(status=Mailing.Status.SENDING):
        # A start that died while it wrote the recipients (materialising again adds nobody
        # twice), or workers that died while sending.
        died_starting = mailing.recipients is None and mailing.started_at is not None and mailing.started_at < stale
        if died_starting or delivery.recover_stalled(mailing):
            send_mailing(mailing.pk)
