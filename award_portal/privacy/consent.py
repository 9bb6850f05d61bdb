"""Consent to the privacy notice, recorded per user with its version and time.

Applicants agree on the registration form. An applicant who has not agreed to the current
version (accounts opened before notices were versioned, or a new version since) is asked at
their next sign-in: the session is held on the consent page (ConsentMiddleware) until they
agree or sign out. Staff accounts are opened by the city office for the award's work and are
not asked (their data are processed to perform the office's statutory duty).
"""

from __future__ import annotations

from django.utils import timezone

from award_portal.accounts.models import Role
from award_portal.http import client_ip
from award_portal.privacy.models import PrivacyConsent
from award_portal.privacy.notice import current_version

# The session key that holds an applicant on the consent page until they agree.
CONSENT_DUE_KEY = "privacy_consent_due"


def asks_consent(user) -> bool:
    return user.role == Role.APPLICANT


def has_current_consent(user) -> bool:
    return PrivacyConsent.objects.filter(user=user, version=current_version()).exists()


def latest_consent(user) -> PrivacyConsent | None:
    return PrivacyConsent.objects.filter(user=user).order_by("-at", "-id").first()


def record_consent(*, user, occasion: str, request=None) -> PrivacyConsent:
    """The user agrees to the current notice now."""
    if user.data_consent_at is None:
        user.data_consent_at = timezone.now()
        user.save(update_fields=["data_consent_at"])
    return PrivacyConsent.objects.create(
        user=user,
        username=user.username,
        version=current_version(),
        occasion=occasion,
        ip_address=client_ip(request) if request is not None else None,
    )


def on_sign_in(request, user) -> None:
    """Hold the session on the consent page if the applicant has not agreed to this notice."""
    if asks_consent(user) and not has_current_consent(user):
        request.session[CONSENT_DUE_KEY] = True
    else:
        request.session.pop(CONSENT_DUE_KEY, None)
