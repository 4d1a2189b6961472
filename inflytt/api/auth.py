"""Who may call the API: staff with a session verified by the second factor, in the roles an endpoint names."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja.errors import HttpError
from ninja.security import SessionAuth


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
        if not settings.DEMO_MODE and not user.is_verified():  # type: ignore[union-attr]
            return None
        if not user.has_role(*self.roles):  # type: ignore[union-attr]
            raise HttpError(403, _("Your role may not use this."))
        return user
