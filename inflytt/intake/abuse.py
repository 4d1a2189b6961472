"""Defences of the public registration: origin check, per-IP rate limit, one effect per form.

The form is embedded in other sites' pages, where the browser does not send our SameSite=Lax
CSRF cookie; docs/decisions/0003-public-form-csrf.md explains why these checks replace it.
"""

from __future__ import annotations

import hashlib
import logging
import time
from urllib.parse import urlsplit

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest

from inflytt.lib.cache import CACHE_ERRORS, GuardUnavailable
from inflytt.lib.http import client_ip
from inflytt.parties.models import Party

logger = logging.getLogger(__name__)

PENDING = "pending"


def _origin_of(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}".lower() if parts.scheme and parts.netloc else ""


def allowed_origins(request: HttpRequest, party: Party) -> set[str]:
    own = f"{request.scheme}://{request.get_host()}".lower()
    return {own, *(origin.lower() for origin in party.embed_origin_list())}


def origin_allowed(request: HttpRequest, party: Party) -> bool:
    """The post comes from a page of ours or of the party's listed sites.

    Browsers always send Origin on a cross-origin POST and cannot be made to lie about it, so
    another site cannot post the form on a visitor's behalf. Without Origin (old browsers) the
    Referer is checked; with neither, or with `Origin: null`, the post is refused.
    """
    allowed = allowed_origins(request, party)
    origin = request.headers.get("Origin", "")
    if origin == "null":
        # A sandboxed frame, a data: URL or a privacy-redirected page: no origin to check, so
        # no post (docs/decisions/0003); a Referer beside it proves nothing.
        return False
    if origin:
        return origin.rstrip("/").lower() in allowed
    return _origin_of(request.headers.get("Referer", "")) in allowed


def within_rate_limit(request: HttpRequest, scope: str = "form") -> bool:
    """Count one registration attempt for the client's address; False once over the limit.

    The counter lives in the cache (Redis when REDIS_URL is set), so the limit holds across all
    web processes and hosts. The address is hashed: the cache holds no IP addresses.
    """
    window = int(settings.INFLYTT_INTAKE_RATE_WINDOW_SECONDS)
    address = hashlib.sha256(client_ip(request).encode()).hexdigest()[:24]
    key = f"intake:rate:{scope}:{address}:{int(time.time() // window)}"
    try:
        # The counter usually exists (the window is an hour), so incr first: one cache operation in
        # the steady state, not a refused add and then an incr (issue 16, bench/registration.py).
        try:
            count = cache.incr(key)
        except ValueError:  # the client's first attempt in this window (or the counter expired)
            count = 1 if cache.add(key, 1, window + 60) else cache.incr(key)
    except CACHE_ERRORS as error:
        raise GuardUnavailable from error
    limit = settings.INFLYTT_API_RATE_LIMIT if scope == "api" else settings.INFLYTT_INTAKE_RATE_LIMIT
    return count <= int(limit)


def _nonce_key(nonce: str) -> str:
    return f"intake:nonce:{hashlib.sha256(nonce.encode()).hexdigest()[:32]}"


def claim_submission(nonce: str) -> str | None:
    """None the first time a rendered form is sent; else what the first sending left
    (PENDING while it runs, then the thank-you token), so a re-post changes nothing."""
    ttl = int(settings.INFLYTT_INTAKE_FORM_MAX_AGE_SECONDS) + 60
    try:
        if cache.add(_nonce_key(nonce), PENDING, ttl):
            return None
        return cache.get(_nonce_key(nonce)) or PENDING
    except CACHE_ERRORS as error:
        raise GuardUnavailable from error


def finish_submission(nonce: str, thanks: str) -> None:
    """After the registration committed: a cache gone meanwhile costs only the re-post's
    thank-you page (a re-post then finds the card by its email and records it there)."""
    try:
        cache.set(_nonce_key(nonce), thanks, int(settings.INFLYTT_INTAKE_FORM_MAX_AGE_SECONDS) + 60)
    except CACHE_ERRORS:
        logger.warning("cache unavailable; re-post guard not finished", exc_info=True)


def release_submission(nonce: str) -> None:
    try:
        cache.delete(_nonce_key(nonce))
    except CACHE_ERRORS:
        logger.warning("cache unavailable; re-post guard not released", exc_info=True)
