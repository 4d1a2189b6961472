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
