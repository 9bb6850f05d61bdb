"""Who needs a second factor, and what the session knows about how its user signed in.

The session carries three facts, so that ordinary pages cost no query for them:

* django-otp's ``otp_device_id``: set by ``django_otp.login`` once a code from one of the
  user's confirmed devices was accepted in this session;
* ``SECOND_FACTOR_ENROLLED_KEY``: whether the user had a confirmed device when they signed in
  (an applicant or unit officer who enrolled by choice must then use it);
* ``PASSWORD_CHECKED_AT_KEY``: when the user last typed their password in this session.
"""

from __future__ import annotations

import time

from django.conf import settings
from django_otp import DEVICE_ID_SESSION_KEY, user_has_device

from award_portal.accounts.models import Role

# Those who see every application, score it, supervise, decide or administer.
SECOND_FACTOR_ROLES = frozenset(
    {Role.CITY_OFFICE, Role.EXPERT, Role.SUPERVISOR, Role.LEADER, Role.ADMIN}
)

SECOND_FACTOR_ENROLLED_KEY = "accounts_second_factor_enrolled"
PASSWORD_CHECKED_AT_KEY = "accounts_password_checked_at"
PENDING_DEVICE_KEY = "accounts_pending_device"


def second_factor_mandatory(user) -> bool:
    """Staff roles, and anyone who may enter the Django admin, must use a second factor."""
    return user.is_authenticated and (
        user.role in SECOND_FACTOR_ROLES or user.is_staff or user.is_superuser
    )


def second_factor_expected(request) -> bool:
    """Whether this session must pass the second factor before it may do anything else."""
    return second_factor_mandatory(request.user) or bool(
        request.session.get(SECOND_FACTOR_ENROLLED_KEY)
    )


def is_verified(request) -> bool:
    return bool(request.session.get(DEVICE_ID_SESSION_KEY))


def remember_sign_in(request, user) -> None:
    """At sign-in: the password was just checked; note whether a device must be used."""
    request.session[SECOND_FACTOR_ENROLLED_KEY] = user_has_device(user, confirmed=True)
    mark_password_checked(request)


def mark_password_checked(request) -> None:
    request.session[PASSWORD_CHECKED_AT_KEY] = time.time()


def has_recent_password(request) -> bool:
    checked_at = request.session.get(PASSWORD_CHECKED_AT_KEY)
    if not isinstance(checked_at, int | float):
        return False
    return 0 <= time.time() - checked_at <= settings.REAUTH_MINUTES * 60


# django-axes keeps the login name of every failed attempt in a 255-character column; a longer
# name typed into the login form must be refused by the form, not fail in the database.
AXES_USERNAME_LENGTH = 255


def axes_username(request, credentials: dict | None) -> str:
    """The login name django-axes records and locks out, cut to what its column holds."""
    source = credentials if credentials is not None else request.POST
    return str(source.get("username") or "")[:AXES_USERNAME_LENGTH]
