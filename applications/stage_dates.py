"""The dates that close a stage: the call notice's, and the office's plan.

Closing a stage before either needs a reason (the engine asks for it in `advance_edition`).
"""

from __future__ import annotations

from datetime import date

from django.conf import settings
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


# --- the applicant's internal publicity ---------------------------------------------------------


def publicity_period_problems(
    *, edition: Edition, start: date | None, end: date | None
) -> dict[str, str]:
    """The internal publicity belongs to this edition's call: it starts no earlier than the
    notice (or, without a notice date, the opening of submissions) and ends no later than the
    recommendation deadline. Returns {field name: problem}."""
    problems: dict[str, str] = {}
    notice_date = getattr(edition, "notice_date", None)
    opens = notice_date or edition.applications_open
    deadline = getattr(edition, "recommendation_deadline", None)
    if start and start < opens:
        problems["publicity_start"] = (
            _(
                "内部公示须在本届评选通知发布后进行：开始日期不能早于通知日期"
                "%(date)s，请填写为本届申报进行的公示。"
            )
            if notice_date
            else _("内部公示须为本届申报进行：开始日期不能早于本届开始受理申报的日期%(date)s。")
        ) % {"date": opens.strftime("%Y-%m-%d")}
    if end and deadline and end > deadline:
        problems["publicity_end"] = _("内部公示结束日期不能晚于本届推荐截止日期%(date)s。") % {
            "date": deadline.strftime("%Y-%m-%d")
        }
    return problems


def internal_publicity_problem(
    *, start: date | None, end: date | None, today: date | None = None
) -> str | None:
    """Why the internal publicity does not yet allow a submission, or None."""
    from publicity.calendar import CalendarDataMissing, add_workdays, workdays_between

    today = today or timezone.localdate()
    minimum = settings.PUBLICITY_MIN_WORKDAYS
    if not start or not end:
        return _("请填写内部公示的开始日期和结束日期。")
    if end < start:
        return _("内部公示结束日期不能早于开始日期。")
    try:
        days = workdays_between(start, end)
        if days < minimum:
            return _(
                "内部公示仅有%(days)d个工作日，不少于%(min)d个工作日：自%(start)s开始的公示"
                "最早于%(earliest)s结束。"
            ) % {
                "days": days,
                "min": minimum,
                "start": start.strftime("%Y-%m-%d"),
                "earliest": add_workdays(start, minimum).strftime("%Y-%m-%d"),
            }
    except CalendarDataMissing as exc:
        return exc.message
    if end >= today:
        return _("内部公示到%(end)s结束，公示期满后方可提交。") % {"end": end.strftime("%Y-%m-%d")}
    return None
