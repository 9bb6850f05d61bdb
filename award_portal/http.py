"""What a view reads off the request besides its parameters."""

from __future__ import annotations


def client_ip(request) -> str | None:
    """The address a request came from, for the audit records (moves, objections, logins).

    It is REMOTE_ADDR as the WSGI server hands it over, the address the rate limits count too
    (django-ratelimit's `ip` key), so a record and a limit name the same client. An
    X-Forwarded-For header is not read: any client can send one. `request` may be None (a
    login event raised without one), and then there is no address.
    """
    meta = getattr(request, "META", None) or {}
    return meta.get("REMOTE_ADDR") or None
