"""Two gates of personal information on every request.

ConsentMiddleware holds an applicant's session on the consent page while the current privacy
notice is not agreed to (the flag is set at sign-in, consent.on_sign_in).

ExportRecordMiddleware records every file a signed-in user downloads (a Content-Disposition
answer: the Excel lists, Word and PDF documents, uploaded materials, the personal-data
download): who, in which role, which page with which filters, which file, when, from where.
"""

from __future__ import annotations

import re
from urllib.parse import unquote

from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode

from award_portal.gates import SessionGate
from award_portal.http import client_ip
from award_portal.privacy.consent import CONSENT_DUE_KEY
from award_portal.privacy.models import ExportRecord


class ConsentMiddleware(SessionGate):
    OPEN_URL_NAMES = ("privacy:consent", *SessionGate.OPEN_URL_NAMES)

    def hold(self, request):
        session = getattr(request, "session", None)
        user = getattr(request, "user", None)
        if (
            session is None
            or not session.get(CONSENT_DUE_KEY)
            or user is None
            or not user.is_authenticated
            or self.is_open(request)
        ):
            return None
        query = urlencode({"next": request.get_full_path()})
        return redirect(f"{reverse('privacy:consent')}?{query}")


_FILENAME_STAR = re.compile(r"filename\*=UTF-8''([^;]+)", re.IGNORECASE)
_FILENAME = re.compile(r'filename="?([^";]+)"?', re.IGNORECASE)


def filename_of(disposition: str) -> str:
    match = _FILENAME_STAR.search(disposition)
    if match:
        return unquote(match[1])[:255]
    match = _FILENAME.search(disposition)
    return match[1][:255] if match else ""


def _size(response) -> int | None:
    length = response.headers.get("Content-Length")
    if length and length.isdigit():
        return int(length)
    if not getattr(response, "streaming", False):
        return len(response.content)
    return None


class ExportRecordMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        disposition = response.headers.get("Content-Disposition", "")
        user = getattr(request, "user", None)
        if disposition and response.status_code == 200 and user and user.is_authenticated:
            match = getattr(request, "resolver_match", None)
            ExportRecord.objects.create(
                user=user,
                username=user.username,
                role=user.role,
                page=(match.view_name if match else "")[:100],
                path=request.get_full_path()[:500],
                filename=filename_of(disposition),
                content_type=response.headers.get("Content-Type", "")[:100],
                size=_size(response),
                ip_address=client_ip(request),
            )
        return response
