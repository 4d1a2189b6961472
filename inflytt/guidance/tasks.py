"""Mail that guidance sends, through the task queue. Arguments are ids, never personal data.

Services enqueue through `queue`; these tasks never import the services back. The mailbox poll,
which does call them, is in `mailbox.py`."""

from __future__ import annotations

import logging
from email.utils import make_msgid

from django.conf import settings
from django.core.mail import EmailMessage, send_mass_mail
from django.template.loader import render_to_string
from django.utils import timezone, translation
from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from inflytt.accounts.models import Role, User
from inflytt.contacts.models import Activity
from inflytt.contacts.selfservice import selfservice_url
from inflytt.guidance.digest import send_daily_digests
from inflytt.guidance.inbound import reply_address
from inflytt.guidance.models import InboundMail, SentMessage
from inflytt.parties import branding

logger = logging.getLogger(__name__)


@db_task(retries=3, retry_delay=60)
def deliver_card_email(activity_id: int) -> None:
    """Send a mail written on the card. Idempotent: a retried task sends it once."""
    activity = (
        Activity.objects.select_related("contact", "author", "contact__reply_address").filter(pk=activity_id).first()
    )
    if activity is None or activity.sent_at is not None or not activity.contact.email:
        return
    # Replies go to the card's own address on the programme's mailbox when there is one.
    card_address = getattr(activity.contact, "reply_address", None) if settings.INFLYTT_REPLY_ADDRESS else None
    if card_address is not None:
        reply_to = [reply_address(card_address.token)]
    else:
        reply_to = [activity.author.email] if activity.author else []
    contact = activity.contact
    with translation.override(contact.language):
        # Every mail to a person carries their own "Mina uppgifter" link (issue 10); the card keeps
        # the guide's text as written.
        footer = render_to_string("intake/emails/_selfservice.txt", {"selfservice_url": selfservice_url(contact)})
    # Our own Message-ID, kept before sending (a retry reuses it): a reply without the card's
    # address still finds the card by its In-Reply-To/References.
    domain = settings.DEFAULT_FROM_EMAIL.rpartition("@")[2].strip(">") or None
    sent, _created = SentMessage.objects.get_or_create(
        activity=activity, defaults={"message_id": make_msgid(domain=domain)}
    )
    EmailMessage(
        subject=activity.subject,
        headers={"Message-ID": sent.message_id},
        body=f"{activity.body}\n\n-- \n{footer}".rstrip() + "\n",
        from_email=branding.sender(),
        to=[activity.contact.email],
        reply_to=reply_to,
    ).send()
    Activity.objects.filter(pk=activity.pk).update(sent_at=timezone.now())
    logger.info("card mail sent activity=%s", activity.pk)


def _guides_of(party_id: int) -> list[User]:
    return list(User.objects.filter(party_id=party_id, role=Role.GUIDE, is_active=True))


@db_task(retries=3, retry_delay=60)
def notify_transfer(activity_id: int) -> None:
    """Tell the receiving party's guides that a contact was transferred to them (no personal
    data in the mail beyond the name; the card itself is behind the login)."""
    activity = Activity.objects.select_related("contact", "contact__assigned_party", "author").get(pk=activity_id)
    contact = activity.contact
    messages = []
    for guide in _guides_of(contact.assigned_party_id):
        with translation.override("sv"):
            subject = str(translation.gettext("A contact was transferred to you"))
            body = render_to_string(
                "guidance/emails/transfer.txt",
                {"contact": contact, "activity": activity, "guide": guide, "base_url": settings.INFLYTT_BASE_URL},
            )
        messages.append((subject, body, branding.sender(), [guide.email]))
    send_mass_mail(messages)
    logger.info("transfer notice sent activity=%s recipients=%s", activity.pk, len(messages))


@db_periodic_task(crontab(minute="0", hour=settings.INFLYTT_DIGEST_HOUR, day_of_week="1-5"))
def daily_digests() -> None:
    send_daily_digests()


@db_task(retries=3, retry_delay=60)
def notify_inbound_mail(mail_id: int) -> None:
    """Tell the guide handling the card that a mail arrived on it: the assigned guide, else the
    guides of the card's party. The notice holds the link to the card, not the mail."""
    mail = InboundMail.objects.select_related("contact__assigned_guide").filter(pk=mail_id).first()
    if mail is None or mail.contact is None:
        return
    contact = mail.contact
    guide = contact.assigned_guide
    recipients = [guide] if guide is not None and guide.is_active else _guides_of(contact.assigned_party_id)
    messages = []
    for recipient in recipients:
        with translation.override("sv"):
            subject = str(translation.gettext("A mail arrived on your contact's card"))
            body = render_to_string(
                "guidance/emails/inbound.txt",
                {"contact": contact, "guide": recipient, "base_url": settings.INFLYTT_BASE_URL},
            )
        messages.append((subject, body, branding.sender(), [recipient.email]))
    send_mass_mail(messages)
    logger.info("inbound notice sent mail=%s recipients=%s", mail.pk, len(messages))
