"""Sign-in asks for the current privacy notice's consent; the login and audit trails are kept
at least AUDIT_TRAIL_MIN_DAYS (six months).

No code of the portal deletes a login record (AuthEvent) or an axes access log, and the
lifecycle's records are append-only; the guard below also refuses what a maintenance command
might do (`axes_reset_logs --age 30`, a deletion in the admin) to a record younger than that.
Django's `flush` (restore --force) empties tables without deleting rows one by one.
"""

from __future__ import annotations

from datetime import timedelta

from axes.models import AccessLog
from django.conf import settings
from django.contrib.auth.signals import user_logged_in
from django.db.models import ProtectedError
from django.db.models.signals import pre_delete
from django.dispatch import receiver
from django.utils import timezone

from award_portal.accounts.models import AuthEvent
from award_portal.privacy import consent


@receiver(user_logged_in)
def ask_consent_on_sign_in(sender, request, user, **kwargs):
    if request is not None and hasattr(request, "session"):
        consent.on_sign_in(request, user)


def kept_until(at):
    return at + timedelta(days=settings.AUDIT_TRAIL_MIN_DAYS)


def _guard(instance, at) -> None:
    if at is not None and timezone.now() < kept_until(at):
        raise ProtectedError(
            f"audit trails are kept at least {settings.AUDIT_TRAIL_MIN_DAYS} days", {instance}
        )


@receiver(pre_delete, sender=AuthEvent)
def keep_login_records(sender, instance, **kwargs):
    _guard(instance, instance.at)


@receiver(pre_delete, sender=AccessLog)
def keep_access_logs(sender, instance, **kwargs):
    _guard(instance, instance.attempt_time)
