"""One form, one effect: a token in each rendered form makes a double submit harmless."""

from __future__ import annotations

import logging
import secrets

from django.core.cache import cache
from django.http import HttpRequest

from inflytt.lib.cache import CACHE_ERRORS

logger = logging.getLogger(__name__)

TOKEN_TTL_SECONDS = 24 * 3600


def new_submission_token() -> str:
    return secrets.token_urlsafe(16)


def first_submission(request: HttpRequest, token: str) -> bool:
    """True the first time a token is presented by this user; False for a repeat.

    A form without a token (an old tab, a script) is let through: the token guards against the
    double click and the re-post, not against a deliberate second entry. So is a form posted
    while the cache is away (fails open, docs/decisions/0014): losing what a signed-in guide wrote
    is worse than a rare double entry they can see on the card.
    """
    if not token:
        return True
    user_key = getattr(request.user, "pk", None) or request.session.session_key or "anon"
    try:
        return cache.add(f"submission:{user_key}:{token[:64]}", 1, TOKEN_TTL_SECONDS)
    except CACHE_ERRORS:
        logger.warning("cache unavailable; double-submit guard skipped", exc_info=True)
        return True
