from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from inflytt.contacts.models import Language


class MessageTemplate(models.Model):
    """A mail a guide starts from on the card. Placeholders: {first_name}, {guide_name},
    {party}; the guide's signature is added below the text."""

    name = models.CharField(_("name"), max_length=100)
    language = models.CharField(_("language"), max_length=2, choices=Language.choices, default=Language.SV)
    subject = models.CharField(_("subject"), max_length=200)
    body = models.TextField(_("text"), max_length=10000)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["language", "name"]
        verbose_name = _("mail template")
        verbose_name_plural = _("mail templates")

    def __str__(self) -> str:
        return f"{self.name} ({self.language})"


class ReplyAddress(models.Model):
    """The card's own reply address on the programme's mailbox: svar+<token>@domain.

    The token is random and stored, so the address says nothing about the person or the card id
    and cannot be guessed; a reply to it is matched to the card by the token alone.
    """

    contact = models.OneToOneField("contacts.Contact", on_delete=models.CASCADE, related_name="reply_address")
    token = models.CharField(max_length=32, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("reply address")
        verbose_name_plural = _("reply addresses")

    def __str__(self) -> str:
        return self.token


class SentMessage(models.Model):
    """The Message-ID of a mail sent from the card: a reply that lost its reply address (a
    forward, a mail program that ignores Reply-To) still finds the card by In-Reply-To/References."""

    activity = models.OneToOneField("contacts.Activity", on_delete=models.CASCADE, related_name="sent_message")
    message_id = models.CharField(max_length=255, unique=True)

    class Meta:
        verbose_name = _("sent card mail")
        verbose_name_plural = _("sent card mails")

    def __str__(self) -> str:
        return self.message_id


class InboundMail(models.Model):
    """One message read from the programme's mailbox, whatever became of it.

    The unique `key` (a hash of the Message-ID, or of the whole message without one) is written in
    the same transaction as the card's activity, before the message is moved out of the inbox:
    a poll killed between the two finds the key on its next run and only moves the message.
    A mail on a card is deleted with the card (CASCADE), its attachments with it; a discarded one
    keeps only its key.
    """

    class State(models.TextChoices):
        ON_CARD = "on_card", _("On the card")
        REVIEW = "review", _("To review")
        DISCARDED = "discarded", _("Discarded")

    class Kind(models.TextChoices):
        REPLY = "reply", _("Mail from a person")
        AUTO_REPLY = "auto_reply", _("Automatic reply")
        BOUNCE = "bounce", _("Bounce")
        CAPTURE = "capture", _("Copy of a guide's mail")

    key = models.CharField(max_length=64, unique=True)
    state = models.CharField(_("state"), max_length=10, choices=State.choices)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.REPLY)
    # How the card was found: token, thread, sender, capture or guide (assigned from the review list).
    matched_by = models.CharField(max_length=10, blank=True)
    contact = models.ForeignKey(
        "contacts.Contact", null=True, blank=True, on_delete=models.CASCADE, related_name="inbound_mails"
    )
    activity = models.OneToOneField(
        "contacts.Activity", null=True, blank=True, on_delete=models.CASCADE, related_name="inbound_mail"
    )
    # The sender, normalised (erasure finds the rows of an address by this name).
    email_normalised = models.CharField(_("from"), max_length=254, blank=True)
    subject = models.CharField(_("subject"), max_length=200, blank=True)
    text = models.TextField(_("text"), blank=True)
    html = models.TextField(_("HTML (cleaned)"), blank=True)
    received_at = models.DateTimeField(_("received"))
    created_at = models.DateTimeField(auto_now_add=True)
    resolved_by = models.ForeignKey("accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["-received_at", "-id"]
        verbose_name = _("incoming mail")
        verbose_name_plural = _("incoming mail")
        indexes = [models.Index(fields=["state", "-received_at"], name="inbound_review")]

    def __str__(self) -> str:
        return f"inbound {self.pk} {self.state}"


class InboundAttachment(models.Model):
    """An attachment of an incoming mail, kept in the database (so a backup, an erasure and the
    retention run treat it like the rest of the card) up to INFLYTT_INBOUND_ATTACHMENT_MAX_MB."""

    mail = models.ForeignKey(InboundMail, on_delete=models.CASCADE, related_name="attachments")
    filename = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    data = models.BinaryField()

    class Meta:
        ordering = ["id"]
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self) -> str:
        return self.filename


class CalendarFeed(models.Model):
    """A guide's personal iCalendar feed of follow-ups: a secret URL that Outlook subscribes to.

    Only a SHA-256 digest of the secret is stored (a copy of the database does not reveal the
    URL); making a new one or revoking deletes the old, so a URL that leaked stops working.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feed", verbose_name=_("user")
    )
    digest = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)

    class Meta:
        verbose_name = _("calendar feed")
        verbose_name_plural = _("calendar feeds")

    def __str__(self) -> str:
        return f"calendar feed of user {self.user_id}"
