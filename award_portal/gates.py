"""A middleware that holds a signed-in session on a few pages until the user has done something
there (passed the second factor, agreed to the privacy notice)."""

from __future__ import annotations

from django.http import HttpResponse
from django.urls import reverse


class SessionGate:
    """Answers a request with `hold(request)` when that gives a redirect, else lets it through.

    The pages named in `OPEN_URL_NAMES` and the paths under `OPEN_PREFIXES` are always let
    through (`is_open`): the pages where the user does what the gate asks, and the ones they
    need on the way. Every gate leaves signing out and the two-factor pages open, so that no two
    gates send a user back and forth.
    """

    OPEN_URL_NAMES = (
        "accounts:otp_setup",
        "accounts:otp_verify",
        "accounts:reauth",
        "accounts:logout",
    )
    OPEN_PREFIXES = ("/i18n/", "/static/")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.hold(request) or self.get_response(request)

    def is_open(self, request) -> bool:
        return request.path.startswith(self.OPEN_PREFIXES) or request.path in {
            reverse(name) for name in self.OPEN_URL_NAMES
        }

    def hold(self, request) -> HttpResponse | None:
        raise NotImplementedError
