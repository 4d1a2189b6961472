from __future__ import annotations

import hashlib

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

TOKEN_PREFIX = "inf_"  # noqa: S105 - a visible prefix, not a secret


def hash_token(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


class ApiTokenQuerySet(models.QuerySet["ApiToken"]):
    def active(self) -> ApiTokenQuerySet:
        return self.filter(revoked_at__isnull=True)


class ApiToken(models.Model):
    """A bearer token of the API, issued to one party for one scope: the registration API, or
    the reports' JSON (the region's own dashboards). A token opens its own scope only.

    Only the SHA-256 of the token is stored: the token itself is shown once, when it is made.
    A random 256-bit token needs no slow hash (nothing to brute-force), and a plain digest can
    be looked up with an index.
    """

    class Scope(models.TextChoices):
        REGISTRATIONS = "registrations", _("Registrations (POST /api/v1/registrations)")
        REPORTS = "reports", _("Reports (GET /api/v1/reports/{period})")

    party = models.ForeignKey("parties.Party", verbose_name=_("party"), on_delete=models.CASCADE, related_name="+")
    name = models.CharField(_("name"), max_length=100, help_text=_("What the token is for, e.g. the website."))
    scope = models.CharField(_("scope"), max_length=20, choices=Scope.choices, default=Scope.REGISTRATIONS)
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    # The first characters, so a coordinator can tell tokens apart without the secret.
    prefix = models.CharField(max_length=12, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self) -> str:
        return f"{self.prefix}… ({self.name})"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None


class ImportMapping(models.Model):
    """A saved column mapping for imports: the file's header (as written) -> the field it fills."""

    class Kind(models.TextChoices):
        CONTACTS = "contacts", _("Contacts")
        ACTIVITIES = "activities", _("Activities")

    name = models.CharField(_("name"), max_length=100, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.CONTACTS)
    columns = models.JSONField(_("columns"), default=dict)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("import mapping")
        verbose_name_plural = _("import mappings")

    def __str__(self) -> str:
        return self.name


class ImportJob(models.Model):
    """An uploaded file on its way into the register: checked, then imported by the task queue.

    The file is kept in the database, not on a disk, so any web process and any worker on any host
    reads the same bytes; it is emptied once the import has run (no copy of the old register stays).
    """

    class State(models.TextChoices):
        UPLOADED = "uploaded", _("Uploaded")
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    kind = models.CharField(_("kind"), max_length=20, choices=ImportMapping.Kind.choices)
    file_name = models.CharField(_("file"), max_length=200)
    content = models.BinaryField(editable=False)
    size = models.PositiveIntegerField(_("size"), default=0)
    columns = models.JSONField(_("columns"), default=list)
    dry_run = models.BooleanField(_("dry run"), default=True)
    skip_invalid = models.BooleanField(_("skip invalid rows"), default=False)
    state = models.CharField(_("state"), max_length=20, choices=State.choices, default=State.UPLOADED)
    phase = models.CharField(max_length=10, blank=True)
    rows_done = models.PositiveIntegerField(default=0)
    rows_total = models.PositiveIntegerField(default=0)
    result = models.JSONField(_("result"), default=dict, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("import")
        verbose_name_plural = _("imports")

    def __str__(self) -> str:
        return self.file_name

    @property
    def percent(self) -> int:
        """A dry run has one pass over the rows; an import two (the check, then the writes)."""
        if not self.rows_total:
            return 0
        passes = 1 if self.dry_run else 2
        done = self.rows_done + (self.rows_total if self.phase == "write" else 0)
        return min(100, done * 100 // (self.rows_total * passes))


class ApiTokenContact(models.Model):
    """A card this token created: its party's system may read it back (GET /api/v1/contacts/{id})
    even when another party handles the person (docs/decisions/0010)."""

    token = models.ForeignKey(ApiToken, on_delete=models.CASCADE, related_name="created_contacts")
    contact = models.ForeignKey("contacts.Contact", on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["token", "contact"], name="api_token_contact_unique")]
        verbose_name = _("contact registered through an API key")
        verbose_name_plural = _("contacts registered through an API key")

    def __str__(self) -> str:
        return f"{self.token_id}: {self.contact_id}"


class RegistrationMail(models.Model):
    """A mail a registration owes: the receipt to the person, or the guides' notice. Written in
    the registration's own transaction, so it outlives a task lost from the queue (a worker killed
    after taking it); `sent_at` is the durable "sent" mark the periodic sweep and the sender check
    (docs/decisions/0014). Ids and flags only, no personal data; it goes with the card."""

    class Kind(models.TextChoices):
        RECEIPT = "receipt", _("Receipt")
        GUIDE_NOTICE = "guide_notice", _("Notice to the guides")

    contact = models.ForeignKey("contacts.Contact", on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    guidance = models.BooleanField(default=False)
    magazine = models.BooleanField(default=False)
    known = models.BooleanField(default=False)
    returned = models.BooleanField(default=False)
    created_at = models.DateTimeField(default=timezone.now)
    # Set by the one worker that takes the mail (a conditional UPDATE: the claim is the lock).
    claimed_at = models.DateTimeField(null=True, blank=True)
    # Set by that worker, under its claim, just before it hands the mail to the mail server: a
    # claim never handed over is a worker that died before sending, and the sweep sends it again.
    handed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("registration mail")
        verbose_name_plural = _("registration mails")
        indexes = [
            models.Index(
                fields=["created_at"], condition=models.Q(sent_at__isnull=True), name="registration_mail_unsent"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} #{self.contact_id}"


class SentForm(models.Model):
    """A rendered public form that was sent: the re-post guard (docs/decisions/0003).

    Written last in the registration's own transaction, keyed by a hash of the nonce in the form's
    signed start token, so a second sending of the same form (a double click, a reload of the post)
    fails on the unique key and rolls back everything it wrote; it is answered with the first
    sending's thank-you page (`thanks`, the signed token: no personal data). One insert in the
    transaction replaces the cache's claim and finish writes, and a guard that commits with the
    registration cannot disagree with it. Rows outlive the form's signed lifetime only until the
    hourly sweep (tasks.forget_sent_forms): an older form is refused as expired anyway."""

    key = models.CharField(max_length=64, unique=True)
    thanks = models.TextField()
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("sent form")
        verbose_name_plural = _("sent forms")

    def __str__(self) -> str:
        return f"sent form {self.key[:8]}"


def sent_form_key(nonce: str) -> str:
    """The stored key of a form's nonce (a hash: the nonce itself stays in the person's browser)."""
    return hashlib.sha256(nonce.encode()).hexdigest()
