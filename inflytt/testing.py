"""Shared test helpers: personas and a verified (MFA) login for the Django test client."""

from __future__ import annotations

from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from inflytt.accounts.models import Role, User
from inflytt.parties.models import Party

PASSWORD = "correct horse battery staple"  # noqa: S105 - test persona

# name -> (party slug, role)
PERSONAS: dict[str, tuple[str, str]] = {
    "coordinator": ("region", Role.COORDINATOR),
    "guide_bracke": ("bracke", Role.GUIDE),
    "guide_are": ("are", Role.GUIDE),
    "guide_region": ("region", Role.GUIDE),
    "steering": ("region", Role.STEERING),
    "ambassador_admin": ("region", Role.AMBASSADOR_ADMIN),
}


def make_user(name: str, party_slug: str, role: str) -> User:
    return User.objects.create_user(
        f"{name}@example.se",
        PASSWORD,
        party=Party.objects.get(slug=party_slug),
        role=role,
        first_name=name.replace("_", " ").title(),
        last_name="Testsson",
    )


def login_verified(client: Client, user: User) -> Client:
    """Log in as if the user had passed both the password and the TOTP step."""
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="test", confirmed=True)
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client
