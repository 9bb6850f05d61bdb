"""Writes on accounts: an applicant's registration, the second factor, credentials, the
verified email address, lockouts, audit."""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from dataclasses import dataclass

import django_otp
from axes.models import AccessAttempt
from django.db import transaction
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from award_portal.accounts import security, verification
from award_portal.accounts.models import AuthEvent, Role, User
from award_portal.http import client_ip

MOBILE_RE = re.compile(r"^1[3-9]\d{9}$")


def normalize_mobile(value: str) -> str:
    """A mainland mobile number without spaces, dashes or +86; anything else as typed."""
    value = (value or "").strip()
    compact = re.sub(r"[\s-]", "", value).removeprefix("+86")
    return compact if MOBILE_RE.match(compact) else value


def is_mobile(value: str) -> bool:
    return bool(MOBILE_RE.match(value))


@transaction.atomic
def register_applicant(
    *,
    email: str,
    password: str,
    full_name: str,
    applicant_kind: str,
    organization_name: str = "",
    phone: str = "",
) -> User:
    """Create an applicant's account, signing in with its email address, and send the link
    that verifies the address. The consent to the use of their data is recorded."""
    email = email.strip().lower()
    phone = normalize_mobile(phone)
    if phone and not is_mobile(phone):
        raise ValueError("phone must be a mainland mobile number")
    user = User(
        username=email,
        email=email,
        phone=phone,
        full_name=full_name.strip(),
        organization_name=organization_name.strip(),
        applicant_kind=applicant_kind,
        role=Role.APPLICANT,
        data_consent_at=timezone.now(),
    )
    user.set_password(password)
    user.save()
    verification.send_verification_email(user=user)
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
    """A new address is unverified until its user opens the link sent to it."""
    user = request.user
    changed = email.lower() != (user.email or "").lower()
    user.email = email
    user.save(update_fields=["email"])
    record_auth_event(kind=AuthEvent.Kind.EMAIL_CHANGED, request=request, user=user)
    if changed and not user.has_verified_email:
        verification.send_verification_email(user=user)


def record_password_change(*, request) -> None:
    security.mark_password_checked(request)
    record_auth_event(kind=AuthEvent.Kind.PASSWORD_CHANGED, request=request, user=request.user)


# --- the verified email address -------------------------------------------------------------


def _mark_email_verified(*, user: User, request=None) -> None:
    if user.has_verified_email or not user.email:
        return
    user.verified_email = user.email
    user.save(update_fields=["verified_email"])
    record_auth_event(kind=AuthEvent.Kind.EMAIL_VERIFIED, request=request, user=user)


def verify_email(*, token: str, request=None) -> User:
    """Record the address of a valid verification link as verified; opening it again changes
    nothing. Raises verification.VerificationError for a bad, expired or outdated link."""
    user = verification.user_for_token(token)
    _mark_email_verified(user=user, request=request)
    return user


def record_password_reset(*, request, user: User) -> None:
    """A new password set from a reset link: the link went to the account's address, so the
    address is verified, and the login name's lockout is lifted at every address."""
    _mark_email_verified(user=user, request=request)
    AccessAttempt.objects.filter(username=user.get_username()).delete()
    record_auth_event(kind=AuthEvent.Kind.PASSWORD_CHANGED, request=request, user=user)


# --- lifting a lockout ------------------------------------------------------------------------


def unlock_logins(*, request, usernames: Iterable[str] = (), attempts=None) -> int:
    """An administrator lifts lockouts: every failed sign-in counted against these login names
    (from any address), and the given django-axes attempts. Returns the records forgotten;
    each login name's trail records the unlocking."""
    usernames = sorted(set(usernames))
    with transaction.atomic():
        forgotten = 0
        if attempts is not None:
            usernames = sorted({*usernames, *attempts.values_list("username", flat=True)})
            forgotten += attempts.delete()[0]
        forgotten += AccessAttempt.objects.filter(username__in=usernames).delete()[0]
        known = User.objects.in_bulk(usernames, field_name="username")
        for username in usernames:
            record_auth_event(
                kind=AuthEvent.Kind.UNLOCKED,
                request=request,
                user=known.get(username),
                username=username,
            )
    return forgotten
