from __future__ import annotations

from typing import Any, ClassVar

from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models
from django.utils.translation import gettext_lazy as _

from inflytt.parties.models import Party


class Role(models.TextChoices):
    GUIDE = "guide", _("Relocation guide")
    COORDINATOR = "coordinator", _("Coordinator")
    STEERING = "steering", _("Steering group")
    AMBASSADOR_ADMIN = "ambassador_admin", _("Network manager")


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def get_queryset(self) -> models.QuerySet[User]:
        # Every page shows the signed-in user's party: load it with the user, not after.
        return super().get_queryset().select_related("party")

    def create_user(self, email: str, password: str | None = None, **extra: Any) -> User:
        if not email:
            raise ValueError("A user needs an email address.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.full_clean(exclude=["password"])
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **extra: Any) -> User:
        extra.setdefault("role", Role.COORDINATOR)
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        if "party" not in extra:
            extra["party"] = Party.objects.get(slug="region")
        return self.create_user(email, password, **extra)


class User(AbstractUser):
    """A member of staff: belongs to one party and has one role."""

    username = None  # type: ignore[assignment]
    email = models.EmailField(_("email address"), unique=True)
    party = models.ForeignKey("parties.Party", verbose_name=_("party"), on_delete=models.PROTECT, related_name="staff")
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.GUIDE)
    signature = models.TextField(_("mail signature"), blank=True)

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: ClassVar[list[str]] = []

    # Our manager creates users by email; AbstractUser types `objects` as its own username-based one.
    objects = UserManager()  # type: ignore[assignment, misc]

    class Meta:
        ordering = ["first_name", "last_name"]
        verbose_name = _("staff user")
        verbose_name_plural = _("staff users")
        indexes = [models.Index(fields=["party", "role"])]

    def __str__(self) -> str:
        return self.get_full_name() or self.email

    @property
    def audit_label(self) -> str:
        """How the audit trail names the user for good: "Full Name <email>", or the address alone.
        Stored with each event, so it still says who acted after the account is deleted."""
        name = self.get_full_name().strip()
        return f"{name} <{self.email}>" if name else self.email

    def has_role(self, *roles: str) -> bool:
        return self.is_active and self.role in roles

    @property
    def may_see_people(self) -> bool:
        """Guides and coordinators work with personal data; steering and network managers do not."""
        return self.has_role(Role.GUIDE, Role.COORDINATOR)

    # The Django admin is the coordinators' tool for reference data and users: inside it a
    # coordinator may do what a superuser may (the admin classes themselves still forbid
    # changing the audit log). No other role gets any model permission.
    def has_perm(self, perm: str, obj: models.Model | None = None) -> bool:
        if self.has_role(Role.COORDINATOR):
            return True
        return super().has_perm(perm, obj)

    def has_module_perms(self, app_label: str) -> bool:
        if self.has_role(Role.COORDINATOR):
            return True
        return super().has_module_perms(app_label)
