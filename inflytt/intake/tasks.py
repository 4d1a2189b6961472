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
from django.utils.translation import gettext_noop
from huey.contrib.djhuey import db_task

from inflytt.accounts.models import Role, User
from inflytt.contacts.models import Activity, Contact, MagazineOrder, NewsletterSubscription
from inflytt.contacts.selfservice import selfservice_url

logger = logging.getLogger(__name__)


def _base_url() -> str:
    return str(settings.INFLYTT_BASE_URL).rstrip("/")


def _log_on_card(contact_id: int, subject: str) -> None:
    """Rule 3: mail sent from the system is logged on the card (not as an outgoing dialogue:
    a receipt does not meet the first-response service level)."""
    with translation.override(settings.LANGUAGE_CODE):
        Activity.objects.create(contact_id=contact_id, kind=Activity.Kind.SYSTEM, subject=_(subject)[:200])


@db_task()
def registration_received(
    contact_id: int,
    guidance: bool,
    magazine: bool,
    subscription_id: int | None,
    *,
    known: bool = False,
    returned: bool = False,
    order_id: int | None = None,
) -> None:
    """The one task a registration queues (one write to the queue in the request); it queues the
    mails, each with its own retries, so a failing guide notice does not resend the receipt.

    A submission for a known address always gets a receipt at the address on file, with the
    person's self-service link: that is where details are changed, not by posting the form."""
    if guidance or magazine or known:
        send_receipt(contact_id, guidance, magazine, known=known)
    if subscription_id is not None:
        send_newsletter_confirmation(subscription_id)
    if order_id is not None:
        send_magazine_confirmation(order_id)
    if guidance and (not known or returned):
        notify_guides(contact_id, returned=returned)


@db_task(retries=3, retry_delay=60)
def send_receipt(contact_id: int, guidance: bool, magazine: bool, known: bool = False) -> None:
    contact = Contact.objects.select_related("assigned_party").filter(pk=contact_id).first()
    if contact is None or not contact.email:
        return
    with translation.override(contact.language):
        subject = _("We have received your registration")
        body = render_to_string(
            "intake/emails/receipt.txt",
            {
                "contact": contact,
                "guidance": guidance,
                "magazine": magazine,
                "known": known,
                "selfservice_url": selfservice_url(contact),
                "site_name": settings.SITE_NAME,
            },
        )
    EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, [contact.email]).send()
    _log_on_card(contact.pk, gettext_noop("Receipt mail sent"))
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
                "days": settings.INFLYTT_NEWSLETTER_CONFIRM_DAYS,
                "selfservice_url": selfservice_url(subscription.contact, language),
                "site_name": settings.SITE_NAME,
            },
        )
    EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, [subscription.contact.email]).send()
    _log_on_card(subscription.contact_id, gettext_noop("Newsletter confirmation mail sent"))
    logger.info("intake newsletter confirmation sent subscription=%s", subscription.pk)


@db_task(retries=3, retry_delay=60)
def send_magazine_confirmation(order_id: int) -> None:
    """A magazine order to an address not on file, made by a submission for a known card: the
    person confirms it through a link mailed to the email address on file."""
    from inflytt.intake.tokens import magazine_token

    order = MagazineOrder.objects.select_related("contact").filter(pk=order_id, confirmed_at__isnull=True).first()
    if order is None or not order.contact.email:
        return
    contact = order.contact
    with translation.override(contact.language):
        subject = _("Confirm the address for the magazine")
        body = render_to_string(
            "intake/emails/magazine_confirm.txt",
            {
                "contact": contact,
                "order": order,
                "link": f"{_base_url()}/{contact.language}/magazine/confirm/{magazine_token(order)}/",
                "selfservice_url": selfservice_url(contact),
                "site_name": settings.SITE_NAME,
            },
        )
    EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, [contact.email]).send()
    _log_on_card(contact.pk, gettext_noop("Magazine address confirmation mail sent"))
    logger.info("intake magazine confirmation sent order=%s", order.pk)


@db_task(retries=3, retry_delay=60)
def notify_guides(contact_id: int, returned: bool = False) -> None:
    """Tell the assigned party's guides that a person asked for guidance (or, `returned`, that a
    known person asked again). The mail carries a link to the card and the due date, not the
    person's details (mailboxes are not the register)."""
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
        if returned:
            subject = _("A known person asks for guidance again: %(party)s") % {"party": party.name}
        else:
            subject = _("New contact for %(party)s") % {"party": party.name}
        body = render_to_string(
            "intake/emails/guide_notice.txt",
            {
                "contact": contact,
                "party": party,
                "returned": returned,
                "link": f"{_base_url()}/contacts/{contact.pk}/",
            },
        )
    messages = [EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, [email]) for email in recipients]
    get_connection().send_messages(messages)
    logger.info("intake guides notified contact=%s party=%s recipients=%s", contact.pk, party.pk, len(messages))


from inflytt.intake.importer.jobs import run_import_job  # noqa: E402, F401 - registers the import task with the worker
