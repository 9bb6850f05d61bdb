"""Writes of the yearly holiday schedules: a pasted and parsed notice checked and stored as its
year's working-day calendar."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from award_portal.accounts.models import User
from publicity import calendar
from publicity.errors import PublicityError
from publicity.holiday_notice import Schedule
from publicity.models import CalendarOverride, HolidaySchedule
from publicity.notice import chinese_date


def check_schedule(*, schedule: Schedule) -> None:
    """Refuse a schedule `save_schedule` would refuse, so the preview can say so first.

    A year the `chinesecalendar` library knows is not entered from its yearly notice: the
    library also holds what later notices changed (the 2019 Labour Day, the 2020 Spring Festival
    extension), and the yearly notice would silently undo it. A day the notice names in another
    year (the New Year item) is stored only when that year is known, so that one day never
    makes a year without a schedule look known."""
    if schedule.year in calendar.LIBRARY_YEARS:
        raise PublicityError(
            _(
                "%(year)s年的节假日安排已内置在系统的节假日数据中（%(first)s年至%(last)s年），"
                "其中还包括年度通知之后另行发布的调整（如2020年春节延长假期），"
                "用年度通知覆盖会丢失这些调整，因此不在此录入。"
                "个别日期确需更正的，请系统管理员在后台“节假日调整”中逐日修改。"
            )
            % {
                "year": schedule.year,
                "first": calendar.LIBRARY_YEARS.start,
                "last": calendar.LIBRARY_YEARS.stop - 1,
            }
        )
    for day in schedule.other_year_days():
        if not calendar.year_is_known(day.year):
            raise PublicityError(
                _(
                    "通知中的%(day)s属于%(other)s年，但%(other)s年的节假日安排尚未录入。"
                    "请先录入%(other)s年的通知，再录入%(year)s年的通知。"
                )
                % {"day": chinese_date(day), "other": day.year, "year": schedule.year}
            )


def save_schedule(*, schedule: Schedule, text: str, actor: User) -> HolidaySchedule:
    """Store a parsed notice as its year's schedule, replacing what that year had.

    In one transaction: the year's record keeps the pasted text, who entered it and when (the
    history keeps earlier versions); the overrides written from the previous version of this
    notice, and those entered day by day in the admin for the year, are replaced by one per day
    the notice names. Days the next year's notice set in this year (its New Year item) stay."""
    check_schedule(schedule=schedule)
    try:
        with transaction.atomic():
            record = _store_schedule(schedule=schedule, text=text, actor=actor)
            # Another process may read the old rows before the commit and keep them.
            transaction.on_commit(calendar.invalidate)
    except IntegrityError:  # another user entered the same new year at the same moment
        raise PublicityError(
            _("%(year)s年的安排刚刚已由他人保存，请重新粘贴通知并预览。") % {"year": schedule.year}
        ) from None
    calendar.invalidate()
    return record


def _store_schedule(*, schedule: Schedule, text: str, actor: User) -> HolidaySchedule:
    named = schedule.named_days()
    record = HolidaySchedule.objects.select_for_update().filter(year=schedule.year).first()
    if record is None:
        record = HolidaySchedule(year=schedule.year)
    record.text = text
    record.source = schedule.source[:200]
    record.entered_by = actor
    record.entered_at = timezone.now()
    record.save()
    CalendarOverride.objects.filter(
        Q(schedule=record)
        | Q(day__year=schedule.year, schedule__isnull=True)
        | Q(day__in=[day for day, _work, _name in named])
    ).delete()
    kinds = CalendarOverride.Kind
    bulk_create_with_history(
        [
            CalendarOverride(
                day=day,
                kind=kinds.WORKDAY if is_workday else kinds.HOLIDAY,
                name=name[:50],
                source=record.source,
                schedule=record,
            )
            for day, is_workday, name in named
        ],
        CalendarOverride,
        default_user=actor,
    )
    return record
