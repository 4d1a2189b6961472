from __future__ import annotations

from typing import Any

from django.core.cache import cache
from django.http import HttpRequest

from inflytt.guidance import selectors

# The navigation badge may lag the queues page by this much; the page itself is always live.
COUNTS_TTL_SECONDS = 60


def queue_counts(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or not user.may_see_people:
        return {}

    def counts() -> dict[str, int]:
        key = f"navigation-counts:{user.pk}"
        value = cache.get(key)
        if value is None:
            value = selectors.navigation_counts(user=user)
            cache.set(key, value, COUNTS_TTL_SECONDS)
        return value

    # Lazy: pages that do not show the navigation pay nothing.
    return {"queue_counts": counts}
