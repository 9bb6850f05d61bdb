"""Keep every sign-in, sign-out and failed sign-in in the audit log."""

from axes.signals import user_locked_out
from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from award_portal.accounts.models import AuthEvent


def _record(kind: str, request, *, user=None, username: str = "") -> None:
    meta = getattr(request, "META", {}) or {}
    AuthEvent.objects.create(
        kind=kind,
        user=user,
        username=(username or getattr(user, "username", ""))[:150],
        ip_address=meta.get("REMOTE_ADDR") or None,
        user_agent=meta.get("HTTP_USER_AGENT", "")[:300],
    )


@receiver(user_logged_in)
def on_login(sender, request, user, **kwargs):
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
