"""The checks stage 1 adds to the lifecycle's submit and resubmit moves."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from applications.intake.selectors import completeness
from applications.models import Application
from applications.stage_dates import internal_publicity_problem, publicity_period_problems
from award_portal.workflow.engine import MoveContext


def application_complete(application: Application, ctx: MoveContext) -> str | None:
    result = completeness(application)
    return None if result.is_complete else result.summary()


def internal_publicity_done(application: Application, ctx: MoveContext) -> str | None:
    period = publicity_period_problems(
        edition=application.edition,
        start=application.publicity_start,
        end=application.publicity_end,
    )
    if period:
        return " ".join(period.values())
    return internal_publicity_problem(
        start=application.publicity_start, end=application.publicity_end
    )


def email_verified(application: Application, ctx: MoveContext) -> str | None:
    """The person who submits has confirmed their email address: the unit's opinion and every
    later notice reach the applicant there, and a forgotten password comes back through it."""
    if ctx.actor.has_verified_email:
        return None
    return _(
        "您的邮箱尚未验证，不能提交申报。请打开验证邮件中的链接完成验证，"
        "或在“邮箱验证”页面（%(url)s）重新发送验证邮件。"
    ) % {"url": reverse("accounts:email_verification")}
