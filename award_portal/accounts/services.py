"""Writes on accounts: an applicant's registration, the second factor, credentials, audit."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

import django_otp
from django.db import transaction
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from award_portal.accounts import security
from award_portal.accounts.models import AuthEvent, Role, User
from award_portal.http import client_ip

MOBILE_RE = re.compile(r"^1[3-9]\d{9}$")
EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def normalize_login_id(value: str) -> str:
    value = (value or "").strip()
    compact = re.sub(r"[\s-]", "", value)
    if MOBILE_RE.match(compact.removeprefix("+86")):
        return compact.removeprefix("+86")
    return value.lower()


def login_id_kind(value: str) -> str | None:
    """ "email", "mobile" or None for something that is neither."""
    if MOBILE_RE.match(value):
        return "mobile"
    if EMAIL_RE.match(value) and len(value) <= 150:
        return "email"
    return None


@transaction.atomic
def register_applicant(
    *,
    login_id: str,
    password: str,
    full_name: str,
    applicant_kind: str,
    organization_name: str = "",
) -> User:
    """Create an applicant's account; the consent to the use of their data is recorded."""
    login_id = normalize_login_id(login_id)
    kind = login_id_kind(login_id)
    if kind is None:
        raise ValueError("login_id must be an email address or a mobile number")
    user = User(
        username=login_id,
        email=login_id if kind == "email" else "",
        phone=login_id if kind == "mobile" else "",
        full_name=full_name.strip(),
        organization_name=organization_name.strip(),
        applicant_kind=applicant_kind,
        role=Role.APPLICANT,
        data_consent_at=timezone.now(),
    )
    user.set_password(password)
    user.save()
    return user


def record_auth_event(*, kind: str, request=None, user=None, username: str = "") -> AuthEvent:
    meta = getattr(request, "META", {}) or {}
    return AuthEvent.objects.create(
        kind=kind,
        user=user,
        username=(username or getattr(user, "username", ""))[:150],
        ip_address=client_ip(request),
        user_agent=meta.get("HTTP_USER_AGENT", "")[:300],
    )


# --- the second factor -------------------------------------------------------------------------


@dataclass(frozen=True)
class CodeCheck:
    """The outcome of a submitted one-time code."""

    accepted: bool
    throttled: bool = False  # refused unchecked: too many wrong codes just before
    retry_after: int = 0  # seconds to wait before the next attempt is looked at


def _retry_after(device: TOTPDevice) -> int:
    allowed, info = device.verify_is_allowed()
    if allowed or not info or "locked_until" not in info:
        return 0
    return max(1, math.ceil((info["locked_until"] - timezone.now()).total_seconds()))


def _check_code(device: TOTPDevice, token: str) -> CodeCheck:
    """django-otp checks the code, refuses replays and backs off after wrong codes."""
    wait = _retry_after(device)
    if wait:
        return CodeCheck(accepted=False, throttled=True, retry_after=wait)
    if device.verify_token(token.strip()):
        return CodeCheck(accepted=True)
    return CodeCheck(accepted=False, retry_after=_retry_after(device))


def confirmed_device(*, user: User) -> TOTPDevice | None:
    return TOTPDevice.objects.devices_for_user(user, confirmed=True).order_by("pk").first()


def start_enrolment(*, user: User) -> TOTPDevice:
    """A new, unconfirmed authenticator for the user; an earlier unconfirmed one is dropped.

    Its secret is shown on this page only: it is confirmed with a code it produces, and a
    later visit starts over with a new secret.
    """
    with transaction.atomic():
        TOTPDevice.objects.devices_for_user(user, confirmed=False).delete()
        return TOTPDevice.objects.create(user=user, name="authenticator", confirmed=False)


def confirm_enrolment(*, request, device_id: int, token: str) -> CodeCheck:
    """Confirm the new device with its first code; it replaces any earlier device."""
    user = request.user
    with transaction.atomic():
        device = (
            TOTPDevice.objects.select_for_update()
            .filter(user=user, confirmed=False, pk=device_id)
            .first()
        )
        if device is None:
            return CodeCheck(accepted=False)
        check = _check_code(device, token)
        if check.accepted:
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
    if not check.accepted:
        record_auth_event(kind=AuthEvent.Kind.OTP_FAILED, request=request, user=user)
        return check
    request.session.cycle_key()
    django_otp.login(request, device)
    request.session[security.SECOND_FACTOR_ENROLLED_KEY] = True
    record_auth_event(kind=AuthEvent.Kind.OTP_ENROLLED, request=request, user=user)
    return check


def verify_second_factor(*, request, token: str) -> CodeCheck:
    """Check a code from the user's device; on success this session counts as verified."""
    user = request.user
    with transaction.atomic():
        device = (
            TOTPDevice.objects.devices_for_user(user, confirmed=True)
            .select_for_update()
            .order_by("pk")
            .first()
        )
        check = _check_code(device, token) if device else CodeCheck(accepted=False)
    if not check.accepted:
        record_auth_event(kind=AuthEvent.Kind.OTP_FAILED, request=request, user=user)
        return check
    request.session.cycle_key()
    django_otp.login(request, device)
    record_auth_event(kind=AuthEvent.Kind.OTP_VERIFIED, request=request, user=user)
    return check


def remove_second_factor(*, request) -> None:
    """An applicant or unit officer turns the optional second factor off."""
    user = request.user
    if security.second_factor_mandatory(user):
        raise PermissionError("this role must keep a second factor")
    TOTPDevice.objects.filter(user=user).delete()
    request.session.pop(django_otp.DEVICE_ID_SESSION_KEY, None)
    request.session[security.SECOND_FACTOR_ENROLLED_KEY] = False
    record_auth_event(kind=AuthEvent.Kind.OTP_REMOVED, request=request, user=user)


# --- credentials --------------------------------------------------------------------------------


def confirm_password(*, request, password: str) -> bool:
    """Ask for the password again before a sensitive change.

    It goes through `authenticate`, so a wrong password counts towards the account lockout
    and is audited like a failed sign-in.
    """
    from django.contrib.auth import authenticate

    user = request.user
    checked = authenticate(request, username=user.get_username(), password=password)
    if checked is None or checked.pk != user.pk:
        return False
    security.mark_password_checked(request)
    record_auth_event(kind=AuthEvent.Kind.REAUTH, request=request, user=user)
    return True


def change_email(*, request, email: str) -> None:
    user = request.user
    user.email = email
    user.save(update_fields=["email"])
    record_auth_event(kind=AuthEvent.Kind.EMAIL_CHANGED, request=request, user=user)


def record_password_change(*, request) -> None:
    security.mark_password_checked(request)
    record_auth_event(kind=AuthEvent.Kind.PASSWORD_CHANGED, request=request, user=request.user)
