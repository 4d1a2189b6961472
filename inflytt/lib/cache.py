"""What a cache that is away raises, in one place (docs/decisions/0014): Redis (REDIS_URL) or the
file cache's disk. Each caller decides on purpose whether it fails open or closed."""

from __future__ import annotations

from django.core.cache.backends.filebased import FileBasedCache
from redis.exceptions import RedisError

CACHE_ERRORS: tuple[type[Exception], ...] = (RedisError, OSError)

# What a refused public request asks the client to wait while a guard's cache is away.
RETRY_AFTER_SECONDS = 120


class GuardUnavailable(Exception):
    """A public guard (a rate limit, the re-post guard) cannot be checked because the cache is
    away. The public page then fails closed with a 503 and Retry-After, not a 500, and does
    nothing (docs/decisions/0014)."""


# One write in this many looks at the size of the file cache (see FileCache).
CULL_EVERY = 200


class FileCache(FileBasedCache):
    """Django's file cache, without a listing of the whole directory on every write.

    FileBasedCache culls before each set() and lists every file to count them: the public
    registration writes the cache three or four times (rate limit, re-post guard), and the guards
    keep a file per form for its lifetime, so each write grew with the traffic (issue 16:
    the largest part of a registration after the database, bench/registration.py). Here the count
    is taken on one write in CULL_EVERY per process; settings give a MAX_ENTRIES far above what
    the guards keep, so culling, which deletes entries at random (rate counters and re-post guards
    included), does not happen in normal use.
    """

    _writes = 0

    def _cull(self) -> None:
        self._writes += 1
        if self._writes % CULL_EVERY == 1:
            super()._cull()  # type: ignore[misc]  # a private method of FileBasedCache the stubs omit
