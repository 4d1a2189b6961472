from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class RetentionRun(models.Model):
    """One yearly deletion of contacts without activity (the 2025 agreement, Bilaga 4, "Registervård";
    docs/requirements.md R5).

    A run is proposed (the preview the coordinator confirms), then running, then done. At most one
    run is running at a time: a partial unique index, so two starts at once cannot both succeed.
    `counts` holds numbers per party slug, never personal data.
    """

    class State(models.TextChoices):
        PROPOSED = "proposed", _("Waiting for confirmation")
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")

    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.PROPOSED)
    # Contacts whose last activity is before this moment go (or are reduced to the newsletter).
    cutoff = models.DateTimeField(_("no activity since"))
    created_at = models.DateTimeField(_("proposed"), default=timezone.now)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    # Touched after every chunk: a running run whose heartbeat stopped was interrupted.
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("confirmed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    preview = models.JSONField(_("preview"), default=dict, blank=True)
    counts = models.JSONField(_("result"), default=dict, blank=True)
    audit_events_deleted = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("retention run")
        verbose_name_plural = _("retention runs")
        constraints = [
            models.UniqueConstraint(fields=["state"], condition=Q(state="running"), name="one_running_retention"),
        ]

    def __str__(self) -> str:
        return f"retention {self.pk} {self.state}"


class NewsletterOnly(models.Model):
    """A contact kept only for the newsletter: the retention run reduced the card to email,
    language, subscription and newsletter consent ("De som prenumererar på nyhetsbrev får ligga
    kvar tills de tar bort sig själva", the 2025 agreement, Bilaga 4; docs/requirements.md)."""

    contact = models.OneToOneField(
        "contacts.Contact", on_delete=models.CASCADE, primary_key=True, related_name="newsletter_only"
    )
    reduced_at = models.DateTimeField(_("reduced"), default=timezone.now)

    class Meta:
        verbose_name = _("newsletter-only contact")
        verbose_name_plural = _("newsletter-only contacts")

    def __str__(self) -> str:
        return f"newsletter only {self.contact_id}"
