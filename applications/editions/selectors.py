"""Reads of editions: the previous edition a new one starts from, the state of the call, the
working-day warnings of an edition's dates and the public archive."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from applications.models import (
    Application,
    Category,
    Edition,
    RecommendingUnit,
    Stage,
    Status,
)

# The eight stages an edition plans a closing date for (表扬授奖 last; "closed" is not planned).
PLANNED_STAGES: tuple[str, ...] = tuple(s for s in Stage.values if s != Stage.CLOSED)

CHINESE_DIGITS = "零一二三四五六七八九"


# The edition's own fields the form edits (the stage plan and review settings aside).
EDITION_FIELDS = (
    "number",
    "name",
    "period_label",
    "notice_title",
    "notice_text",
    "notice_date",
    "applications_open",
    "recommendation_deadline",
    "organization_quota",
    "individual_quota",
    "quota_may_stay_vacant",
    "organization_rubric",
    "team_rubric",
    "individual_rubric",
    "self_assessment_limit",
    "team_includes_qc",
)


def chinese_number(n: int) -> str:
    """1 → 一, 10 → 十, 14 → 十四, 23 → 二十三 (the numbers editions are counted in)."""
    if n < 10:
        return CHINESE_DIGITS[n]
    if n < 20:
        return "十" + (CHINESE_DIGITS[n % 10] if n % 10 else "")
    if n < 100:
        tens, ones = divmod(n, 10)
        return CHINESE_DIGITS[tens] + "十" + (CHINESE_DIGITS[ones] if ones else "")
    return str(n)


def _shift_years(day: date | None, years: int) -> date | None:
    if day is None:
        return None
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February in a common year
        return day.replace(year=day.year + years, day=28)


def _renumber(text: str, old: int, new: int, years: int) -> str:
    text = text.replace(f"第{chinese_number(old)}届", f"第{chinese_number(new)}届")
    if years:
        text = re.sub(r"(?<!\d)(19|20)(\d\d)(?=\s*[—\-－–]|\s*年)", _year_adder(years), text)
    return text


def _year_adder(years: int):
    def add(match: re.Match) -> str:
        return str(int(match.group(0)) + years)

    return add


def newest_edition() -> Edition | None:
    """The edition a new one is prefilled from: the newest by number, drafts included (the
    demo's stage editions are not part of the count)."""
    return Edition.objects.filter(is_demo=False).order_by("-number").first()


def initial_for_new_edition(previous: Edition | None, *, today: date) -> dict:
    """The new edition's form, prefilled from `previous`: the next number and name, its dates
    moved on by whole years to the coming call, the same quotas, categories, units, rubrics and
    review settings. The office checks and corrects every value before saving."""
    from review.models import ReviewSettings
    from review.rubrics.services import current_rubric

    if previous is None:
        return {
            "number": 1,
            "name": _("第一届市政府质量奖"),
            "period_label": _("%(a)d—%(b)d年度") % {"a": today.year, "b": today.year + 1},
            "notice_date": today,
            "categories": list(Category.objects.values_list("pk", flat=True)),
            "units": list(
                RecommendingUnit.objects.filter(is_active=True).values_list("pk", flat=True)
            ),
            **_review_initial(ReviewSettings()),
            "organization_rubric": current_rubric("organization"),
            "team_rubric": current_rubric("team"),
            "individual_rubric": current_rubric("individual"),
            "self_assessment_limit": 50000,
            "team_includes_qc": True,
            "quota_may_stay_vacant": True,
            "organization_quota": 3,
            "individual_quota": 5,
        }
    base = previous.notice_date or previous.applications_open
    years = max(today.year - base.year, 0)
    if _shift_years(base, years) < today:
        years += 1
    number = previous.number + 1
    initial = {
        "number": number,
        "name": _renumber(previous.name, previous.number, number, 0),
        "period_label": _renumber(previous.period_label, previous.number, number, years),
        "notice_title": _renumber(previous.notice_title, previous.number, number, 0),
        "notice_text": _renumber(previous.notice_text, previous.number, number, years),
        "notice_date": _shift_years(previous.notice_date, years),
        "applications_open": _shift_years(previous.applications_open, years),
        "recommendation_deadline": _shift_years(previous.recommendation_deadline, years),
        "organization_quota": previous.organization_quota,
        "individual_quota": previous.individual_quota,
        "quota_may_stay_vacant": previous.quota_may_stay_vacant,
        "categories": list(offered_categories(previous).values_list("pk", flat=True)),
        "units": list(offered_units(previous).values_list("pk", flat=True)),
        "organization_rubric": previous.organization_rubric or current_rubric("organization"),
        "team_rubric": previous.team_rubric or current_rubric("team"),
        "individual_rubric": previous.individual_rubric or current_rubric("individual"),
        "self_assessment_limit": previous.self_assessment_limit,
        "team_includes_qc": previous.team_includes_qc,
    }
    for stage in PLANNED_STAGES:
        initial[f"plan_{stage}"] = _shift_years(previous.planned_end(stage), years)
    try:
        settings_obj = previous.review_settings
    except ReviewSettings.DoesNotExist:
        settings_obj = ReviewSettings()
    initial.update(_review_initial(settings_obj))
    return initial


def initial_for_draft(edition: Edition) -> dict:
    """The draft's own values, its defaults already confirmed when it was saved."""
    from review.models import ReviewSettings

    initial = {name: getattr(edition, name) for name in EDITION_FIELDS}
    initial["categories"] = list(offered_categories(edition).values_list("pk", flat=True))
    initial["units"] = list(offered_units(edition).values_list("pk", flat=True))
    for stage in PLANNED_STAGES:
        initial[f"plan_{stage}"] = edition.planned_end(stage)
    try:
        settings_obj = edition.review_settings
    except ReviewSettings.DoesNotExist:
        settings_obj = ReviewSettings()
    initial.update(_review_initial(settings_obj))
    initial.update({f"confirm_{name}": True for name in DEFAULT_GROUPS})
    return initial


def _review_initial(settings_obj) -> dict:
    return {name: getattr(settings_obj, name) for name in REVIEW_FIELDS}


REVIEW_FIELDS = (
    "material_weight_organization",
    "onsite_weight_organization",
    "defense_weight_organization",
    "material_weight_individual",
    "onsite_weight_individual",
    "minimum_composite",
)

# Settings the call notice does not state: the office confirms each, or changes it.
DEFAULT_GROUPS: dict[str, tuple[str, ...]] = {
    "minimum_composite": ("minimum_composite",),
    "weights_organization": (
        "material_weight_organization",
        "onsite_weight_organization",
        "defense_weight_organization",
    ),
    "weights_individual": ("material_weight_individual", "onsite_weight_individual"),
    "self_assessment_limit": ("self_assessment_limit",),
    "team_includes_qc": ("team_includes_qc",),
}


# --- what an edition offers -----------------------------------------------------------------


def offered_categories(edition: Edition | None) -> QuerySet[Category]:
    """The categories the edition's call offers; all of them when it recorded none."""
    categories = Category.objects.order_by("order", "id")
    if getattr(edition, "pk", None) is None:
        return categories
    through = Edition.categories.through.objects.filter(edition_id=edition.pk)
    return categories.filter(Exists(through.filter(category_id=OuterRef("pk"))) | ~Exists(through))


def offered_units(edition: Edition | None) -> QuerySet[RecommendingUnit]:
    """The recommending units taking part; all active units when the edition recorded none."""
    units = RecommendingUnit.objects.order_by("order", "id")
    if getattr(edition, "pk", None) is None:
        return units.filter(is_active=True)
    through = Edition.units.through.objects.filter(edition_id=edition.pk)
    return units.filter(
        Exists(through.filter(recommendingunit_id=OuterRef("pk")))
        | (Q(is_active=True) & ~Exists(through))
    )


# --- the call -------------------------------------------------------------------------------


@dataclass(frozen=True)
class CallState:
    """Whether an applicant may start an application in the edition now, and what to say."""

    is_open: bool
    opens_on: date
    closes_on: date
    message: str


def call_state(edition: Edition, *, today: date | None = None) -> CallState:
    today = today or timezone.localdate()
    closes_on = edition.submission_deadline
    if edition.stage != Stage.APPLICATION:
        message = _("本届评选已进入“%(stage)s”阶段，申报已截止，不再受理新的申报。") % {
            "stage": Stage(edition.stage).label
        }
        return CallState(False, edition.applications_open, closes_on, message)
    if today > closes_on:
        message = _("本届申报已于%(date)s截止，不再受理新的申报。") % {
            "date": date_format(closes_on)
        }
        return CallState(False, edition.applications_open, closes_on, message)
    if today < edition.applications_open:
        message = _("申报将于%(open)s开始受理提交，截止日期为%(close)s；现在即可开始填写。") % {
            "open": date_format(edition.applications_open),
            "close": date_format(closes_on),
        }
    else:
        message = _("正在受理申报，截止日期为%(date)s。") % {"date": date_format(closes_on)}
    return CallState(True, edition.applications_open, closes_on, message)


# --- the dates' working-day check -------------------------------------------------------------


def date_warnings(dates: list[tuple[str, date | None]]) -> list[str]:
    """Warnings for deadlines and planned dates that fall on a holiday or a weekend, and for
    years whose holiday schedule is not entered yet. They are shown, never enforced."""
    from publicity.calendar import CalendarDataMissing, is_workday

    warnings: list[str] = []
    missing_years: set[int] = set()
    for label, day in dates:
        if day is None:
            continue
        try:
            if not is_workday(day):
                warnings.append(
                    _("%(label)s（%(date)s）是法定节假日或周末，请确认是否改为工作日。")
                    % {"label": label, "date": day.strftime("%Y-%m-%d")}
                )
        except CalendarDataMissing as exc:
            if exc.year not in missing_years:
                missing_years.add(exc.year)
                warnings.append(exc.message)
    return warnings


def checked_dates(edition: Edition) -> list[tuple[str, date | None]]:
    """The edition's dates people must act by: the recommendation deadline and each stage's
    planned closing date."""
    rows: list[tuple[str, date | None]] = [(_("推荐截止日期"), edition.recommendation_deadline)]
    for stage in PLANNED_STAGES:
        rows.append(
            (
                _("“%(stage)s”计划完成日期") % {"stage": Stage(stage).label},
                edition.planned_end(stage),
            )
        )
    return rows


def edition_warnings(edition: Edition) -> list[str]:
    return date_warnings(checked_dates(edition))


def publication_warnings(edition: Edition) -> list[str]:
    """What the office should know before publishing: the edition that stops being current."""
    current = Edition.current()
    if current is None or current.pk == edition.pk or current.stage == Stage.CLOSED:
        return []
    return [
        _(
            "%(name)s目前处于“%(stage)s”阶段，尚未结束。发布后它将不再是当前届次，"
            "各工作页面将转为处理新一届。"
        )
        % {"name": current.name, "stage": Stage(current.stage).label}
    ]


# --- the office's list and the public archive -----------------------------------------------


def editions_for_office() -> QuerySet[Edition]:
    return Edition.objects.select_related("published_by").order_by("-number")


def edition_trail(edition: Edition) -> list:
    """Who created, changed and published the edition, oldest first."""
    return list(edition.history.select_related("history_user").order_by("history_date", "pk"))


def past_editions() -> QuerySet[Edition]:
    """Published editions, newest first, each with its public lists, winners and
    commendation decision: one query per kind of row, whatever the number of editions."""
    from publicity.models import PublicityWindow

    windows = (
        PublicityWindow.objects.exclude(status=PublicityWindow.Status.DRAFT)
        .only("pk", "edition_id", "title", "kind", "status", "start_date", "end_date")
        .order_by("start_date", "id")
    )
    winners = (
        Application.objects.filter(status__in=[Status.AWARDED, Status.REVOKED])
        .select_related("category")
        .only(
            "pk",
            "edition_id",
            "applicant_name",
            "status",
            "category__name",
            "category__kind",
            "category__order",
        )
        .order_by("category__kind", "category__order", "applicant_name")
    )
    return (
        Edition.objects.filter(is_draft=False, is_demo=False)
        .select_related("commendation")
        .defer("notice_text", "commendation__body")
        .prefetch_related(
            Prefetch("publicity_windows", queryset=windows, to_attr="public_windows"),
            Prefetch("applications", queryset=winners, to_attr="winners"),
        )
        .order_by("-number")
    )
