"""Mailings through the task queue. Arguments are ids, never personal data.

Services enqueue through `queue`; the tasks call the modules below the services (`status`,
`delivery`, `rendering`) and never import the services back."""

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
from inflytt.mailings import delivery, links, status
from inflytt.mailings.calendar import calendar_attachment
from inflytt.mailings.models import Event, Invitation, Mailing
from inflytt.mailings.rendering import Renderer
from inflytt.mailings.selectors import due_mailings
from inflytt.mailings.tokens import rsvp_token, unsubscribe_token
from inflytt.parties import branding

logger = logging.getLogger(__name__)
# {first_name} in a test mail to a user without a first name.
SAMPLE_FIRST_NAME = "Alex"


@db_task()
def start_mailing(mailing_id: int) -> None:
    """Evaluate the segment now (at send time), then hand the sending to the workers."""
    if not status.begin_sending(mailing_id):
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
        # The user's own name, else a sample one: never their address, which is no name.
        first_name=user.first_name or SAMPLE_FIRST_NAME,
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
    if kind == links.FreshLink.UNSUBSCRIBE:
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
        # An RSVP link always names its event (event_id is None only for unsubscribe links).
        event = Event.objects.filter(pk=event_id, starts_at__gt=timezone.now()).first()  # type: ignore[misc]
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


@db_task(retries=3, retry_delay=60)
def send_rsvp_confirmation(invitation_id: int, language: str | None) -> None:
    """The answer to an invitation confirmed by mail, in `language` (else the contact's own),
    with the event as an .ics file when the person is coming (services.answer_invitation)."""
    invitation = (
        Invitation.objects.select_related("event", "event__municipality", "contact").filter(pk=invitation_id).first()
    )
    if invitation is None or not invitation.contact.email:
        return
    contact, event = invitation.contact, invitation.event
    language = language if language in ("sv", "en") else ("en" if contact.language == "en" else "sv")
    token = rsvp_token(event_id=event.pk, contact_id=contact.pk)
    link = f"{settings.INFLYTT_BASE_URL.rstrip('/')}{reverse('mailings:rsvp', kwargs={'token': token})}?lang={language}"
    with translation.override(language):
        subjects: dict[str, str] = {
            Invitation.Answer.YES: _("You are coming: %(event)s"),
            Invitation.Answer.WAITING: _("On the waiting list: %(event)s"),
        }
        subject = subjects.get(invitation.answer, _("Your answer: %(event)s")) % {"event": event.text().title}
        body = render_to_string(
            "mailings/emails/rsvp_confirmation.txt",
            {"invitation": invitation, "event": event, "link": link, "site_name": branding.programme_name()},
        )
    message = EmailMessage(" ".join(subject.split()), body, settings.DEFAULT_FROM_EMAIL, [contact.email])
    if invitation.answer == Invitation.Answer.YES:
        message.attach(calendar_attachment(event, language=language))
    message.send()
    logger.info("mailings rsvp confirmation sent invitation=%s", invitation_id)


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
