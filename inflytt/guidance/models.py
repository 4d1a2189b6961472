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
