"""Reads of stages 2 and 3 (初核推荐, 审查受理): the unit's queue, the office's list, the
overview, the recommendation deadline of a unit. Every list starts from
`access.visible_applications`, so a unit never reads another unit's applications."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime

from django.core.cache import cache
from django.core.paginator import EmptyPage, Page, PageNotAnInteger, Paginator
from django.db.models import (
    Count,
    Exists,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
)
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from applications.models import (
    Application,
    ApplicationRow,
    Category,
    Consultation,
    DeadlineExtension,
    Edition,
    RecommendingUnit,
    Status,
)
from award_portal.access import visible_application_rows, visible_applications
from award_portal.accounts.models import User
from publicity import calendar
from publicity.models import PublicityWindow, WindowKind

PAGE_SIZE = 50

# What a unit's queue shows: everything that was ever filed with it.
UNIT_STATUSES: tuple[str, ...] = tuple(s for s in Status.values if s != Status.DRAFT)
# What reached the city office: recommended, and everything that can follow from it.
BEFORE_OFFICE = frozenset(
    {
        Status.DRAFT,
        Status.SUBMITTED,
        Status.RETURNED,
        Status.NOT_RECOMMENDED,
        Status.WITHDRAWN,
    }
)
OFFICE_STATUSES: tuple[str, ...] = tuple(s for s in Status.values if s not in BEFORE_OFFICE)
# The acceptance list (受理名单): accepted, and what went on to the review.
PAST_ACCEPTANCE: tuple[str, ...] = tuple(
    s for s in OFFICE_STATUSES if s not in {Status.RECOMMENDED, Status.NOT_ACCEPTED}
)

SORTS: dict[str, tuple[str, ...]] = {
    "submitted": ("submitted_at", "id"),
    "-submitted": ("-submitted_at", "-id"),
    "name": ("applicant_name", "id"),
    "-name": ("-applicant_name", "-id"),
    "reference": ("reference",),
    "-reference": ("-reference",),
    "category": ("category__order", "reference"),
    "status": ("status", "reference"),
    "unit": ("unit__order", "reference"),
}
# The same orders on the lists' read model (`ApplicationRow`), each served by an index of it.
_ROW_COLUMNS = {
    "id": "application_id",
    "status": "application_status",
    "category__order": "category_order",
    "unit__order": "unit_order",
}
ROW_SORTS: dict[str, tuple[str, ...]] = {
    key: tuple(
        ("-" if name.startswith("-") else "") + _ROW_COLUMNS.get(name.lstrip("-"), name.lstrip("-"))
        for name in names
    )
    for key, names in SORTS.items()
}
DEFAULT_SORT = "-submitted"


# --- deadlines --------------------------------------------------------------------------------


def extension_for(*, edition: Edition, unit: RecommendingUnit | None) -> DeadlineExtension | None:
    if unit is None:
        return None
    return DeadlineExtension.objects.filter(edition=edition, unit=unit).first()


def deadline_for(*, edition: Edition, unit: RecommendingUnit | None) -> date:
    """The last day on which `unit` may recommend: the edition's deadline or its extension."""
    extension = extension_for(edition=edition, unit=unit)
    if extension is not None and extension.extended_until > edition.recommendation_deadline:
        return extension.extended_until
    return edition.recommendation_deadline


@dataclass(frozen=True)
class DeadlineInfo:
    deadline: date
    extended: bool
    workdays_left: int | None  # None when the calendar of a year is missing
    warning: str = ""

    @property
    def passed(self) -> bool:
        return timezone.localdate() > self.deadline


def deadline_info(*, edition: Edition, unit: RecommendingUnit | None) -> DeadlineInfo:
    """The unit's deadline with the working days left, today included when it is one."""
    deadline = deadline_for(edition=edition, unit=unit)
    today = timezone.localdate()
    extended = deadline != edition.recommendation_deadline
    try:
        left = calendar.workdays_between(today, deadline)
    except calendar.CalendarDataMissing as exc:
        return DeadlineInfo(deadline, extended, None, exc.message)
    return DeadlineInfo(deadline, extended, left)


# --- filters ------------------------------------------------------------------------------------


@dataclass
class ListFilters:
    """The filters of a list page, parsed from the query string. A bad value is dropped and
    explained, never an error page."""

    category: int | None = None
    wanted_status: str = ""  # the status the list is filtered by (the "status" parameter)
    unit: int | None = None
    date_from: date | None = None
    date_to: date | None = None
    q: str = ""
    sort: str = DEFAULT_SORT
    problems: list[str] = field(default_factory=list)

    def as_query(self) -> dict[str, str]:
        """The active filters, for the links of the sort headers, pages and exports."""
        values = {
            "category": self.category or "",
            "status": self.wanted_status,
            "unit": self.unit or "",
            "date_from": self.date_from.isoformat() if self.date_from else "",
            "date_to": self.date_to.isoformat() if self.date_to else "",
            "q": self.q,
            "sort": self.sort if self.sort != DEFAULT_SORT else "",
        }
        return {key: str(value) for key, value in values.items() if value}

    def count_from(self, counts: list[dict]) -> int | None:
        """The number of rows shown, read off the status counts when only the status filters
        (the pills above the list): the list's own count query is then not needed."""
        if self.category or self.unit or self.date_from or self.date_to or self.q:
            return None
        return sum(
            row["count"]
            for row in counts
            if row["status"] == self.wanted_status or not self.wanted_status
        )


def _parse_int(raw: str) -> int | None:
    try:
        value = int(raw)
    except (TypeError, ValueError):
        return None
    return value if 0 < value < 2**31 else None


def _parse_date(raw: str) -> date | None:
    try:
        value = date.fromisoformat(raw)
    except (TypeError, ValueError):
        return None
    # Far-off years overflow once turned into UTC datetimes for the query (0001-01-01 at
    # +08:00 is in year 0); no application was submitted outside these.
    return value if 2000 <= value.year <= 2999 else None


def parse_filters(params, *, statuses: tuple[str, ...]) -> ListFilters:
    filters = ListFilters()

    def read(name: str, parse, problem: str):
        """The parameter `name` parsed, or None when it is missing or (noted) bad."""
        raw = params.get(name, "").strip()
        if not raw:
            return None
        value = parse(raw)
        if value is None:
            filters.problems.append(problem)
        return value

    def one_of(allowed):
        return lambda raw: raw if raw in allowed else None

    filters.category = read("category", _parse_int, _("申报类别筛选条件无效，已忽略。"))
    filters.unit = read("unit", _parse_int, _("推荐单位筛选条件无效，已忽略。"))
    wanted = read("status", one_of(statuses), _("状态筛选条件无效，已忽略。"))
    filters.wanted_status = wanted or filters.wanted_status
    bad_date = _("日期格式应为“年-月-日”，例如 2023-03-15，已忽略。")
    filters.date_from = read("date_from", _parse_date, bad_date)
    filters.date_to = read("date_to", _parse_date, bad_date)
    filters.q = params.get("q", "").strip()[:100]
    filters.sort = (
        read("sort", one_of(SORTS), _("排序方式无效，已按默认顺序排列。")) or filters.sort
    )
    return filters


def _apply(qs: QuerySet, filters: ListFilters, *, rows: bool = False) -> QuerySet:
    """`qs` (applications, or their rows in the read model when `rows`) filtered and sorted."""
    if filters.category:
        qs = qs.filter(category_id=filters.category)
    if filters.unit:
        qs = qs.filter(unit_id=filters.unit)
    if filters.wanted_status:
        qs = qs.filter(**{"application_status" if rows else "status": filters.wanted_status})
    tz = timezone.get_current_timezone()
    if filters.date_from:
        start = datetime.combine(filters.date_from, datetime.min.time(), tzinfo=tz)
        qs = qs.filter(submitted_at__gte=start)
    if filters.date_to:
        end = datetime.combine(filters.date_to, datetime.max.time(), tzinfo=tz)
        qs = qs.filter(submitted_at__lte=end)
    if filters.q:
        qs = qs.filter(Q(applicant_name__icontains=filters.q) | Q(reference__icontains=filters.q))
    return qs.order_by(*(ROW_SORTS if rows else SORTS)[filters.sort])


def paginate(qs: QuerySet, page: str | None, *, count: int | None = None) -> tuple[Page, str]:
    """One page of `qs`; a bad page number shows the first or last page with a note. Give
    `count` when the number of rows is known already."""
    paginator = Paginator(qs, PAGE_SIZE)
    if count is not None:
        paginator.count = count
    try:
        return paginator.page(page or 1), ""
    except PageNotAnInteger:
        return paginator.page(1), _("页码无效，已显示第一页。")
    except EmptyPage:
        return paginator.page(paginator.num_pages), _("页码超出范围，已显示最后一页。")


# --- the unit's queue ---------------------------------------------------------------------------


def _with_records(qs: QuerySet[Application]) -> QuerySet[Application]:
    # The lists and exports never read the filled-in form (JSON) or the call notice; at a
    # province's scale they are most of the bytes of a 2,000-row export.
    return (
        qs.select_related("category", "unit", "precheck", "paper_copy", "acceptance_review")
        .defer("data", "return_notes")
        .annotate(consultation_count=_consultation_count())
    )


def _consultation_count():
    """A correlated count: unlike a join with GROUP BY, PostgreSQL computes it only for the rows
    of the page, after sorting and LIMIT (150 ms → a few ms on a 2,000-row edition)."""
    counts = (
        Consultation.objects.filter(application=OuterRef("pk"))
        .order_by()
        .values("application")
        .annotate(n=Count("id"))
        .values("n")
    )
    return Coalesce(Subquery(counts, output_field=IntegerField()), 0)


def unit_applications(*, user: User, edition: Edition) -> QuerySet[Application]:
    """Everything filed with the user's unit in this edition; nothing of another unit."""
    return visible_applications(user).filter(edition=edition, unit_id=user.unit_id)


def unit_queue(*, user: User, edition: Edition, filters: ListFilters) -> QuerySet[Application]:
    return _with_records(_apply(unit_applications(user=user, edition=edition), filters))


def unit_rows(*, user: User, edition: Edition) -> QuerySet[ApplicationRow]:
    """The rows of `unit_applications` in the read model: what the unit's queue reads."""
    return visible_application_rows(user).filter(edition=edition, unit_id=user.unit_id)


def unit_queue_rows(
    *, user: User, edition: Edition, filters: ListFilters
) -> QuerySet[ApplicationRow]:
    return _apply(unit_rows(user=user, edition=edition), filters, rows=True)


def status_counts(qs: QuerySet, *, field: str = "status") -> list[dict]:
    """[{status, label, count}] over `qs` (before the status filter), in lifecycle order;
    `field` holds the status (`application_status` in the read model)."""
    counts = dict(qs.order_by().values_list(field).annotate(n=Count("pk")))
    return [
        {"status": value, "label": label, "count": counts[value]}
        for value, label in Status.choices
        if counts.get(value)
    ]


# --- the city office --------------------------------------------------------------------------


def office_applications(*, user: User, edition: Edition) -> QuerySet[Application]:
    return visible_applications(user).filter(edition=edition, status__in=OFFICE_STATUSES)


def office_list(*, user: User, edition: Edition, filters: ListFilters) -> QuerySet[Application]:
    return _with_records(_apply(office_applications(user=user, edition=edition), filters))


def office_rows(*, user: User, edition: Edition) -> QuerySet[ApplicationRow]:
    """The rows of `office_applications` in the read model: what the office's list reads."""
    return visible_application_rows(user).filter(
        edition=edition, application_status__in=OFFICE_STATUSES
    )


def office_list_rows(
    *, user: User, edition: Edition, filters: ListFilters
) -> QuerySet[ApplicationRow]:
    return _apply(office_rows(user=user, edition=edition), filters, rows=True)


def acceptance_list(*, edition: Edition) -> QuerySet[Application]:
    """The acceptance list (受理名单) in the order of the categories and units."""
    return (
        Application.objects.filter(edition=edition, status__in=PAST_ACCEPTANCE)
        .select_related("category", "unit", "acceptance_review")
        .order_by("category__order", "unit__order", "reference")
    )


def open_department_objections(*, application: Application) -> list[str]:
    """The departments whose objection, recorded when the city office consulted them, is not
    yet settled."""
    return list(
        Consultation.objects.filter(
            application=application,
            phase=Consultation.Phase.ACCEPTANCE,
            has_objection=True,
            resolved_at__isnull=True,
        ).values_list("department", flat=True)
    )


GAP_NAMES_SHOWN = 20


@dataclass(frozen=True)
class ConsultationGaps:
    """Accepted applications the acceptance list may not be publicized with yet: the first
    GAP_NAMES_SHOWN of each kind by reference, and how many there are."""

    unconsulted: list[Application]
    objected: list[Application]
    unconsulted_count: int = 0
    objected_count: int = 0

    def __bool__(self) -> bool:
        return bool(self.unconsulted_count or self.objected_count)

    def messages(self) -> list[str]:
        def names(rows, count):
            text = "、".join(f"{a.reference} {a.applicant_name}".strip() for a in rows)
            if count > len(rows):
                text += _("等%(count)s份") % {"count": count}
            return text

        problems = []
        if self.unconsulted_count:
            problems.append(
                _("以下已受理的申报尚未登记征求市级有关部门意见：%(names)s。")
                % {"names": names(self.unconsulted, self.unconsulted_count)}
            )
        if self.objected_count:
            problems.append(
                _("以下已受理的申报有市级有关部门的异议尚未登记处理情况：%(names)s。")
                % {"names": names(self.objected, self.objected_count)}
            )
        return problems


def consultation_gaps(*, edition: Edition) -> ConsultationGaps:
    """Notice §五(三): the office consults the city departments before the acceptance list is
    publicized. One query counts both kinds, one more for each kind there is reads its first
    names: the database does the work, whatever the number of accepted applications."""
    accepted = Application.objects.filter(edition=edition, status=Status.ACCEPTED)
    consultations = Consultation.objects.filter(
        application=OuterRef("pk"), phase=Consultation.Phase.ACCEPTANCE
    )
    not_consulted = ~Exists(consultations)
    unsettled = Exists(consultations.filter(has_objection=True, resolved_at__isnull=True))
    counts = accepted.aggregate(
        unconsulted=Count("pk", filter=not_consulted),
        objected=Count("pk", filter=unsettled),
    )

    def first(condition, count):
        if not count:
            return []
        return list(
            accepted.filter(condition)
            .only("pk", "reference", "applicant_name")
            .order_by("reference")[:GAP_NAMES_SHOWN]
        )

    return ConsultationGaps(
        unconsulted=first(not_consulted, counts["unconsulted"]),
        objected=first(unsettled, counts["objected"]),
        unconsulted_count=counts["unconsulted"],
        objected_count=counts["objected"],
    )


def acceptance_windows(*, edition: Edition) -> QuerySet[PublicityWindow]:
    return PublicityWindow.objects.filter(edition=edition, kind=WindowKind.ACCEPTANCE).order_by(
        "-created_at", "-id"
    )


# --- reference data -----------------------------------------------------------------------------

REFERENCE_KEY = "applications:reference-names:v1"
REFERENCE_SECONDS = 60


@dataclass(frozen=True)
class Named:
    pk: int
    name: str


def _reference_names() -> dict[str, tuple[Named, ...]]:
    """The categories and the active recommending units, in their order, as the filter bars and
    the overview name them. They change only in the admin, which forgets them at once (see
    applications.apps); other processes with a cache of their own see a change within a
    minute, as with the holiday calendar."""
    names = cache.get(REFERENCE_KEY)
    if names is None:
        names = {
            "categories": tuple(
                Named(pk, name)
                for pk, name in Category.objects.order_by("order", "id").values_list("pk", "name")
            ),
            "units": tuple(
                Named(pk, name)
                for pk, name in RecommendingUnit.objects.filter(is_active=True)
                .order_by("order", "id")
                .values_list("pk", "name")
            ),
        }
        cache.set(REFERENCE_KEY, names, REFERENCE_SECONDS)
    return names


def categories() -> tuple[Named, ...]:
    return _reference_names()["categories"]


def units() -> tuple[Named, ...]:
    """The active recommending units."""
    return _reference_names()["units"]


def forget_reference_names(**_signal) -> None:
    cache.delete(REFERENCE_KEY)


def extensions(*, edition: Edition) -> QuerySet[DeadlineExtension]:
    return DeadlineExtension.objects.filter(edition=edition).select_related("unit", "granted_by")


# --- the overview -------------------------------------------------------------------------------

# Pre-check progress, in the words of a unit: where each submitted application stands.
PROGRESS_GROUPS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("pending", (Status.SUBMITTED,)),
    ("returned", (Status.RETURNED,)),
    ("recommended", (Status.RECOMMENDED,)),
    ("not_recommended", (Status.NOT_RECOMMENDED,)),
    ("accepted", PAST_ACCEPTANCE),
    ("not_accepted", (Status.NOT_ACCEPTED,)),
    ("withdrawn", (Status.WITHDRAWN,)),
)


def progress_labels() -> dict[str, str]:
    return {
        "pending": _("待初核"),
        "returned": _("退回修改"),
        "recommended": _("已推荐待受理"),
        "not_recommended": _("未获推荐"),
        "accepted": _("已受理"),
        "not_accepted": _("不予受理"),
        "withdrawn": _("已撤回"),
    }


@dataclass
class Overview:
    units: list[dict]
    categories: list[dict]
    statuses: list[dict]
    progress: list[dict]
    total: int

    def chart_data(self) -> dict:
        """What static/js/charts.js draws: plain lists, no markup."""
        return {
            "units": {
                "labels": [row["name"] for row in self.units],
                "values": [row["total"] for row in self.units],
                "title": _("各推荐单位申报数"),
            },
            "categories": {
                "labels": [row["name"] for row in self.categories],
                "values": [row["total"] for row in self.categories],
                "title": _("各类别申报数"),
            },
            "progress": {
                "labels": [row["label"] for row in self.progress],
                "values": [row["count"] for row in self.progress],
                "title": _("初核推荐进度"),
            },
        }


def overview(*, edition: Edition) -> Overview:
    """Counts of every application that was submitted in the edition, by unit, category and
    status, in three queries whatever the number of applications. The counts are read off the
    lists' narrow rows (kept with every move), not the applications with their forms."""
    submitted = ApplicationRow.objects.filter(edition=edition, submitted_at__isnull=False)
    rows = list(
        submitted.order_by()
        .values_list("unit_id", "category_id", "application_status")
        .annotate(n=Count("*"))
    )
    by_unit: Counter = Counter()
    by_unit_status: Counter = Counter()
    by_category: Counter = Counter()
    by_status: Counter = Counter()
    for unit_id, category_id, status, n in rows:
        by_unit[unit_id] += n
        by_unit_status[(unit_id, status)] += n
        by_category[category_id] += n
        by_status[status] += n
    group_of = {s: key for key, statuses in PROGRESS_GROUPS for s in statuses}
    unit_rows = []
    for unit in units():
        progress = Counter()
        for (unit_id, status), n in by_unit_status.items():
            if unit_id == unit.pk and status in group_of:
                progress[group_of[status]] += n
        unit_rows.append(
            {
                "id": unit.pk,
                "name": unit.name,
                "total": by_unit[unit.pk],
                **{key: progress[key] for key, _statuses in PROGRESS_GROUPS},
            }
        )
    category_rows = [{"id": c.pk, "name": c.name, "total": by_category[c.pk]} for c in categories()]
    labels = progress_labels()
    progress_rows = []
    for key, statuses in PROGRESS_GROUPS:
        count = sum(by_status[s] for s in statuses)
        progress_rows.append({"key": key, "label": labels[key], "count": count})
    status_rows = [
        {"status": value, "label": label, "count": by_status[value]}
        for value, label in Status.choices
        if by_status.get(value)
    ]
    return Overview(
        units=unit_rows,
        categories=category_rows,
        statuses=status_rows,
        progress=progress_rows,
        total=sum(by_status.values()),
    )
