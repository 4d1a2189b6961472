"""What a cache that is away raises, in one place (docs/decisions/0014): Redis (REDIS_URL) or the
file cache's disk. Each caller decides on purpose whether it fails open or closed."""

from __future__ import annotations

from redis.exceptions import RedisError

CACHE_ERRORS: tuple[type[Exception], ...] = (RedisError, OSError)
