"""Confirming that an account's email address is its user's: a signed link that expires.

The link carries the account and the address it was sent to, signed with the site's secret
and dated; it is good for EMAIL_VERIFICATION_DAYS days and only while the account still has
that address. Opening it records the address as verified (accounts.services.verify_email).
Submitting an application and accepting an invitation need a verified address
(applications.guards, applications.intake.services).

The email goes through the outbox like every email of the portal: written in the caller's
transaction, handed to the worker after commit.
"""

from __future__ import annotations

from django.conf import settings
from django.core import signing
from django.urls import reverse
from django.utils.translation import gettext as _

from applications import outbox
from applications.models import Notification
from award_portal.accounts.models import User

SALT = "award_portal.accounts.email-verification"


class VerificationError(Exception):
    """A link that cannot verify anything; `message` is Chinese and is shown as is."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def make_token(user: User) -> str:
    return signing.dumps({"user": user.pk, "email": user.email.lower()}, salt=SALT)


def verification_url(user: User) -> str:
    return settings.SITE_URL + reverse("accounts:email_verify", kwargs={"token": make_token(user)})


def send_verification_email(*, user: User) -> Notification | None:
    """Queue a verification link to the account's current address (none without one)."""
    return outbox.email_account(
        user,
        subject=_("请验证您在市政府质量奖评选管理平台的邮箱"),
        template="accounts/email/verify_email.txt",
        context={
            "url": verification_url(user),
            "days": settings.EMAIL_VERIFICATION_DAYS,
        },
    )


def user_for_token(token: str) -> User:
    """The account a link verifies, or VerificationError saying why it cannot."""
    try:
        data = signing.loads(
            token, salt=SALT, max_age=settings.EMAIL_VERIFICATION_DAYS * 24 * 60 * 60
        )
    except signing.SignatureExpired:
        raise VerificationError(
            _("验证链接已过期（有效期%(days)d天），请登录后重新发送验证邮件。")
            % {"days": settings.EMAIL_VERIFICATION_DAYS}
        ) from None
    except signing.BadSignature:
        raise VerificationError(_("验证链接无效，请核对邮件中的完整链接。")) from None
    user = User.objects.filter(pk=data.get("user"), is_active=True).first()
    if user is None or user.email.lower() != data.get("email"):
        raise VerificationError(
            _("该验证链接对应的邮箱已不是账户的当前邮箱，请登录后重新发送验证邮件。")
        )
    return user
