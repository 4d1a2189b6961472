"""The audit trail: who viewed, changed, exported or deleted which personal data, and when.

At the bottom of the apps (above lib, parties and accounts): every app that touches personal data
writes here, and this app imports none of them."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditEvent(models.Model):
    """Who viewed, changed, exported or deleted which personal data, and when.

    Append-only from the application: no view, form or API updates or deletes a row, and the
    admin shows them read-only. It holds ids and action names, never the personal data itself.
    """

    class Action(models.TextChoices):
        VIEW = "view", _("Viewed")
        SEARCH = "search", _("Searched")
        CREATE = "create", _("Created")
        EDIT = "edit", _("Edited")
        EXPORT = "export", _("Exported")
        TRANSFER = "transfer", _("Transferred")
        DELETE = "delete", _("Deleted")
        ERASE = "erase", _("Erased")
        LOGIN = "login", _("Logged in")
        LOGIN_FAILED = "login_failed", _("Login failed")
        LOGOUT = "logout", _("Logged out")
        MFA = "mfa", _("MFA changed")
        MFA_FAILED = "mfa_failed", _("Second factor refused")
        REFUSED = "refused", _("Access refused")

    at = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)
    # Who acted, kept after the user is deleted: the id stays (no database constraint, nothing
    # cascades or is set to NULL) and the label is the name and address as they were at the time.
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        null=True,
        blank=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )
    actor_label = models.CharField(_("user (at the time)"), max_length=400, blank=True)
    party = models.ForeignKey(
        "parties.Party", verbose_name=_("party"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    action = models.CharField(_("action"), max_length=20, choices=Action.choices)
    # A plain id, not a foreign key: the trail outlives the contact it points to.
    contact_id = models.BigIntegerField(_("contact id"), null=True, blank=True)
    object_type = models.CharField(_("object type"), max_length=40, blank=True)
    object_id = models.CharField(_("object id"), max_length=40, blank=True)
    detail = models.JSONField(_("detail"), default=dict, blank=True)
    ip = models.GenericIPAddressField(_("IP address"), null=True, blank=True)

    class Meta:
        # The table keeps the name it had in the privacy app, so existing trails stay where they are.
        db_table = "privacy_auditevent"
        ordering = ["-at"]
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        indexes = [
            models.Index(fields=["contact_id", "at"]),
            models.Index(fields=["actor", "at"]),
            models.Index(fields=["action", "at"]),
            models.Index(fields=["party", "at"]),
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.action} {self.object_type} {self.object_id}"
