"""Request helpers shared by the apps."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest


def client_ip(request: HttpRequest) -> str:
    """The real client address.

    Behind INFLYTT_TRUSTED_PROXY_COUNT reverse proxies, each appending to X-Forwarded-For, the
    client is the entry that many places from the right; anything further left is what the
    client itself claimed and cannot be trusted. Without proxies it is REMOTE_ADDR.
    """
    proxies = settings.TRUSTED_PROXY_COUNT
    if proxies > 0:
        header: str = request.META.get("HTTP_X_FORWARDED_FOR", "")
        forwarded = [part.strip() for part in header.split(",") if part.strip()]
        if len(forwarded) >= proxies:
            return forwarded[-proxies]
    remote: str = request.META.get("REMOTE_ADDR", "")
    return remote
