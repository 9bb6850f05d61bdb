"""Reads of windows and objections that views, services and tasks share."""

from __future__ import annotations

from calendar import Calendar as _MonthGrid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Count, IntegerField, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce, ExtractYear
from django.utils.translation import gettext as _

from applications.models import Application, Edition, Stage, Status
from publicity import calendar
from publicity.holiday_notice import Schedule
from publicity.models import (
    CalendarOverride,
    HolidaySchedule,
    Objection,
    ObjectionEvidence,
    PublicityEntry,
    PublicityWindow,
    WindowEvent,
    WindowKind,
)

# The statuses an application must have to appear on each kind of list. Only a proposed list
# the leadership group has approved is made public (notice §三(七): 经审议通过的拟获奖建议名单).
ELIGIBLE_STATUSES: dict[str, tuple[str, ...]] = {
    WindowKind.ACCEPTANCE: (Status.ACCEPTED,),
    WindowKind.PROPOSED: (Status.APPROVED,),
    WindowKind.SUBSTITUTE: (Status.APPROVED,),
}
OPEN_OBJECTION_STATUSES = (Objection.Status.RECEIVED, Objection.Status.INVESTIGATING)
Published = PublicityWindow.Status


def eligible_for(application: Application, kind: str) -> bool:
    """Whether the application may be put on a list of `kind`."""
    return application.status in ELIGIBLE_STATUSES[kind]


def eligible_applications(*, edition: Edition | None = None, kind: str | None = None) -> QuerySet:
    """Applications that may be put on a list (of `kind`, or of any kind)."""
    if kind:
        statuses = ELIGIBLE_STATUSES[kind]
    else:
        statuses = tuple({s for group in ELIGIBLE_STATUSES.values() for s in group})
    qs = Application.objects.filter(status__in=statuses).select_related(
        "category", "unit", "edition"
    )
    if edition is not None:
        qs = qs.filter(edition=edition)
    return qs.order_by("edition", "category__order", "reference")


def current_windows(*, today: date) -> QuerySet:
    """Published windows that have not ended yet: open now or about to open."""
    return (
        PublicityWindow.objects.filter(status=Published.PUBLISHED, end_date__gte=today)
        .select_related("edition")
        .order_by("start_date", "id")
    )


def archived_windows(*, today: date) -> QuerySet:
    """Windows that ended or were withdrawn, newest first; kept public as an archive."""
    return (
        PublicityWindow.objects.filter(
            Q(status__in=[Published.CLOSED, Published.WITHDRAWN])
            | Q(status=Published.PUBLISHED, end_date__lt=today)
        )
        .select_related("edition")
        .order_by("-end_date", "-id")
    )


def publicity_version() -> int:
    """The newest window event: it changes whenever a public window is published, withdrawn or
    closed."""
    return WindowEvent.objects.order_by("-id").values_list("id", flat=True).first() or 0


def window_entries(window: PublicityWindow) -> QuerySet:
    return window.entries.order_by("position")


def annotate_calendar(windows: Iterable[PublicityWindow], *, today: date) -> list:
    """Attach `phase`, `remaining_workdays` and `calendar_warning` to each window for display.

    The remaining working days count today when it is a working day; a window that runs into a
    year with no published holiday schedule gets a warning instead of a guess."""
    result = []
    for window in windows:
        window.phase = window.phase_on(today)
        window.remaining_workdays = None
        window.calendar_warning = ""
        try:
            if window.phase in {"open", "upcoming"}:
                window.remaining_workdays = calendar.workdays_between(
                    max(today, window.start_date), window.end_date
                )
            elif window.phase == "draft":
                calendar.add_workdays(window.start_date, window.workdays)
        except calendar.CalendarDataMissing as exc:
            window.calendar_warning = exc.message
        result.append(window)
    return result


def _count_of(qs: QuerySet, link: str) -> Coalesce:
    """A correlated count of `qs` rows whose `link` is the outer row: computed per listed row,
    where joining two lists and counting distinct pairs would multiply them (20,000 entries
    by 1,000 objections)."""
    counted = (
        qs.filter(**{link: OuterRef("pk")})
        .order_by()
        .values(link)
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def windows_for_staff() -> QuerySet:
    return (
        PublicityWindow.objects.select_related("edition")
        .annotate(
            entry_count=_count_of(PublicityEntry.objects.all(), "window"),
            objection_count=_count_of(Objection.objects.all(), "window"),
            open_objection_count=_count_of(
                Objection.objects.filter(status__in=OPEN_OBJECTION_STATUSES), "window"
            ),
        )
        .order_by("-created_at", "-id")
    )


OBJECTION_TABLE_COLUMNS = (
    "reference",
    "window__title",
    "entry__display_name",
    "filer_name",
    "filed_at",
    "status",
)


def objections_for_staff(*, status: str = "", window_id: int | None = None) -> QuerySet:
    # Only the columns the staff's table shows (publicity/includes/objection_table.html).
    qs = (
        Objection.objects.select_related("window", "entry")
        .only(*OBJECTION_TABLE_COLUMNS)
        .annotate(evidence_count=_count_of(ObjectionEvidence.objects.all(), "objection"))
    )
    if status:
        qs = qs.filter(status=status)
    if window_id:
        qs = qs.filter(window_id=window_id)
    return qs.order_by("-filed_at", "-id")


def open_objections(window: PublicityWindow) -> QuerySet:
    return window.objections.filter(status__in=OPEN_OBJECTION_STATUSES)


def find_objection(*, reference: str, contact: str) -> Objection | None:
    """The objection with this reference whose phone or email is `contact`, else None."""
    contact = contact.strip()
    if not reference.strip() or not contact:
        return None
    return (
        Objection.objects.select_related("window", "entry")
        .filter(reference__iexact=reference.strip())
        .filter(Q(phone=contact) | Q(email__iexact=contact))
        .first()
    )


def windows_due_for_closing(*, today: date) -> list[int]:
    """Windows whose end has passed and whose closing step has not been taken yet."""
    return list(
        PublicityWindow.objects.filter(
            Q(status=Published.PUBLISHED, end_date__lt=today)
            | Q(status=Published.CLOSED, outcome_fired_at__isnull=True)
        )
        .order_by("end_date", "id")
        .values_list("id", flat=True)
    )


def windows_for_reminders(*, today: date) -> QuerySet:
    return PublicityWindow.objects.filter(status=Published.PUBLISHED, end_date__gte=today).annotate(
        open_objection_count=Count(
            "objections", filter=Q(objections__status__in=OPEN_OBJECTION_STATUSES)
        )
    )


def editions_with_open_recommendation(*, today: date) -> QuerySet:
    return Edition.objects.filter(
        is_draft=False,
        stage__in=[Stage.APPLICATION, Stage.PRECHECK],
        recommendation_deadline__gte=today,
        recommendation_deadline__lte=today + timedelta(days=31),
    )


# --- holiday schedules -----------------------------------------------------------------------


@dataclass(frozen=True)
class CalendarYear:
    """One line of the "节假日安排" page: a year entered from a notice, or entered day by day
    in the admin."""

    year: int
    schedule: HolidaySchedule | None
    day_count: int


@dataclass(frozen=True)
class CalendarYears:
    entered: list[CalendarYear]
    library_first: int
    library_last: int


def calendar_years() -> CalendarYears:
    """The years with holiday data: those entered (newest first) and the library's range."""
    schedules = HolidaySchedule.objects.select_related("entered_by").annotate(
        day_count=Count("overrides")
    )
    rows = {s.year: CalendarYear(s.year, s, s.day_count) for s in schedules}
    by_hand = (
        CalendarOverride.objects.filter(schedule__isnull=True)
        .annotate(year=ExtractYear("day"))
        .values("year")
        .annotate(count=Count("id"))
        .order_by()
    )
    for row in by_hand:
        if row["year"] not in rows and row["year"] not in calendar.LIBRARY_YEARS:
            rows[row["year"]] = CalendarYear(row["year"], None, row["count"])
    return CalendarYears(
        entered=[rows[year] for year in sorted(rows, reverse=True)],
        library_first=calendar.LIBRARY_YEARS.start,
        library_last=calendar.LIBRARY_YEARS.stop - 1,
    )


def entered_schedule(year: int) -> HolidaySchedule | None:
    return HolidaySchedule.objects.select_related("entered_by").filter(year=year).first()


def missing_calendar_warning(today: date) -> str | None:
    """The warning the office sees while this year's schedule is missing, or, from 1 October,
    next year's."""
    if not calendar.year_is_known(today.year):
        year = today.year
    elif today.month >= 10 and not calendar.year_is_known(today.year + 1):
        year = today.year + 1
    else:
        return None
    return _(
        "%(year)s年的法定节假日安排尚未录入。国务院办公厅通知发布后，请在“节假日安排”页面"
        "粘贴通知全文并确认保存，否则跨入%(year)s年的公示期和截止日期无法按工作日计算。"
    ) % {"year": year}


@dataclass(frozen=True)
class DayChange:
    day: date
    before: bool | None  # None: the year had no data
    after: bool


def schedule_changes(schedule: Schedule) -> list[DayChange]:
    """The days whose working-day status saving `schedule` would change."""
    kept = {
        row["day"]: row["kind"] == CalendarOverride.Kind.WORKDAY
        for row in CalendarOverride.objects.filter(day__year=schedule.year)
        .exclude(schedule__isnull=True)
        .exclude(schedule__year=schedule.year)
        .values("day", "kind")
    }
    named = {day: is_workday for day, is_workday, _name in schedule.named_days()}
    changes = []
    for day in sorted(set(_days_of(schedule.year)) | set(named)):
        after = named[day] if day in named else kept.get(day, day.weekday() < 5)
        try:
            before = calendar.is_workday(day)
        except calendar.CalendarDataMissing:
            before = None
        if before is not None and before != after:
            changes.append(DayChange(day, before, after))
    return changes


def _days_of(year: int) -> Iterable[date]:
    day = date(year, 1, 1)
    while day.year == year:
        yield day
        day += timedelta(days=1)


@dataclass(frozen=True)
class CalendarDay:
    day: date
    kind: str  # "off", "work", "weekend" or "" for an ordinary working day
    changed: bool


def year_calendar(schedule: Schedule, *, changed: Iterable[date] = ()) -> list[dict]:
    """The twelve months of the schedule's year as weeks of seven cells (None outside the
    month), Monday first, for the preview."""
    changed = set(changed)
    days_off, workdays = schedule.days_off, schedule.workdays
    months = []
    for month in range(1, 13):
        weeks = []
        for week in _MonthGrid(firstweekday=0).monthdatescalendar(schedule.year, month):
            cells = []
            for day in week:
                if day.month != month:
                    cells.append(None)
                    continue
                if day in workdays:
                    kind = "work"
                elif day in days_off:
                    kind = "off"
                elif day.weekday() >= 5:
                    kind = "weekend"
                else:
                    kind = ""
                cells.append(CalendarDay(day, kind, day in changed))
            weeks.append(cells)
        months.append({"month": month, "weeks": weeks})
    return months
