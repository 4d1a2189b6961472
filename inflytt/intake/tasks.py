"""Mails of the public intake, sent by the task queue after the registration committed.

Arguments are ids and flags only: no personal data in the queue or in logs.
"""

from __future__ import annotations

import logging
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from inflytt.accounts.models import Role, User
from inflytt.contacts import tasks as contact_tasks
from inflytt.contacts.events import system_event
from inflytt.contacts.models import Activity, Contact, MagazineOrder, NewsletterSubscription
from inflytt.contacts.selfservice import selfservice_url
from inflytt.intake.models import RegistrationMail, SentForm
from inflytt.intake.tokens import magazine_token, newsletter_token
from inflytt.parties import branding

logger = logging.getLogger(__name__)


def _base_url() -> str:
    return str(settings.INFLYTT_BASE_URL).rstrip("/")


def _log_on_card(contact_id: int, code: str) -> None:
    """Rule 3: mail sent from the system is logged on the card (not as an outgoing dialogue:
    a receipt does not meet the first-response service level)."""
    Activity.objects.create(contact_id=contact_id, kind=Activity.Kind.SYSTEM, **system_event(code))


@db_task()
def registration_received(
    mail_ids: list[int], subscription_id: int | None, *, order_id: int | None = None, new_contact_id: int | None = None
) -> None:
    """The one task a registration queues (one write to the queue in the request); it queues the
    mails, each with its own retries, so a failing guide notice does not resend the receipt.

    The receipt and the guides' notice are RegistrationMail rows written with the registration:
    if this task is lost (a worker killed after taking it), sweep_registration_mails sends them.
    A submission for a known address always gets a receipt at the address on file, with the
    person's self-service link: that is where details are changed, not by posting the form."""
    for mail_id in mail_ids:
        send_registration_mail(mail_id)
    if subscription_id is not None:
        send_newsletter_confirmation(subscription_id)
    if order_id is not None:
        send_magazine_confirmation(order_id)
    if new_contact_id is not None:  # a new card is compared with the register (likely duplicates)
        contact_tasks.check_duplicates(new_contact_id)


@db_task(retries=3, retry_delay=60)
def send_registration_mail(mail_id: int) -> None:
    """Send one owed mail at most once (docs/decisions/0014): claim it with a conditional UPDATE
    (only one worker wins, whoever queued it), build it, mark it handed over under that claim, send,
    then mark it sent. A failed send releases the claim so the retry (or the sweep) sends it. A
    worker killed before the hand-over leaves a claim the sweep takes back after the grace; one
    killed between the hand-over and the mark leaves it unsent, and it is not sent again (the
    server may have taken it, and a duplicate is the worse failure)."""
    claim = timezone.now()
    claimed = RegistrationMail.objects.filter(pk=mail_id, claimed_at__isnull=True, sent_at__isnull=True).update(
        claimed_at=claim
    )
    if not claimed:
        return
    mail = RegistrationMail.objects.get(pk=mail_id)
    receipt = mail.kind == RegistrationMail.Kind.RECEIPT
    try:
        if receipt:
            messages = _receipt(mail.contact_id, mail.guidance, mail.magazine, known=mail.known)
        else:
            messages = _guide_notice(mail.contact_id, returned=mail.returned)
        # Still ours (a sweep takes back only claims older than the grace, and another worker's
        # claim has another time): from here the mail may reach the server.
        if not RegistrationMail.objects.filter(pk=mail_id, claimed_at=claim, handed_at__isnull=True).update(
            handed_at=timezone.now()
        ):
            return
        if messages:
            get_connection().send_messages(messages)
    except Exception:
        RegistrationMail.objects.filter(pk=mail_id, claimed_at=claim, sent_at__isnull=True).update(
            claimed_at=None, handed_at=None
        )
        raise
    with transaction.atomic():
        RegistrationMail.objects.filter(pk=mail_id).update(sent_at=timezone.now())
        if messages and receipt:  # the guides' notice is not logged on the card
            _log_on_card(mail.contact_id, "receipt_sent")
    if messages:
        logger.info("intake %s sent contact=%s recipients=%s", mail.kind, mail.contact_id, len(messages))


@db_periodic_task(crontab(minute="*/5"))
def sweep_registration_mails() -> int:
    """Queue again the receipts and guides' notices of the last INFLYTT_REGISTRATION_MAIL_SWEEP_HOURS
    that no worker took (the task was lost with a killed worker, or the queue was down at commit)
    or that a worker claimed and never handed over (it was killed before it sent). Mails younger
    than INFLYTT_REGISTRATION_MAIL_GRACE_SECONDS are still on their way, and a live worker hands a
    mail over within milliseconds of its claim. Running it twice, or while the first task is still
    queued, sends nothing twice: the claim decides."""
    now = timezone.now()
    since = now - timedelta(hours=settings.INFLYTT_REGISTRATION_MAIL_SWEEP_HOURS)
    before = now - timedelta(seconds=settings.INFLYTT_REGISTRATION_MAIL_GRACE_SECONDS)
    unsent = RegistrationMail.objects.filter(sent_at__isnull=True, created_at__gte=since)
    taken_back = unsent.filter(handed_at__isnull=True, claimed_at__lte=before).update(claimed_at=None)
    lost = list(unsent.filter(claimed_at__isnull=True, created_at__lte=before).values_list("pk", flat=True))
    for mail_id in lost:
        send_registration_mail(mail_id)
    # The rows are bookkeeping, not a history: the card's log keeps what was sent.
    RegistrationMail.objects.filter(created_at__lt=now - timedelta(days=30)).delete()
    if lost:
        logger.warning("intake registration mails queued again count=%s taken_back=%s", len(lost), taken_back)
    return len(lost)


@db_periodic_task(crontab(minute="17"))
def forget_sent_forms() -> int:
    """Delete the re-post guards (SentForm) of forms past their signed lifetime: such a form is
    refused as expired before its guard is read, so the row guards nothing any more."""
    lifetime = timedelta(seconds=int(settings.INFLYTT_INTAKE_FORM_MAX_AGE_SECONDS) + 60)
    deleted, _rows = SentForm.objects.filter(created_at__lt=timezone.now() - lifetime).delete()
    return deleted


def _receipt(contact_id: int, guidance: bool, magazine: bool, known: bool = False) -> list[EmailMessage]:
    """The receipt to the person (none for a card gone or without an address)."""
    contact = Contact.objects.select_related("assigned_party").filter(pk=contact_id).first()
    if contact is None or not contact.email:
        return []
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
                "site_name": branding.programme_name(),
            },
        )
    return [EmailMessage(subject, body, branding.sender(), [contact.email])]


@db_task(retries=3, retry_delay=60)
def send_newsletter_confirmation(subscription_id: int) -> None:
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
                "site_name": branding.programme_name(),
            },
        )
    EmailMessage(subject, body, branding.sender(), [subscription.contact.email]).send()
    _log_on_card(subscription.contact_id, "newsletter_confirmation_sent")
    logger.info("intake newsletter confirmation sent subscription=%s", subscription.pk)


@db_task(retries=3, retry_delay=60)
def send_magazine_confirmation(order_id: int) -> None:
    """A magazine order to an address not on file, made by a submission for a known card: the
    person confirms it through a link mailed to the email address on file."""
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
    EmailMessage(subject, body, branding.sender(), [contact.email]).send()
    _log_on_card(contact.pk, "magazine_confirmation_sent")
    logger.info("intake magazine confirmation sent order=%s", order.pk)


def _guide_notice(contact_id: int, returned: bool = False) -> list[EmailMessage]:
    """The notice to the assigned party's guides that a person asked for guidance (or, `returned`,
    that a known person asked again). The mail carries a link to the card and the due date, not the
    person's details (mailboxes are not the register)."""
    contact = Contact.objects.select_related("assigned_party").filter(pk=contact_id).first()
    if contact is None:
        return []
    party = contact.assigned_party
    recipients = list(
        User.objects.filter(party=party, role=Role.GUIDE, is_active=True).values_list("email", flat=True)
    ) or list(User.objects.filter(role=Role.COORDINATOR, is_active=True).values_list("email", flat=True))
    if not recipients:
        logger.warning("intake no guide to notify party=%s contact=%s", party.pk, contact.pk)
        return []
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
    return [EmailMessage(subject, body, branding.sender(), [email]) for email in recipients]


from inflytt.intake.importer.jobs import run_import_job  # noqa: E402, F401 - registers the import task with the worker
