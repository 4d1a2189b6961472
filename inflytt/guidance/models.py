from __future__ import annotations

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
