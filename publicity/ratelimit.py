"""A fixed-window counter per client address, kept in the shared cache.

Good enough against a flood from one address; it is not an accounting system. Behind a proxy,
REMOTE_ADDR must be set to the client's address by the proxy configuration.
"""

from __future__ import annotations

from django.core.cache import cache

WINDOW_SECONDS = 3600


def client_ip(request) -> str | None:
    return request.META.get("REMOTE_ADDR") or None


def hit(request, scope: str, *, limit: int, seconds: int = WINDOW_SECONDS) -> bool:
    """Count one attempt; return False when the address has used up its `limit`.

    While the cache is unreachable (award_portal.cache) nothing is counted and every attempt
    passes: a guard that cannot keep its count must not close the public pages.
    """
    key = f"publicity:rate:{scope}:{client_ip(request) or 'unknown'}"
    if cache.add(key, 1, seconds):
        return True
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr, or the cache is unreachable
        cache.add(key, 1, seconds)
        return True
    return count <= limit
