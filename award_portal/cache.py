"""The shared cache on Redis, read as empty while Redis cannot be reached.

Nothing the portal keeps in the cache is the only copy of anything: cached pages and lookups
are built again from the database, and the rate-limit counters are a guard against floods, not
a record. So when Redis is down a read is a miss, a write is dropped and the page is served
from the database, instead of every page that touches the cache failing with an error.

After a failure the cache is left alone for a few seconds, so that a page does not wait on each
of its lookups for a server that is away; the first call after that tries Redis again.
"""

from __future__ import annotations

import logging
import threading
import time

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

RETRY_AFTER_SECONDS = 5.0


class DegradingRedisCache(RedisCache):
    # Django makes a backend object per thread: the outage is known to all of them.
    _down_until: dict[tuple[str, ...], float] = {}
    _lock = threading.Lock()

    def _call(self, fallback, method, *args):
        servers = tuple(self._servers)
        if time.monotonic() < self._down_until.get(servers, 0.0):
            return fallback
        try:
            return method(*args)
        except RedisError as exc:
            with self._lock:
                was_up = time.monotonic() >= self._down_until.get(servers, 0.0)
                self._down_until[servers] = time.monotonic() + RETRY_AFTER_SECONDS
            if was_up:
                logger.warning("the cache is unreachable, pages are built without it: %s", exc)
            return fallback

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call(False, super().add, key, value, timeout, version)

    def get(self, key, default=None, version=None):
        return self._call(default, super().get, key, default, version)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        self._call(None, super().set, key, value, timeout, version)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call(False, super().touch, key, timeout, version)

    def delete(self, key, version=None):
        return self._call(False, super().delete, key, version)

    def get_many(self, keys, version=None):
        return self._call({}, super().get_many, keys, version)

    def has_key(self, key, version=None):
        return self._call(False, super().has_key, key, version)

    def incr(self, key, delta=1, version=None):
        # Django's incr raises ValueError for a key that is not there; an unreachable cache has
        # no keys.
        missing = object()
        value = self._call(missing, super().incr, key, delta, version)
        if value is missing:
            raise ValueError(f"Key '{key}' not found: the cache is unreachable.")
        return value

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call(list(data), super().set_many, data, timeout, version)

    def delete_many(self, keys, version=None):
        self._call(None, super().delete_many, keys, version)

    def clear(self):
        return self._call(False, super().clear)
