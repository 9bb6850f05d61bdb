"""What a view reads off the request besides its parameters."""

from __future__ import annotations

from django.utils.http import url_has_allowed_host_and_scheme


def client_ip(request) -> str | None:
    """The address a request came from, for the audit records (moves, objections, logins).

    It is REMOTE_ADDR as the WSGI server hands it over, the address the rate limits count too
    (django-ratelimit's `ip` key), so a record and a limit name the same client. An
    X-Forwarded-For header is not read: any client can send one. `request` may be None (a
    login event raised without one), and then there is no address.
    """
    meta = getattr(request, "META", None) or {}
    return meta.get("REMOTE_ADDR") or None


def site_path(request, url: str | None) -> str:
    """`url` if it is a path of this site, else "". Only a path: redirect() would try to reverse
    a bare word as a URL name."""
    if (
        url
        and url.startswith("/")
        and url_has_allowed_host_and_scheme(
            url, {request.get_host()}, require_https=request.is_secure()
        )
    ):
        return url
    return ""


def next_path(request) -> str:
    """The `next` page, as posted or else as asked for in the query, if it is a path of this
    site (see `site_path`), else ""."""
    return site_path(request, request.POST.get("next") or request.GET.get("next"))
