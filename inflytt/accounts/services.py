from __future__ import annotations

import secrets
from typing import Any

from django.core.cache import cache
from django.db import transaction
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from inflytt.accounts import signals, tasks
from inflytt.accounts.models import Role, User
from inflytt.lib.cache import CACHE_ERRORS, GuardUnavailable
from inflytt.parties.models import Party

# Password reset requests: per address and per client, in a rolling hour (the same answer is
# given either way, so the limit only stops mail bombing and probing).
RESET_LIMIT_PER_HOUR = 5


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


def _queue_password_link(user: User, purpose: str) -> None:
    user_id = user.pk
    transaction.on_commit(lambda: tasks.send_password_link(user_id, purpose))


@transaction.atomic
def invite_user(*, email: str, first_name: str, last_name: str, role: str, party: Party, acting_user: User) -> User:
    """A new staff account without a password; the person chooses one through the mailed link
    (it works once, for 72 hours) and then enrols their authenticator app at first login."""
    user = User.objects.create_user(
        email, None, first_name=first_name, last_name=last_name, role=role, party=party, is_active=True
    )
    signals.account_event.send(
        sender=User, action=signals.CREATE, actor=acting_user, obj=user, detail={"role": role, "invited": True}
    )
    _queue_password_link(user, "invite")
    return user


@transaction.atomic
def update_staff(*, user: User, changes: dict[str, Any], acting_user: User) -> User:
    """Role, party and whether the account may log in; every change audited with old and new."""
    diff = {
        name: [str(getattr(user, f"{name}_id" if name == "party" else name)), str(getattr(value, "pk", value))]
        for name, value in changes.items()
        if getattr(user, name) != value
    }
    for name, value in changes.items():
        setattr(user, name, value)
    user.save(update_fields=list(changes))
    if diff:
        signals.account_event.send(
            sender=User, action=signals.EDIT, actor=acting_user, obj=user, detail={"changes": diff}
        )
    return user


@transaction.atomic
def reset_mfa(*, user: User, acting_user: User) -> None:
    """Remove the person's authenticator app and recovery codes: at the next login they enrol again."""
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()
    signals.account_event.send(
        sender=User, action=signals.MFA, actor=acting_user, obj=user, detail={"change": "reset_by_coordinator"}
    )


def reset_allowed(*, email: str, client: str) -> bool:
    """Count a password reset request; False once the address or the client asked too often.

    Fails closed like the public registration's guards (docs/decisions/0014): while the cache is
    away the limit cannot be counted, so GuardUnavailable is raised and no link is mailed;
    otherwise an outage would let anyone mail-bomb a staff address with reset links."""
    allowed = True
    try:
        for key in (f"pwreset:email:{email.strip().lower()}", f"pwreset:client:{client}"):
            cache.add(key, 0, 3600)
            if cache.incr(key) > RESET_LIMIT_PER_HOUR:
                allowed = False
    except CACHE_ERRORS as error:
        raise GuardUnavailable from error
    return allowed


@transaction.atomic
def request_password_reset(*, email: str) -> None:
    """Mail a set-password link if an active account has this address; otherwise nothing (the
    page says the same either way, so it does not tell who has an account)."""
    user = User.objects.filter(email__iexact=email.strip(), is_active=True).first()
    if user is None:
        return
    signals.account_event.send(
        sender=User, action=signals.EDIT, actor=user, obj=user, detail={"password_reset": "requested"}
    )
    _queue_password_link(user, "reset")
