"""The checks stage 1 adds to the lifecycle's submit and resubmit moves."""

from __future__ import annotations

from applications.intake.selectors import completeness
from applications.lifecycle import GuardContext, guard
from applications.stage_dates import internal_publicity_problem, publicity_period_problems


@guard("application_complete")
def application_complete(ctx: GuardContext) -> str | None:
    result = completeness(ctx.application)
    return None if result.is_complete else result.summary()


@guard("internal_publicity_done")
def internal_publicity_done(ctx: GuardContext) -> str | None:
    application = ctx.application
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
