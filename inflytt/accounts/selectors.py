"""Reads for the staff accounts pages."""

from __future__ import annotations

from django.db.models import QuerySet

from inflytt.accounts.models import User


def staff() -> QuerySet[User]:
    """Every account, with its party (an account's page finds it here)."""
    return User.objects.select_related("party")


def staff_list() -> QuerySet[User]:
    """The coordinator's list: by party and name, with whether each has set up two-factor login."""
    return staff().order_by("party__name", "last_name", "first_name").prefetch_related("totpdevice_set")
