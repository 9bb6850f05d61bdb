"""The review's refusal: a Chinese message that the page shows as it is, and the two checks
that most writes of the review make first (who acts, as the access policy says, and why)."""

from __future__ import annotations

from collections.abc import Mapping

from django.utils.translation import gettext as _

from award_portal import access
from award_portal.accounts.models import User
from award_portal.actions import Refusal


class ReviewError(Refusal):
    """A refused review action. `message` is Chinese and shown to the user as is;
    `errors` maps form fields (e.g. item ids) to messages when there are several."""

    def __init__(self, message: str, *, errors: Mapping | None = None):
        super().__init__(message)
        self.errors = dict(errors or {})


def require_office(actor: User, kind: str) -> None:
    """The actor manages objects of `kind` (the city office)."""
    if not access.may(actor, access.MANAGE, kind):
        raise ReviewError(_("只有市质量强市办可以执行此操作。"))


def require_reason(reason: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise ReviewError(_("请填写理由。"))
    return reason
