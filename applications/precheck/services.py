"""Every write of stages 2 and 3 (初核推荐, 审查受理).

A recommending unit records its pre-check of an application (the four checks with remarks,
the departments it consulted, the receipt of the paper copy) and then recommends it, returns
it for correction or does not recommend it. The city office extends a unit's deadline,
re-checks what was recommended, accepts it or not, and publicizes the acceptance list.

Each function is one atomic step and raises `PrecheckError` (a Chinese message) when it may
not be taken. Status moves go through `applications.lifecycle.transition` only; its
`TransitionError` passes through unchanged.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from applications import lifecycle
from applications.intake.services import set_return_notes
from applications.models import (
    AcceptanceReview,
    Application,
    ApplicationEvent,
    Consultation,
    DeadlineExtension,
    Edition,
    MaterialKind,
    PaperCopyReceipt,
    PrecheckReview,
    RecommendingUnit,
    Stage,
    Status,
)
from applications.precheck import selectors
from applications.readmodel import refresh_unit_deadline
from award_portal import access
from award_portal.accounts.models import User
from award_portal.actions import Refusal
from award_portal.workflow.engine import check, project, refusal

logger = logging.getLogger(__name__)


class PrecheckError(Refusal):
    """A step that may not be taken; `message` says why, in Chinese."""


# --- who may write --------------------------------------------------------------------------


def _ensure_unit_officer(application: Application, actor: User) -> None:
    if not access.may(actor, access.ACT_ON, access.RECOMMENDATION, application):
        raise PrecheckError(_("只有该申报的推荐单位经办人可以进行初核。"))


def _ensure_office(actor: User) -> None:
    if not access.may(actor, access.MANAGE, access.ACCEPTANCE):
        raise PrecheckError(_("只有市质量强市办可以执行该操作。"))


def _locked(application: Application) -> Application:
    return (
        Application.objects.select_for_update(of=("self",))
        .select_related("edition", "unit", "category")
        .get(pk=application.pk)
    )


def _ensure_allowed(application: Application, act: str, actor: User) -> None:
    """The application's status allows the act (see applications.lifecycle.acts)."""
    try:
        check(application, act, actor)
    except lifecycle.TransitionError as refusal:
        raise PrecheckError(refusal.message) from None


def _checked(actor: User, checks: Mapping[str, tuple[bool, str, str]]) -> dict[str, object]:
    """The fields of a review of named checks, each given as (passed, note, message):
    `<name>_ok`, `<name>_note`, who checked and when. A check that fails needs a note saying
    what is wrong; without one the step is refused with the check's message."""
    fields: dict[str, object] = {"checked_by": actor, "checked_at": timezone.now()}
    for name, (passed, note, message) in checks.items():
        note = note.strip()
        if not passed and not note:
            raise PrecheckError(message)
        fields[f"{name}_ok"] = passed
        fields[f"{name}_note"] = note
    return fields


# --- the pre-check --------------------------------------------------------------------------


@transaction.atomic
def record_precheck(
    *,
    application: Application,
    actor: User,
    completeness_ok: bool,
    authenticity_ok: bool,
    accuracy_ok: bool,
    legality_ok: bool,
    completeness_note: str = "",
    authenticity_note: str = "",
    accuracy_note: str = "",
    legality_note: str = "",
) -> PrecheckReview:
    """Save the four checks of the pre-check with their remarks. A check that fails needs a
    remark saying what is wrong."""
    locked = _locked(application)
    _ensure_unit_officer(locked, actor)
    _ensure_allowed(locked, "record_precheck", actor)
    failed = _("“%(check)s”未通过核查，请说明存在的问题。")
    checks = {
        "completeness": (completeness_ok, completeness_note, failed % {"check": _("完整性")}),
        "authenticity": (authenticity_ok, authenticity_note, failed % {"check": _("真实性")}),
        "accuracy": (accuracy_ok, accuracy_note, failed % {"check": _("准确性")}),
        "legality": (legality_ok, legality_note, failed % {"check": _("合法性")}),
    }
    review, _created = PrecheckReview.objects.update_or_create(
        application=locked, defaults=_checked(actor, checks)
    )
    project(locked)
    return review


def _consultation(
    locked: Application,
    phase: str,
    actor: User,
    *,
    department: str,
    consulted_on: date,
    answer: str,
    has_objection: bool,
) -> Consultation:
    """The record of one consulted department and its answer, in the unit's or the office's
    phase."""
    department, answer = department.strip(), answer.strip()
    if not department:
        raise PrecheckError(_("请填写征求意见的部门。"))
    if not answer:
        raise PrecheckError(_("请填写该部门的意见。"))
    if consulted_on > timezone.localdate():
        raise PrecheckError(_("征求意见日期不能晚于今天。"))
    consultation = Consultation.objects.create(
        application=locked,
        phase=phase,
        department=department,
        consulted_on=consulted_on,
        answer=answer,
        has_objection=has_objection,
        recorded_by=actor,
    )
    project(locked)  # the lists show how many departments were consulted
    return consultation


@transaction.atomic
def add_unit_consultation(*, application: Application, actor: User, **answer) -> Consultation:
    """Record a department the unit consulted (征求县(区)有关部门意见) and its answer
    (`department`, `consulted_on`, `answer`, `has_objection`)."""
    locked = _locked(application)
    _ensure_unit_officer(locked, actor)
    _ensure_allowed(locked, "record_precheck", actor)
    return _consultation(locked, Consultation.Phase.PRECHECK, actor, **answer)


@transaction.atomic
def record_paper_copy(
    *,
    application: Application,
    actor: User,
    received_on: date,
    copies: int = 1,
    note: str = "",
) -> PaperCopyReceipt:
    """Record that the bound paper copy (纸质材料1份) has been received."""
    locked = _locked(application)
    _ensure_unit_officer(locked, actor)
    _ensure_allowed(locked, "record_precheck", actor)
    if received_on > timezone.localdate():
        raise PrecheckError(_("接收日期不能晚于今天。"))
    if copies < 1:
        raise PrecheckError(_("份数至少为1。"))
    receipt, _created = PaperCopyReceipt.objects.update_or_create(
        application=locked,
        defaults={
            "received_on": received_on,
            "copies": copies,
            "note": note.strip(),
            "received_by": actor,
        },
    )
    project(locked)
    return receipt


# --- the unit's decision --------------------------------------------------------------------


def recommend(
    *, application: Application, actor: User, opinion: str, ip: str | None = None
) -> ApplicationEvent:
    """Recommend the application to the city office with the unit's opinion: the lifecycle's
    `recommend` move, whose reason is the opinion and whose effect keeps it with the pre-check
    for the recommendation letter (see applications.precheck.guards.keep_unit_opinion)."""
    return lifecycle.transition(
        application=application,
        to=Status.RECOMMENDED,
        actor=actor,
        reason=opinion,
        ip=ip,
    )


@dataclass
class BulkResult:
    done: list[Application] = field(default_factory=list)
    refused: list[tuple[Application, str]] = field(default_factory=list)


def recommend_many(
    *,
    applications: Iterable[Application],
    actor: User,
    opinion: str,
    ip: str | None = None,
) -> BulkResult:
    """Recommend several applications with one opinion; each is its own atomic move, and a
    refused one does not hold the others back."""
    result = BulkResult()
    for application in applications:
        try:
            recommend(application=application, actor=actor, opinion=opinion, ip=ip)
        except lifecycle.TransitionError as exc:
            result.refused.append((application, exc.message))
        else:
            result.done.append(application)
    return result


MATERIAL_PREFIX = "material:"


def return_item_label(key: str, field_labels: Mapping[str, str]) -> str:
    if key.startswith(MATERIAL_PREFIX):
        kind = key.removeprefix(MATERIAL_PREFIX)
        return str(MaterialKind(kind).label) if kind in MaterialKind.values else kind
    return str(field_labels.get(key, key))


def return_for_correction(
    *,
    application: Application,
    actor: User,
    reason: str,
    notes: Mapping[str, str] | None = None,
    field_labels: Mapping[str, str] | None = None,
    ip: str | None = None,
) -> ApplicationEvent:
    """Return the application to the applicant for correction. `notes` holds what is wrong
    per form field (by field name) or per material ("material:<kind>"); the applicant's form
    shows each field's note at its field, and the reason sent to the applicant lists them all."""
    labels = field_labels or {}
    notes = {key: note.strip() for key, note in (notes or {}).items() if note and note.strip()}
    reason = reason.strip()
    if notes:
        lines = [f"{return_item_label(key, labels)}：{note}" for key, note in notes.items()]
        reason = "\n".join([reason, *lines]) if reason else "\n".join(lines)
    with transaction.atomic():
        event = lifecycle.transition(
            application=application, to=Status.RETURNED, actor=actor, reason=reason, ip=ip
        )
        # The form shows the per-field notes at their fields; notes on materials live in the
        # reason the applicant reads with the return.
        set_return_notes(application=application, actor=actor, notes=notes)
    return event


def not_recommend(
    *, application: Application, actor: User, reason: str, ip: str | None = None
) -> ApplicationEvent:
    return lifecycle.transition(
        application=application, to=Status.NOT_RECOMMENDED, actor=actor, reason=reason, ip=ip
    )


# --- the deadline ---------------------------------------------------------------------------


@transaction.atomic
def extend_deadline(
    *,
    edition: Edition,
    unit: RecommendingUnit,
    until: date,
    reason: str,
    actor: User,
) -> DeadlineExtension:
    """Extend the recommendation deadline of one unit; the record keeps who, when and why."""
    _ensure_office(actor)
    reason = reason.strip()
    if not reason:
        raise PrecheckError(_("请填写延期理由。"))
    if until <= edition.recommendation_deadline:
        raise PrecheckError(
            _("延长后的日期须晚于本届推荐截止日期（%(date)s）。")
            % {"date": edition.recommendation_deadline.strftime("%Y-%m-%d")}
        )
    extension, _created = DeadlineExtension.objects.update_or_create(
        edition=edition,
        unit=unit,
        defaults={
            "extended_until": until,
            "reason": reason,
            "granted_by": actor,
            "granted_at": timezone.now(),
        },
    )
    refresh_unit_deadline(edition=edition, unit=unit)
    return extension


# --- acceptance by the city office ----------------------------------------------------------


@transaction.atomic
def record_acceptance_check(
    *,
    application: Application,
    actor: User,
    qualification_ok: bool,
    materials_ok: bool,
    qualification_note: str = "",
    materials_note: str = "",
) -> AcceptanceReview:
    """Save the office's re-check of the applicant's eligibility and of the materials."""
    _ensure_office(actor)
    locked = _locked(application)
    _ensure_allowed(locked, "check_acceptance", actor)
    checks = {
        "qualification": (qualification_ok, qualification_note, _("资格复核未通过，请说明理由。")),
        "materials": (materials_ok, materials_note, _("资料复核未通过，请说明理由。")),
    }
    review, _created = AcceptanceReview.objects.update_or_create(
        application=locked, defaults=_checked(actor, checks)
    )
    project(locked)
    return review


@transaction.atomic
def add_office_consultation(*, application: Application, actor: User, **answer) -> Consultation:
    """Record a city-level department the office consulted (征求市级有关部门意见) and its
    answer (`department`, `consulted_on`, `answer`, `has_objection`)."""
    _ensure_office(actor)
    locked = _locked(application)
    _ensure_allowed(locked, "consult_departments", actor)
    return _consultation(locked, Consultation.Phase.ACCEPTANCE, actor, **answer)


@transaction.atomic
def resolve_department_objection(
    *, consultation: Consultation, actor: User, resolution: str
) -> Consultation:
    """Record how the office settled a city department's objection (异议处理情况); the
    objection then no longer holds the acceptance back. The record keeps who and when."""
    _ensure_office(actor)
    resolution = resolution.strip()
    if not resolution:
        raise PrecheckError(_("请填写异议的处理情况。"))
    locked_application = _locked(consultation.application)
    locked = Consultation.objects.select_for_update().get(pk=consultation.pk)
    if locked.phase != Consultation.Phase.ACCEPTANCE or not locked.has_objection:
        raise PrecheckError(_("只有市级有关部门在受理环节提出的异议需要登记处理情况。"))
    if locked.resolved_at is not None:
        raise PrecheckError(
            _("%(department)s的异议已于%(at)s登记处理情况，无需重复登记。")
            % {
                "department": locked.department,
                "at": timezone.localtime(locked.resolved_at).strftime("%Y-%m-%d %H:%M"),
            }
        )
    _ensure_allowed(locked_application, "resolve_department_objection", actor)
    locked.resolution = resolution
    locked.resolved_by = actor
    locked.resolved_at = timezone.now()
    locked.save(update_fields=["resolution", "resolved_by", "resolved_at"])
    return locked


def accept(
    *, application: Application, actor: User, note: str = "", ip: str | None = None
) -> ApplicationEvent:
    return lifecycle.transition(
        application=application, to=Status.ACCEPTED, actor=actor, reason=note, ip=ip
    )


def not_accept(
    *, application: Application, actor: User, reason: str, ip: str | None = None
) -> ApplicationEvent:
    return lifecycle.transition(
        application=application, to=Status.NOT_ACCEPTED, actor=actor, reason=reason, ip=ip
    )


def draft_acceptance_list(
    *,
    edition: Edition,
    actor: User,
    start_date: date | None = None,
    workdays: int | None = None,
):
    """A draft acceptance-list window (受理名单公示) of every accepted application, for the
    office to check and publish on the publicity pages."""
    from publicity.errors import PublicityError
    from publicity.models import WindowKind
    from publicity.windows import services as publicity

    _ensure_office(actor)
    if edition.stage != Stage.ACCEPTANCE:
        raise PrecheckError(_("只有在“审查受理”阶段才能公示受理名单。"))
    accepted = list(selectors.acceptance_list(edition=edition).filter(status=Status.ACCEPTED))
    if not accepted:
        raise PrecheckError(_("尚无已受理的申报，不能生成受理名单。"))
    gaps = selectors.consultation_gaps(edition=edition)
    if gaps:
        raise PrecheckError(
            " ".join([_("受理名单须在征求市级有关部门意见后方可公示。"), *gaps.messages()])
        )
    if selectors.acceptance_windows(edition=edition).filter(status="draft").exists():
        raise PrecheckError(_("已有一份受理名单公示草稿，请在公示管理中修改或发布。"))
    try:
        return publicity.create_window(
            edition=edition,
            kind=WindowKind.ACCEPTANCE,
            title=_("%(edition)s申报受理名单公示") % {"edition": edition.name},
            body=_(
                "根据《%(edition)s评选工作通知》，经各推荐单位初核推荐、%(authority)s审查，"
                "并征求市级有关部门意见，下列组织和个人的申报予以受理，现予公示。"
                "公示期间，如有异议，请以真实姓名向%(authority)s提出。"
            )
            % {"edition": edition.name, "authority": settings.AWARD_AUTHORITY},
            start_date=start_date or timezone.localdate(),
            workdays=workdays or settings.PUBLICITY_MIN_WORKDAYS,
            applications=accepted,
            actor=actor,
        )
    except PublicityError as exc:
        raise PrecheckError(exc.message) from exc


def withdraw_acceptance_for_objection(*, objection, actor: User) -> ApplicationEvent | None:
    """An upheld objection against an entry of the acceptance list takes the application off
    it: "not accepted", through the lifecycle, with the finding as the reason.

    Runs inside the publicity service that decided the objection. An application that is no
    longer accepted is left alone (the step already happened). Outside the acceptance stage
    the move is not possible; the entry stays marked as upheld and the acceptance stage guard
    keeps the stage open until the office withdraws the acceptance by hand.
    """
    application = objection.entry.application
    application.refresh_from_db(fields=["status"])
    reason = _("受理名单公示期间异议成立（异议编号 %(ref)s）：%(finding)s") % {
        "ref": objection.reference,
        "finding": objection.finding,
    }
    refused = refusal(application, "withdraw_acceptance", actor, reason=reason, guards=False)
    if refused is not None and refused.code == "wrong_stage":
        logger.warning(
            "objection %s upheld against application %s outside the acceptance stage",
            objection.pk,
            application.pk,
        )
        return None
    if refused is not None and refused.code in ("not_allowed", "already_done"):
        return None  # no longer accepted: the step already happened
    return lifecycle.transition(
        application=application,
        to=Status.NOT_ACCEPTED,
        actor=actor,
        reason=reason,
        extra={"objection": objection},
    )


def withdraw_acceptance(
    *, application: Application, actor: User, reason: str, ip: str | None = None
) -> ApplicationEvent:
    """The office's own step for an upheld objection the hook could not act on."""
    return lifecycle.transition(
        application=application, to=Status.NOT_ACCEPTED, actor=actor, reason=reason, ip=ip
    )
