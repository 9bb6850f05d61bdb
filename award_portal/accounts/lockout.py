"""Locking out failed sign-ins: a login name at one address, and an address over all names.

django-axes counts the failures. AXES_LOCKOUT_PARAMETERS locks a login name only at the
address it failed from, after AXES_FAILURE_LIMIT failures: five wrong passwords typed from
elsewhere do not shut the owner of the account out at their own desk. An address that fails
with many login names (someone trying passwords on every account) is locked for all of them
after LOGIN_ADDRESS_FAILURE_LIMIT failures, a higher number, since many people of one office
share an address. Axes compares one count with one limit; this handler reports an address
past its own limit as having reached the login name's limit.

An IPv6 address is counted by its /64 network, which one household or machine commonly
holds whole. An administrator lifts a lockout with the action “解锁” in the admin.
"""

from __future__ import annotations

import ipaddress
from datetime import timedelta

from axes.attempts import get_cool_off_threshold
from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_cool_off, get_failure_limit
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Sum
from django.shortcuts import render


def client_address(request) -> str | None:
    """The address failures are counted for: IPv4 as is, IPv6 as its /64 network."""
    raw = request.META.get("REMOTE_ADDR") or ""
    try:
        address = ipaddress.ip_address(raw)
    except ValueError:
        return raw or None
    if address.version == 4:
        return str(address)
    if address.ipv4_mapped is not None:
        return str(address.ipv4_mapped)
    return str(ipaddress.ip_network(f"{address}/64", strict=False).network_address)


def address_failures(ip_address: str | None, *, since) -> int:
    """Failed sign-ins from this address under any login name since `since`."""
    if not ip_address:
        return 0
    total = AccessAttempt.objects.filter(ip_address=ip_address, attempt_time__gte=since)
    return total.aggregate(n=Sum("failures_since_start"))["n"] or 0


def address_locked(request) -> bool:
    since = get_cool_off_threshold(request)
    return (
        address_failures(request.axes_ip_address, since=since)
        >= settings.LOGIN_ADDRESS_FAILURE_LIMIT
    )


class LockoutHandler(AxesDatabaseHandler):
    """Axes's database handler with the second, per-address limit (see the module)."""

    def get_failures(self, request, credentials: dict | None = None) -> int:
        failures = super().get_failures(request, credentials)
        if address_locked(request):
            return max(failures, get_failure_limit(request, credentials))
        return failures


def lockout_response(request, original_response=None, credentials=None):
    """The page a locked-out sign-in gets: which lock holds and for how long."""
    cool_off = get_cool_off(request) or timedelta(0)
    return render(
        request,
        "accounts/locked_out.html",
        {
            "minutes": max(1, round(cool_off.total_seconds() / 60)),
            "address_locked": address_locked(request),
        },
        status=429,
    )
