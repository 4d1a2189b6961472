"""What a cache that is away raises, in one place (docs/decisions/0014): Redis (REDIS_URL) or the
file cache's disk. Each caller decides on purpose whether it fails open or closed."""

from __future__ import annotations

from redis.exceptions import RedisError

CACHE_ERRORS: tuple[type[Exception], ...] = (RedisError, OSError)

# What a refused public request asks the client to wait while a guard's cache is away.
RETRY_AFTER_SECONDS = 120


class GuardUnavailable(Exception):
    """A public guard (a rate limit, the re-post guard) cannot be checked because the cache is
    away. The public page then fails closed with a 503 and Retry-After, not a 500, and does
    nothing (docs/decisions/0014)."""
