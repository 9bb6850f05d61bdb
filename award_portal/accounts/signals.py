"""Keep every sign-in, sign-out and failed sign-in in the audit log.

A sign-in also tells the session whether the user has a second factor to use (see
`award_portal.accounts.security`): every way in (the login page, the admin's login page,
registration) has just checked a password.
"""

from axes.signals import user_locked_out
from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from award_portal.accounts import security
from award_portal.accounts.models import AuthEvent
from award_portal.accounts.services import record_auth_event


def _record(kind: str, request, *, user=None, username: str = "") -> None:
    record_auth_event(kind=kind, request=request, user=user, username=username)


@receiver(user_logged_in)
def on_login(sender, request, user, **kwargs):
    if request is not None and hasattr(request, "session"):
        security.remember_sign_in(request, user)
    _record(AuthEvent.Kind.LOGIN, request, user=user)


@receiver(user_logged_out)
def on_logout(sender, request, user, **kwargs):
    if user is not None:
        _record(AuthEvent.Kind.LOGOUT, request, user=user)


@receiver(user_login_failed)
def on_login_failed(sender, credentials, request=None, **kwargs):
    username = credentials.get("username", "")
    user = get_user_model().objects.filter(username=username).first()
    _record(AuthEvent.Kind.FAILED, request, user=user, username=username)


@receiver(user_locked_out)
def on_locked_out(sender, request, username=None, ip_address=None, **kwargs):
    user = get_user_model().objects.filter(username=username or "").first()
    _record(AuthEvent.Kind.LOCKED, request, user=user, username=username or "")
