"""Idle timeout without a database write on every request."""

from __future__ import annotations

import time
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

# Refresh the session's expiry at most once a minute: the idle timeout is exact to a minute,
# and a page view costs no session write.
REFRESH_SECONDS = 60
KEY = "_last_refresh"


class IdleTimeoutMiddleware:
    """The session expires SESSION_COOKIE_AGE after the last request (see settings)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        session = request.session
        now = int(time.time())
        if session.session_key and now - session.get(KEY, 0) >= REFRESH_SECONDS:
            session[KEY] = now  # marks the session modified: saved with a new expiry
        return self.get_response(request)
