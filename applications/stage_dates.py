"""The dates that close a stage: the call notice's, and the office's plan.

Closing a stage before either needs a reason (the engine asks for it in `advance_edition`).
"""

from __future__ import annotations

from datetime import date

from django.utils import timezone
from django.utils.translation import gettext as _

from applications.models import Edition, Stage


def submission_deadline(edition: Edition) -> date:
    """The last day applicants submit: the planned end of 自愿申报, else the day
    recommendations are due."""
    return edition.planned_end(Stage.APPLICATION) or edition.recommendation_deadline


def notice_date(edition: Edition, stage: str) -> date | None:
    """The day the call notice fixes for the end of `stage`, where it fixes one."""
    if stage == Stage.APPLICATION:
        return submission_deadline(edition)
    if stage == Stage.PRECHECK:
        return edition.recommendation_deadline
    return None


def early_close(edition: Edition, today: date | None = None) -> str | None:
    """Why closing the current stage today is early (so a reason is required), or None."""
    today = today or timezone.localdate()
    stage = edition.stage
    fixed = notice_date(edition, stage)
    if fixed is not None and today <= fixed:
        return _("征集通知规定“%(stage)s”至%(date)s结束，在此之前结束须说明理由。") % {
            "stage": Stage(stage).label,
            "date": fixed.strftime("%Y-%m-%d"),
        }
    planned = edition.planned_end(stage)
    if planned is not None and today < planned:
        return _("“%(stage)s”计划于%(date)s结束，提前结束须说明理由。") % {
            "stage": Stage(stage).label,
            "date": planned.strftime("%Y-%m-%d"),
        }
    return None
