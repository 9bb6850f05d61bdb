"""The review's refusal: a Chinese message that the page shows as it is, and the two checks
that most writes of the review make first (who acts, and why)."""

from __future__ import annotations

from collections.abc import Mapping

from django.utils.translation import gettext as _

from award_portal.accounts.models import User
from review.permissions import is_office


class ReviewError(Exception):
    """A refused review action. `message` is Chinese and shown to the user as is;
    `errors` maps form fields (e.g. item ids) to messages when there are several."""

    def __init__(self, message: str, *, errors: Mapping | None = None):
        super().__init__(message)
        self.message = message
        self.errors = dict(errors or {})

    def __str__(self) -> str:
        return self.message


def require_office(actor: User) -> None:
    if not is_office(actor):
        raise ReviewError(_("只有市质量强市办可以执行此操作。"))


def require_reason(reason: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise ReviewError(_("请填写理由。"))
    return reason
