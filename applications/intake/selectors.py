"""Reads of stage 1 that several pages share: completeness, publicity, the dashboard."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.db.models import Prefetch, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from applications.intake.forms import as_form_data, form_class_for
from applications.intake.forms.base import unit_choice_groups
from applications.models import (
    Application,
    ApplicationEvent,
    Edition,
    Material,
    MaterialKind,
    RecommendingUnit,
    Status,
)
from applications.progress import ApplicationProgress, application_progress
from award_portal.accounts.models import User
from award_portal.workflow.engine import status_allows

REQUIRED_MATERIALS = (
    MaterialKind.SELF_ASSESSMENT,
    MaterialKind.EVIDENCE,
    MaterialKind.PUBLICITY_PROOF,
    MaterialKind.RECOMMENDATION,
)
SINGLE_MATERIALS = frozenset(
    {
        MaterialKind.SELF_ASSESSMENT,
        MaterialKind.PUBLICITY_PROOF,
        MaterialKind.RECOMMENDATION,
        MaterialKind.SIGNED_FORM,
    }
)


# --- locality (属地) ----------------------------------------------------------------------------


def credit_code_division(code: str) -> str:
    """The administrative division of the registering authority: characters 3-8 of a
    统一社会信用代码 (GB 32100), or "" when the code does not carry one."""
    code = (code or "").strip().upper()
    division = code[2:8]
    return division if len(code) == 18 and division.isdigit() else ""


def division_label(division: str) -> str:
    unit = (
        RecommendingUnit.objects.filter(kind=RecommendingUnit.Kind.COUNTY, division_code=division)
        .only("name")
        .first()
    )
    if unit is not None:
        return _("%(name)s（%(code)s）") % {"name": unit.name, "code": division}
    if division.endswith("00"):
        return _("市级或以上登记机关（%(code)s）") % {"code": division}
    return division


def locality_warning(application: Application) -> str:
    """A reminder, never a refusal, when an organization files with a county office that is
    not where its 统一社会信用代码 says it was registered. The unit decides whether the
    organization belongs to it (a company registered by the city may well be in 东区).

    A county's code must match exactly; a city-level code (5104xx ending in "00") or another
    county's code does not. City-level departments take applications from the whole city and
    are not checked."""
    unit = application.unit
    if (
        unit is None
        or unit.kind != RecommendingUnit.Kind.COUNTY
        or len(unit.division_code or "") != 6
        or not application.is_organization
    ):
        return ""
    division = credit_code_division(application.identifier)
    if not division or division == unit.division_code:
        return ""
    return _(
        "属地提示：统一社会信用代码第3至8位显示该组织的登记机关所在地为%(division)s，"
        "与所选推荐渠道%(unit)s（%(code)s）不一致。请确认该组织属于%(unit)s；"
        "由推荐单位初核时确认，不影响提交。"
    ) % {"division": division_label(division), "unit": unit.name, "code": unit.division_code}


# --- internal publicity and working days ----------------------------------------------------


@dataclass(frozen=True)
class Deadline:
    label: str
    day: date
    workdays_left: int | None  # None: passed, or the calendar does not know the year
    note: str = ""


def deadline(label: str, day: date, today: date | None = None) -> Deadline:
    from publicity.calendar import CalendarDataMissing, workdays_between

    today = today or timezone.localdate()
    if day < today:
        return Deadline(label, day, None, _("已过"))
    try:
        return Deadline(label, day, workdays_between(today, day))
    except CalendarDataMissing as exc:
        return Deadline(label, day, None, exc.message)


def edition_deadlines(edition: Edition, today: date | None = None) -> list[Deadline]:
    today = today or timezone.localdate()
    rows = []
    if edition.applications_open > today:
        rows.append(deadline(_("开始受理申报"), edition.applications_open, today))
    if edition.submission_deadline != edition.recommendation_deadline:
        rows.append(deadline(_("申报截止"), edition.submission_deadline, today))
    rows.append(deadline(_("推荐单位报送截止"), edition.recommendation_deadline, today))
    return rows


# --- completeness -----------------------------------------------------------------------------


@dataclass(frozen=True)
class MissingItem:
    label: str
    message: str
    anchor: str


@dataclass
class Completeness:
    missing: list[MissingItem] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def is_complete(self) -> bool:
        return not self.missing

    def summary(self, limit: int = 5) -> str:
        items = [
            _("%(label)s：%(error)s") % {"label": item.label, "error": item.message}
            for item in self.missing[:limit]
        ]
        more = len(self.missing) - limit
        text = _("申报尚不完整，还有%(n)d项需要补充或修改：") % {"n": len(self.missing)}
        text += "；".join(items)
        if more > 0:
            text += _("……等（共%(n)d项）") % {"n": len(self.missing)}
        return text + "。"


def strict_form(application: Application, *, unit_choices=None):
    form_class = form_class_for(application.category)
    return form_class(
        data=as_form_data(application.data),
        edition=application.edition,
        strict=True,
        unit_choices=unit_choices,
    )


def materials_of(application: Application) -> list[Material]:
    cache = getattr(application, "_prefetched_objects_cache", {})
    if "materials" in cache:
        return list(application.materials.all())
    return list(application.materials.order_by("kind", "id"))


def completeness(application: Application, *, unit_choices=None) -> Completeness:
    """What the application still lacks before it can be submitted, with links to it."""
    result = Completeness()
    form = strict_form(application, unit_choices=unit_choices)
    if not form.is_valid():
        for name, errors in form.errors.items():
            if name == "__all__":
                for error in errors:
                    result.missing.append(MissingItem(_("申报表"), error, "#application-form"))
                continue
            field_ = form.fields[name]
            result.missing.append(MissingItem(str(field_.label), str(errors[0]), f"#div_id_{name}"))
    materials = materials_of(application)
    kinds = {material.kind for material in materials}
    for kind in REQUIRED_MATERIALS:
        if kind not in kinds:
            result.missing.append(
                MissingItem(
                    MaterialKind(kind).label, _("请上传。"), f"#material-{kind.replace('_', '-')}"
                )
            )
    limit = application.edition.self_assessment_limit
    for material in materials:
        if material.kind == MaterialKind.SELF_ASSESSMENT and (material.text_length or 0) > limit:
            result.warnings.append(
                _("自我评价报告约%(n)s字，超过本届%(limit)s字的上限，请精简。")
                % {"n": f"{material.text_length:,}", "limit": f"{limit:,}"}
            )
    return result


# --- reading an application -----------------------------------------------------------------


def latest_return(application: Application) -> ApplicationEvent | None:
    return (
        application.events.filter(move="return").order_by("-at", "-id").first()
        if application.status == Status.RETURNED
        else None
    )


def is_editable(application: Application) -> bool:
    """Whether the application's status lets its form and materials change (the lifecycle's
    "edit" act)."""
    return status_allows(application, "edit")


def material_total_bytes(application: Application) -> int:
    return sum(material.size for material in materials_of(application))


# --- the applicant's dashboard -----------------------------------------------------------------


@dataclass
class DashboardRow:
    application: Application
    next_step: str
    missing: int
    deadlines: list[Deadline]
    progress: ApplicationProgress


def applicant_applications(user: User) -> QuerySet[Application]:
    # Owned or shared: a union of two index lookups, where an OR across the join with the
    # collaborators would read every application of every edition.
    owned = Application.objects.filter(owner=user).order_by().values("pk")
    shared = (
        Application.collaborators.through.objects.filter(user=user)
        .order_by()
        .values("application_id")
    )
    return (
        Application.objects.filter(pk__in=owned.union(shared))
        .select_related("edition", "category", "unit", "owner")
        .prefetch_related(Prefetch("materials", queryset=Material.objects.order_by("kind", "id")))
        .order_by("-created_at")
    )


def next_step(application: Application, missing: int, today: date) -> str:
    status = application.status
    if status == Status.DRAFT:
        if application.edition.applications_open > today:
            return _("继续填写申报表；%(date)s起可以提交。") % {
                "date": application.edition.applications_open.strftime("%Y-%m-%d")
            }
        if missing:
            return _("继续填写：还有%(n)d项需要补充或修改。") % {"n": missing}
        return _("已填写完整，可以提交申报。")
    if status == Status.RETURNED:
        return _("推荐单位已退回，请按意见修改后重新提交。")
    if status == Status.SUBMITTED:
        return _("已提交，等待%(unit)s初核推荐；请按要求报送纸质材料1份。") % {
            "unit": application.unit.name if application.unit else _("推荐单位")
        }
    if status == Status.RECOMMENDED:
        return _("已获推荐，等待市质量强市办审查受理。")
    return Status(status).label


def dashboard_rows(user: User) -> list[DashboardRow]:
    today = timezone.localdate()
    applications = list(applicant_applications(user))
    unit_choices: dict[int, list] = {}
    deadlines_by_edition: dict[int, list[Deadline]] = {}
    rows = []
    for application in applications:
        missing = 0
        if is_editable(application):
            if application.edition_id not in unit_choices:
                unit_choices[application.edition_id] = unit_choice_groups(application.edition)
            choices = unit_choices[application.edition_id]
            missing = len(completeness(application, unit_choices=choices).missing)
        if application.edition_id not in deadlines_by_edition:
            deadlines_by_edition[application.edition_id] = edition_deadlines(
                application.edition, today
            )
        rows.append(
            DashboardRow(
                application=application,
                next_step=next_step(application, missing, today),
                missing=missing,
                deadlines=deadlines_by_edition[application.edition_id],
                progress=application_progress(application),
            )
        )
    return rows
