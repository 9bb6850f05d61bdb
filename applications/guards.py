"""The checks stage 1 adds to the lifecycle's submit and resubmit moves."""

from __future__ import annotations

from applications.models import Application
from applications.selectors import completeness
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
