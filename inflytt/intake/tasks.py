"""Mails of the public intake, sent by the task queue after the registration committed.

Arguments are ids and flags only: no personal data in the queue or in logs.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _
from huey.contrib.djhuey import db_task

from inflytt.accounts.models import Role, User
from inflytt.contacts.events import system_event
from inflytt.contacts.models import Activity, Contact, NewsletterSubscription
from inflytt.core import branding
from inflytt.intake import conf

logger = logging.getLogger(__name__)


def _base_url() -> str:
    return str(conf.get("INFLYTT_BASE_URL")).rstrip("/")


def _log_on_card(contact_id: int, code: str) -> None:
    """Rule 3: mail sent from the system is logged on the card (not as an outgoing dialogue:
    a receipt does not meet the first-response service level)."""
    Activity.objects.create(contact_id=contact_id, kind=Activity.Kind.SYSTEM, **system_event(code))


@db_task()
def registration_received(contact_id: int, guidance: bool, magazine: bool, subscription_id: int | None) -> None:
    """The one task a registration queues (one write to the queue in the request); it queues the
    mails, each with its own retries, so a failing guide notice does not resend the receipt."""
    if guidance or magazine:
        send_receipt(contact_id, guidance, magazine)
    if subscription_id is not None:
        send_newsletter_confirmation(subscription_id)
    if guidance:
        notify_guides(contact_id)


@db_task(retries=3, retry_delay=60)
def send_receipt(contact_id: int, guidance: bool, magazine: bool) -> None:
    contact = Contact.objects.select_related("assigned_party").filter(pk=contact_id).first()
    if contact is None or not contact.email:
        return
    with translation.override(contact.language):
        subject = _("We have received your registration")
        body = render_to_string(
            "intake/emails/receipt.txt",
            {"contact": contact, "guidance": guidance, "magazine": magazine, "site_name": branding.programme_name()},
        )
    EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, [contact.email]).send()
    _log_on_card(contact.pk, "receipt_sent")
    logger.info("intake receipt sent contact=%s", contact.pk)


@db_task(retries=3, retry_delay=60)
def send_newsletter_confirmation(subscription_id: int) -> None:
    from inflytt.intake.tokens import newsletter_token

    subscription = NewsletterSubscription.objects.select_related("contact").filter(pk=subscription_id).first()
    if subscription is None or subscription.confirmed_at or not subscription.contact.email:
        return
    language = subscription.language
    link = f"{_base_url()}/{language}/newsletter/confirm/{newsletter_token(subscription)}/"
    with translation.override(language):
        subject = _("Confirm your newsletter subscription")
        body = render_to_string(
            "intake/emails/newsletter_confirm.txt",
            {
                "contact": subscription.contact,
                "link": link,
                "days": conf.get("INFLYTT_NEWSLETTER_CONFIRM_DAYS"),
                "site_name": branding.programme_name(),
            },
        )
    EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, [subscription.contact.email]).send()
    _log_on_card(subscription.contact_id, "newsletter_confirmation_sent")
    logger.info("intake newsletter confirmation sent subscription=%s", subscription.pk)


@db_task(retries=3, retry_delay=60)
def notify_guides(contact_id: int) -> None:
    """Tell the assigned party's guides that a person asked for guidance. The mail carries a link
    to the card and the due date, not the person's details (mailboxes are not the register)."""
    contact = Contact.objects.select_related("assigned_party").filter(pk=contact_id).first()
    if contact is None:
        return
    party = contact.assigned_party
    recipients = list(
        User.objects.filter(party=party, role=Role.GUIDE, is_active=True).values_list("email", flat=True)
    ) or list(User.objects.filter(role=Role.COORDINATOR, is_active=True).values_list("email", flat=True))
    if not recipients:
        logger.warning("intake no guide to notify party=%s contact=%s", party.pk, contact.pk)
        return
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("New contact for %(party)s") % {"party": party.name}
        body = render_to_string(
            "intake/emails/guide_notice.txt",
            {"contact": contact, "party": party, "link": f"{_base_url()}/contacts/{contact.pk}/"},
        )
    messages = [EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, [email]) for email in recipients]
    get_connection().send_messages(messages)
    logger.info("intake guides notified contact=%s party=%s recipients=%s", contact.pk, party.pk, len(messages))
