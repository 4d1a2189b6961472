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
    """A bearer token for the registration API, issued to one party.

    Only the SHA-256 of the token is stored: the token itself is shown once, when it is made.
    A random 256-bit token needs no slow hash (nothing to brute-force), and a plain digest can
    be looked up with an index.
    """

    party = models.ForeignKey("parties.Party", verbose_name=_("party"), on_delete=models.CASCADE, related_name="+")
    name = models.CharField(_("name"), max_length=100, help_text=_("What the token is for, e.g. the website."))
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


class ApiTokenContact(models.Model):
    """A card this token created: its party's system may read it back (GET /api/v1/contacts/{id})
    even when another party handles the person (docs/decisions/0007)."""

    token = models.ForeignKey(ApiToken, on_delete=models.CASCADE, related_name="created_contacts")
    contact = models.ForeignKey("contacts.Contact", on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["token", "contact"], name="api_token_contact_unique")]

    def __str__(self) -> str:
        return f"{self.token_id}: {self.contact_id}"
