"""Pages of the holiday schedules: the years the working-day calendar knows, and the city
office's entry of a year's notice (paste, preview, save)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from award_portal import access
from award_portal.actions import save_form
from publicity import calendar, selectors
from publicity.forms import HolidayNoticeForm
from publicity.holidays import services


def _calendar_page(request, form=None, *, status: int = 200):
    can_enter = access.may(request.user, access.MANAGE, access.HOLIDAY_CALENDAR)
    return render(
        request,
        "publicity/calendar_years.html",
        {
            "years": selectors.calendar_years(),
            "form": form or (HolidayNoticeForm() if can_enter else None),
            "can_enter": can_enter,
            "calendar_warning": selectors.missing_calendar_warning(timezone.localdate()),
        },
        status=status,
    )


@login_required
def calendar_years(request):
    access.require(request.user, access.VIEW, access.HOLIDAY_CALENDAR)
    return _calendar_page(request)


@login_required
@require_POST
def calendar_preview(request):
    access.require(request.user, access.MANAGE, access.HOLIDAY_CALENDAR)
    form = HolidayNoticeForm(request.POST)
    if not form.is_valid():
        return _calendar_page(request, form, status=400)
    schedule = form.schedule
    changes = selectors.schedule_changes(schedule)
    return render(
        request,
        "publicity/calendar_preview.html",
        {
            "schedule": schedule,
            "text": form.cleaned_data["text"],
            "months": selectors.year_calendar(schedule, changed=[c.day for c in changes]),
            "changes": changes,
            "previous": selectors.entered_schedule(schedule.year),
            "year_known": calendar.year_is_known(schedule.year),
        },
    )


@login_required
@require_POST
def calendar_save(request):
    access.require(request.user, access.MANAGE, access.HOLIDAY_CALENDAR)
    form = HolidayNoticeForm(request.POST)
    if save_form(
        request,
        form,
        lambda data: services.save_schedule(
            schedule=form.schedule, text=data["text"], actor=request.user
        ),
        lambda record: (
            _("%(year)s年的节假日安排已保存，工作日计算即刻按新安排进行。") % {"year": record.year}
        ),
        field="text",
    ):
        return redirect("publicity:calendar_years")
    return _calendar_page(request, form, status=400)
