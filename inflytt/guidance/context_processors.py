from __future__ import annotations

import logging
from typing import Any

from django.core.cache import cache
from django.http import HttpRequest

from inflytt.guidance import selectors
from inflytt.lib.cache import CACHE_ERRORS

logger = logging.getLogger(__name__)

# The navigation badge may lag the queues page by this much; the page itself is always live.
COUNTS_TTL_SECONDS = 60


def queue_counts(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or not user.may_see_people:
        return {}

    def counts() -> dict[str, int]:
        key = f"navigation-counts:{user.pk}"
        try:
            value = cache.get(key)
        except CACHE_ERRORS:
            # A badge is not worth a failed page: while the cache is away (a Redis restart, issue 16's
            # load test), every page counts for itself; the counts read one party's index entries.
            logger.warning("cache unavailable; navigation counts computed without it", exc_info=True)
            return selectors.navigation_counts(user=user)
        if value is None:
            value = selectors.navigation_counts(user=user)
            try:
                cache.set(key, value, COUNTS_TTL_SECONDS)
            except CACHE_ERRORS:
                logger.warning("cache unavailable; navigation counts not cached", exc_info=True)
        return value

    # Lazy: pages that do not show the navigation pay nothing.
    return {"queue_counts": counts}
