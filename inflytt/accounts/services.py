from __future__ import annotations

import secrets

from django.db import transaction

from inflytt.accounts.models import Role, User
from inflytt.parties.models import Party


@transaction.atomic
def ensure_first_coordinator(*, email: str | None, password: str | None) -> tuple[User | None, str | None]:
    """Create the first coordinator when there is no staff user at all.

    Returns (user, generated_password); both None when accounts already exist, so running
    it at every start is safe. A generated password is returned once, for printing once.
    """
    if User.objects.exists():
        return None, None
    generated = None
    if not password:
        generated = password = secrets.token_urlsafe(12)
    user = User.objects.create_user(
        email or "admin@localhost",
        password,
        party=Party.objects.get(slug="region"),
        role=Role.COORDINATOR,
        first_name="Samordnare",
        is_staff=True,
    )
    return user, generated
