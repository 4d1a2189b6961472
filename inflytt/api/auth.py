"""Who may call the API: staff with a session verified by the second factor, in the roles an endpoint
names; or a system with a party's bearer token of the endpoint's scope."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja.errors import HttpError
from ninja.security import HttpBearer, SessionAuth

from inflytt.intake.models import ApiToken, hash_token


class StaffSession(SessionAuth):
    """The browser session of a signed-in member of staff.

    The API views are exempt from LoginRequiredMiddleware and MFARequiredMiddleware (a redirect
    to a login page means nothing to a script), so this does both checks itself: no session or an
    unverified one -> None, which ninja answers with 401 JSON; the wrong role -> 403 JSON.
    """

    def __init__(self, *roles: str) -> None:
        super().__init__()
        self.roles = roles

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        user = request.user
        if not user.is_authenticated:
            return None
        if not settings.DEMO_MODE and not user.is_verified():  # type: ignore[attr-defined]  # django-otp's OTPMiddleware adds is_verified()
            return None
        if not user.has_role(*self.roles):
            raise HttpError(403, _("Your role may not use this."))
        return user


class TokenAuth(HttpBearer):
    """Bearer token of one party and one scope; 401 for a missing, unknown or revoked token and
    for a token of another scope (a registration token does not read reports, nor the reverse)."""

    def __init__(self, scope: str) -> None:
        super().__init__()
        self.scope = scope

    def authenticate(self, request: HttpRequest, token: str) -> ApiToken | None:
        if not token or len(token) > 200:
            return None
        row = (
            ApiToken.objects.active()
            .select_related("party")
            .filter(token_hash=hash_token(token), scope=self.scope)
            .first()
        )
        if row is None:
            return None
        now = timezone.now()
        if row.last_used_at is None or now - row.last_used_at > timedelta(minutes=5):
            # Kept coarse on purpose: no write on every request.
            ApiToken.objects.filter(pk=row.pk).update(last_used_at=now)
        return row
