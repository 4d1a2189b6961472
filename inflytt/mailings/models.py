"""Segments, mailings and their deliveries, events with invitations, bounces.

The 2025 agreement, Bilaga 4 (docs/requirements.md): newsletters "med bra urval så att varje inbjudan hamnar med
relevant information hos rätt individ".
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


class Segment(models.Model):
    """A saved filter over contacts. Membership is evaluated whenever it is used (a live count,
    and at send time), never stored. `conditions` maps a condition name to its chosen values:
    AND across conditions, OR within one (selectors.segment_contacts)."""

    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), max_length=2000, blank=True)
    conditions = models.JSONField(_("conditions"), default=dict, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name", "id"]
        verbose_name = _("segment")
        verbose_name_plural = _("segments")

    def __str__(self) -> str:
        return self.name


class Event(models.Model):
    """A meet-up for newcomers (inflyttarträff), written in Swedish and optionally in English.

    The Swedish texts are the columns the events always had (`title`, `place`, `description`);
    the English ones are optional and fall back to the Swedish (`text`). A reader sees the
    version of their language: the person on the answer page, in their mails and calendar file,
    staff in the language of the UI."""

    title = models.CharField(_("title (Swedish)"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=200, blank=True)
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"), null=True, blank=True)
    place = models.CharField(_("place (Swedish)"), max_length=300)
    place_en = models.CharField(
        _("place (English)"), max_length=300, blank=True, help_text=_("Only if it is written differently in English.")
    )
    municipality = models.ForeignKey(
        "parties.Party", verbose_name=_("municipality"), null=True, blank=True, on_delete=models.PROTECT
    )
    capacity = models.PositiveIntegerField(_("places"), help_text=_("People in all, guests included."))
    description = models.TextField(_("description (Swedish)"), max_length=5000, blank=True)
    description_en = models.TextField(_("description (English)"), max_length=5000, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-starts_at", "-id"]
        verbose_name = _("event")
        verbose_name_plural = _("events")

    def __str__(self) -> str:
        return self.title

    def text(self, language: str | None = None) -> EventText:
        """Title, place and description in `language` (the active one when None); each English
        text that is not written falls back to the Swedish one."""
        english = (language or get_language() or "sv").startswith("en")

        def pick(swedish: str, english_text: str) -> str:
            return english_text if english and english_text.strip() else swedish

        return EventText(
            title=pick(self.title, self.title_en),
            place=pick(self.place, self.place_en),
            description=pick(self.description, self.description_en),
            event=self,
        )

    @property
    def shown(self) -> EventText:
        """The texts in the active language, for templates: `{{ event.shown.title }}`."""
        return self.text()


@dataclass(frozen=True)
class EventText:
    title: str
    place: str
    description: str
    event: Event = field(repr=False, compare=False)

    @property
    def location(self) -> str:
        """The place and the municipality, as one line (select_related the municipality)."""
        municipality = self.event.municipality.name if self.event.municipality_id else ""  # type: ignore[union-attr]
        return ", ".join(part for part in (self.place, municipality) if part)


class Mailing(models.Model):
    class Purpose(models.TextChoices):
        # Consent: only confirmed subscribers who have not unsubscribed.
        NEWSLETTER = "newsletter", _("Newsletter (confirmed subscribers)")
        # Public interest: contacts in guidance, e.g. a meet-up in their municipality.
        GUIDANCE = "guidance", _("Guidance (contacts in active guidance)")

    class Kind(models.TextChoices):
        STANDARD = "standard", _("Mailing")
        INVITATION = "invitation", _("Invitation to an event")
        REMINDER = "reminder", _("Reminder to those coming to an event")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SCHEDULED = "scheduled", _("Scheduled")
        SENDING = "sending", _("Sending")
        SENT = "sent", _("Sent")

    name = models.CharField(_("internal name"), max_length=200)
    purpose = models.CharField(_("purpose"), max_length=20, choices=Purpose.choices)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.STANDARD)
    segment = models.ForeignKey(
        Segment, verbose_name=_("segment"), null=True, blank=True, on_delete=models.PROTECT, related_name="mailings"
    )
    event = models.ForeignKey(
        Event, verbose_name=_("event"), null=True, blank=True, on_delete=models.PROTECT, related_name="mailings"
    )
    subject_sv = models.CharField(_("subject (Swedish)"), max_length=200, blank=True)
    body_sv = models.TextField(_("text (Swedish)"), max_length=50000, blank=True)
    subject_en = models.CharField(_("subject (English)"), max_length=200, blank=True)
    body_en = models.TextField(_("text (English)"), max_length=50000, blank=True)
    scheduled_at = models.DateTimeField(_("send at"), null=True, blank=True)
    # Set when a guide sends it: only contacts this party handles or who chose this municipality
    # are reached (selectors.within_reach). Empty: a coordinator's mailing, to everyone it selects.
    limited_to = models.ForeignKey(
        "parties.Party",
        verbose_name=_("only contacts of"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.DRAFT)
    # None until the segment has been evaluated at send time (delivery.materialise).
    recipients = models.PositiveIntegerField(_("recipients"), null=True, blank=True)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("mailing")
        verbose_name_plural = _("mailings")
        indexes = [models.Index(fields=["status", "scheduled_at"], name="mailing_due")]

    def __str__(self) -> str:
        return self.name

    def version(self, language: str) -> tuple[str, str]:
        """(subject, body) in `language`, or the Swedish version when that one is not written."""
        if language == "en" and self.subject_en.strip():
            return self.subject_en, self.body_en
        return self.subject_sv, self.body_sv

    @property
    def is_editable(self) -> bool:
        return self.status in (self.Status.DRAFT, self.Status.SCHEDULED)


class Delivery(models.Model):
    """One recipient of one mailing. The row is claimed before its mail is sent and its outcome
    written right after, so a restarted send goes on where it stopped and sends nobody twice."""

    class State(models.TextChoices):
        QUEUED = "queued", _("Queued")
        SENDING = "sending", _("Sending")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")
        BOUNCED = "bounced", _("Bounced")
        # Left the segment or the purpose after the send began (unsubscribed, bounced elsewhere).
        SKIPPED = "skipped", _("Skipped")

    mailing = models.ForeignKey(Mailing, on_delete=models.CASCADE, related_name="deliveries")
    contact = models.ForeignKey("contacts.Contact", on_delete=models.CASCADE, related_name="deliveries")
    language = models.CharField(max_length=2, default="sv")
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.QUEUED)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(default=timezone.now)
    # Which send claimed the row (a random token) and when: a claim older than the lease
    # belongs to a worker that died (services.recover_stalled_deliveries).
    claim = models.CharField(max_length=32, blank=True, default="")
    claimed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    # The SMTP reply code and class only ("550", "timeout"): never the address or the text.
    last_error = models.CharField(_("last error"), max_length=200, blank=True)
    on_card = models.BooleanField(default=False)
    unsubscribed_at = models.DateTimeField(_("unsubscribed"), null=True, blank=True)

    class Meta:
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")
        constraints = [models.UniqueConstraint(fields=["mailing", "contact"], name="delivery_once_per_contact")]
        indexes = [
            models.Index(fields=["mailing", "state", "next_attempt_at", "id"], name="delivery_due"),
            models.Index(fields=["claim", "id"], name="delivery_claim"),
            models.Index(fields=["contact"], name="delivery_contact"),
        ]

    def __str__(self) -> str:
        return f"delivery {self.mailing_id}/{self.contact_id} {self.state}"


class BouncingAddress(models.Model):
    """A permanent SMTP failure (5xx) for a contact's address: excluded from every mailing until
    the address on the card changes (the row names the address it was for)."""

    contact = models.OneToOneField("contacts.Contact", on_delete=models.CASCADE, related_name="bounce")
    email_normalised = models.CharField(max_length=254)
    bounced_at = models.DateTimeField(default=timezone.now)
    code = models.CharField(max_length=20, blank=True)

    class Meta:
        verbose_name = _("bouncing address")
        verbose_name_plural = _("bouncing addresses")

    def __str__(self) -> str:
        return f"bounce {self.contact_id}"


class Invitation(models.Model):
    """An invited contact and their answer (RSVP) through their signed personal link."""

    class Answer(models.TextChoices):
        NONE = "", _("No answer")
        YES = "yes", _("Coming")
        WAITING = "waiting", _("On the waiting list")
        NO = "no", _("Not coming")

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="invitations")
    contact = models.ForeignKey("contacts.Contact", on_delete=models.CASCADE, related_name="invitations")
    invited_at = models.DateTimeField(default=timezone.now)
    answer = models.CharField(_("answer"), max_length=10, choices=Answer.choices, blank=True, default="")
    guests = models.PositiveSmallIntegerField(_("guests"), default=0)
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    attended = models.BooleanField(_("attended"), null=True, blank=True)

    class Meta:
        ordering = ["answered_at", "id"]
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        constraints = [models.UniqueConstraint(fields=["event", "contact"], name="invitation_once_per_contact")]
        indexes = [models.Index(fields=["event", "answer", "answered_at"], name="invitation_answer")]

    def __str__(self) -> str:
        return f"invitation {self.event_id}/{self.contact_id}"

    @property
    def places(self) -> int:
        return 1 + self.guests
