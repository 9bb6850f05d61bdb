"""The award's lifecycle: every allowed move of an application, written once, as data.

`MOVES` is the single source of truth for applications. The engine
(award_portal/workflow/engine.py) makes the moves; the buttons on the pages, the admin, the
lifecycle diagram and `LIFECYCLE.md` read this table. Each guard and effect is the function
itself, imported from the stage that owns it, so a reader follows a name to its code. The
table is registered with the engine once, from ApplicationsConfig.ready().
"""

from __future__ import annotations

from functools import partial

from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from applications.guards import application_complete, email_verified, internal_publicity_done
from applications.lifecycle.acts import ACTS
from applications.lifecycle.rules import (
    ADMIN,
    APPLICANT,
    LEADER,
    OFFICE,
    PRECHECK_STAGES,
    REVIEW_STATUSES,
    STAGE_OF_STATUS,
    UNIT,
    TransitionError,
    application_door,
)
from applications.models import Application, ApplicationEvent, Stage, Status
from applications.outbox import queue_notifications
from applications.precheck.guards import (
    acceptance_checked,
    before_recommendation_deadline,
    county_departments_consulted,
    department_objections_resolved,
    keep_unit_opinion,
    not_on_a_published_list,
    objection_upheld,
    precheck_done,
)
from applications.readmodel import refresh_application_rows
from award_portal.accounts.models import ApplicantKind
from award_portal.workflow.engine import Move, MoveContext, MoveField, Workflow
from review.awards.guards import government_approval_recorded, record_revocation
from review.deliberation.composites import refresh_composites
from review.deliberation.guards import (
    leadership_decision_recorded,
    winner_publicity_passed,
    within_quota,
)
from review.rounds.guards import review_round_closed

# --- the table's own guards ----------------------------------------------------------------------
# A guard returns None when the move may go ahead, or the Chinese reason why it may not.


def organizations_only(application: Application, _ctx: MoveContext) -> str | None:
    if application.category.kind != ApplicantKind.ORGANIZATION:
        return _("陈述答辩仅适用于申报组织。")
    return None


def individuals_only(application: Application, _ctx: MoveContext) -> str | None:
    if application.category.kind != ApplicantKind.INDIVIDUAL:
        return _("申报组织须经过陈述答辩后方可进入审议。")
    return None


def application_window_open(application: Application, _ctx: MoveContext) -> str | None:
    opens = application.edition.applications_open
    if timezone.localdate() < opens:
        return _("申报将于 %(date)s 开始受理，届时方可提交。") % {
            "date": opens.strftime("%Y-%m-%d")
        }
    return None


def application_in_edition_stage(application: Application, _ctx: MoveContext) -> str | None:
    stage = STAGE_OF_STATUS.get(application.status)
    if stage != application.edition.stage:
        return _("只能淘汰处于当前评审阶段的申报。")
    return None


def undoes_latest_move(application: Application, ctx: MoveContext) -> str | None:
    latest = application.events.order_by("-at", "-id").first()
    if (
        latest is None
        or latest.move != ctx.move.undoes
        or (latest.from_status, latest.to_status) != (ctx.move.target, application.status)
    ):
        return _("只能更正这份申报最近的一次操作（“%(move)s”不是它最近的操作）。") % {
            "move": MOVES_BY_NAME[ctx.move.undoes].label
        }
    if application.edition.events.filter(at__gt=latest.at).exists():
        return _("该操作之后本届评选已进入下一阶段，不能再更正。")
    return None


# --- the table -----------------------------------------------------------------------------------


def _from_one(
    name: str, label, source: str, target: str, roles, stages, *guards, **options
) -> Move:
    """A move from one status, open in `stages` of the edition, once its `guards` pass."""
    return Move(name, label, (source,), target, roles, stages=stages, guards=guards, **options)


# A decision in the application's favour.
_granted = partial(_from_one, style="success")
# A decision that sends the application back a step, with its reason.
_sends_back = partial(_from_one, reason_required=True, style="outline-warning")


def _to_unit(name: str, label, source: str, stages, *guards) -> Move:
    """The applicant sends the application to its unit, which hears of it: open in `stages`,
    once the application is complete (after the move's own `guards`)."""
    return _from_one(
        name,
        label,
        source,
        Status.SUBMITTED,
        APPLICANT,
        stages,
        *guards,
        application_complete,
        internal_publicity_done,
        email_verified,
        notify="unit",
    )


def _after_round(name: str, label, source: str, target: str, *guards, notify: str = "") -> Move:
    """The office moves an application on from a review stage, in that stage, once its review
    round has closed (and after the move's own `guards`)."""
    stages = (STAGE_OF_STATUS[source],)
    return _from_one(
        name, label, source, target, OFFICE, stages, *guards, review_round_closed, notify=notify
    )


def _against_applicant(name: str, label, sources, target: str, roles, **options) -> Move:
    """A decision that ends the application or takes it out of the running: it needs a reason
    and the applicant hears of it."""
    return Move(
        name,
        label,
        sources,
        target,
        roles,
        reason_required=True,
        notify="applicant",
        style="outline-danger",
        **options,
    )


def _upheld_objection(name: str, label, source: str, target: str, stages) -> Move:
    """An objection to a publicized list upheld: the office takes the application out, in the
    list's `stages`."""
    return _against_applicant(
        name, label, (source,), target, OFFICE, stages=stages, guards=(objection_upheld,)
    )


MOVES: tuple[Move, ...] = (
    _to_unit(
        "submit",
        gettext_lazy("提交申报"),
        Status.DRAFT,
        (Stage.APPLICATION,),
        application_window_open,
    ),
    _to_unit("resubmit", gettext_lazy("修改后重新提交"), Status.RETURNED, PRECHECK_STAGES),
    Move(
        "withdraw",
        gettext_lazy("撤回申报"),
        (Status.DRAFT, Status.SUBMITTED, Status.RETURNED),
        Status.WITHDRAWN,
        APPLICANT,
        style="outline-danger",
    ),
    _sends_back(
        "return",
        gettext_lazy("退回修改"),
        Status.SUBMITTED,
        Status.RETURNED,
        UNIT,
        PRECHECK_STAGES,
        notify="applicant",
    ),
    Move(
        "recommend",
        gettext_lazy("推荐"),
        (Status.SUBMITTED,),
        Status.RECOMMENDED,
        UNIT,
        stages=PRECHECK_STAGES,
        guards=(
            before_recommendation_deadline,
            precheck_done,
            county_departments_consulted,
        ),
        # The reason of a recommendation is the unit's 初核和推荐意见, kept with the pre-check
        # for the recommendation letter, the office's pages and the lists.
        reason_required=True,
        reason_name=gettext_lazy("初核和推荐意见"),
        effects=(keep_unit_opinion,),
        notify="office",
        style="success",
    ),
    _against_applicant(
        "not_recommend",
        gettext_lazy("不予推荐"),
        (Status.SUBMITTED,),
        Status.NOT_RECOMMENDED,
        UNIT,
        stages=PRECHECK_STAGES,
    ),
    _granted(
        "accept",
        gettext_lazy("予以受理"),
        Status.RECOMMENDED,
        Status.ACCEPTED,
        OFFICE,
        (Stage.ACCEPTANCE,),
        acceptance_checked,
        department_objections_resolved,
        notify="applicant",
    ),
    _against_applicant(
        "not_accept",
        gettext_lazy("不予受理"),
        (Status.RECOMMENDED,),
        Status.NOT_ACCEPTED,
        OFFICE,
        stages=(Stage.ACCEPTANCE,),
    ),
    _upheld_objection(
        "withdraw_acceptance",
        gettext_lazy("异议成立，撤销受理"),
        Status.ACCEPTED,
        Status.NOT_ACCEPTED,
        (Stage.ACCEPTANCE,),
    ),
    Move(
        "start_material_review",
        gettext_lazy("进入材料评审"),
        (Status.ACCEPTED,),
        Status.MATERIAL_REVIEW,
        OFFICE,
        stages=(Stage.MATERIAL_REVIEW,),
    ),
    _after_round(
        "advance_to_onsite",
        gettext_lazy("进入现场评审"),
        Status.MATERIAL_REVIEW,
        Status.ONSITE_REVIEW,
        notify="applicant",
    ),
    _after_round(
        "advance_to_defense",
        gettext_lazy("进入陈述答辩"),
        Status.ONSITE_REVIEW,
        Status.DEFENSE,
        organizations_only,
        notify="applicant",
    ),
    _after_round(
        "advance_to_deliberation",
        gettext_lazy("进入审议（个人）"),
        Status.ONSITE_REVIEW,
        Status.DELIBERATION,
        individuals_only,
    ),
    _after_round(
        "defense_to_deliberation",
        gettext_lazy("进入审议"),
        Status.DEFENSE,
        Status.DELIBERATION,
        organizations_only,
    ),
    _against_applicant(
        "eliminate",
        gettext_lazy("未通过本阶段"),
        REVIEW_STATUSES,
        Status.ELIMINATED,
        OFFICE,
        guards=(application_in_edition_stage,),
    ),
    _granted(
        "propose",
        gettext_lazy("列入拟获奖建议名单"),
        Status.DELIBERATION,
        Status.PROPOSED,
        OFFICE,
        (Stage.DELIBERATION,),
        within_quota,
    ),
    _sends_back(
        "unpropose",
        gettext_lazy("退回审议"),
        Status.PROPOSED,
        Status.DELIBERATION,
        OFFICE | LEADER,
        (Stage.DELIBERATION,),
    ),
    _granted(
        "approve",
        gettext_lazy("领导小组审议通过"),
        Status.PROPOSED,
        Status.APPROVED,
        LEADER | OFFICE,
        (Stage.DELIBERATION,),
        leadership_decision_recorded,
    ),
    _upheld_objection(
        "disqualify",
        gettext_lazy("异议成立，取消资格"),
        Status.APPROVED,
        Status.DISQUALIFIED,
        (Stage.DELIBERATION,),
    ),
    _granted(
        "award",
        gettext_lazy("表扬授奖"),
        Status.APPROVED,
        Status.AWARDED,
        OFFICE,
        (Stage.COMMENDATION,),
        winner_publicity_passed,
        government_approval_recorded,
        notify="applicant",
    ),
    _against_applicant(
        "revoke",
        gettext_lazy("撤销奖励"),
        (Status.AWARDED,),
        Status.REVOKED,
        OFFICE,
        # The revocation is recorded beside the certificate, which the public check then
        # reports as revoked.
        reason_name=gettext_lazy("撤销理由"),
        fields=(
            MoveField("document_number", gettext_lazy("撤销文号")),
            MoveField("decided_on", gettext_lazy("撤销日期"), kind="date", not_after_today=True),
        ),
        effects=(record_revocation,),
    ),
)


MOVES_BY_NAME: dict[str, Move] = {m.name: m for m in MOVES}
_BY_PAIR: dict[tuple[str, str], Move] = {}
for _move in MOVES:
    for _source in _move.sources:
        if (_source, _move.target) in _BY_PAIR:
            raise AssertionError(f"two moves from {_source} to {_move.target}")
        _BY_PAIR[(_source, _move.target)] = _move


def find_move(source: str, target: str) -> Move | None:
    return _BY_PAIR.get((source, target))


# --- corrections ---------------------------------------------------------------------------------
# A move made in error (the wrong button, the wrong application) is put right by the system
# administrator, in the admin, and only in this way: a correction undoes the application's
# latest move, back to the status it came from, with a reason, through the engine, so the
# audit trail records it like any other move. The rule is the smallest that covers a slip:
#   - only the moves people make with a button on one application in stages 1-3; the later
#     moves are applied from records of their own (advancement decisions, proposed lists,
#     leadership decisions, approvals, revocations, upheld objections), which are what gets
#     corrected, by their services;
#   - only the latest move of the application, while the edition is still in the stage in
#     which it was made, and not once the application is on a published list;
#   - one step: a correction is not itself corrected; the people whose move it was make it
#     again. The admin never makes the moves of the table in their place.
# The corrections are derived from MOVES, one per edge, so they cannot drift from it.

CORRECTABLE_MOVES = (
    "submit",
    "resubmit",
    "withdraw",
    "return",
    "recommend",
    "not_recommend",
    "accept",
    "not_accept",
)


def _corrections() -> tuple[Move, ...]:
    corrections = []
    for name in CORRECTABLE_MOVES:
        move = MOVES_BY_NAME[name]
        for source in move.sources:
            corrections.append(
                Move(
                    f"undo_{move.name}",
                    format_lazy(gettext_lazy("更正：撤销“{move}”"), move=move.label),
                    (move.target,),
                    source,
                    ADMIN,
                    guards=(undoes_latest_move, not_on_a_published_list),
                    reason_required=True,
                    style="outline-secondary",
                    undoes=move.name,
                )
            )
    return tuple(corrections)


CORRECTIONS: tuple[Move, ...] = _corrections()
_CORRECTION_BY_PAIR: dict[tuple[str, str], Move] = {
    (c.sources[0], c.target): c for c in CORRECTIONS
}


def find_correction(source: str, target: str) -> Move | None:
    return _CORRECTION_BY_PAIR.get((source, target))


# --- what a move writes besides the status -------------------------------------------------------


def _stamp(application: Application, ctx: MoveContext) -> dict:
    now = timezone.now()
    move = ctx.move
    changes: dict = {"updated_at": now}
    if move.undoes:  # a correction puts back what the undone move wrote
        if move.target == Status.DRAFT:
            changes["submitted_at"] = None
        if move.undoes == "return":  # the notes belong to the return being undone
            changes["return_notes"] = {}
    elif move.target == Status.ELIMINATED:
        changes["eliminated_stage"] = STAGE_OF_STATUS[ctx.source]
    elif move.target == Status.SUBMITTED:
        changes["submitted_at"] = now
    return changes


def _trail(application: Application, ctx: MoveContext) -> ApplicationEvent:
    actor = ctx.actor
    return ApplicationEvent.objects.create(
        application=application,
        move=ctx.move.name,
        from_status=ctx.source,
        to_status=ctx.move.target,
        actor=actor,
        actor_name=actor.display_name,
        actor_role=actor.role,
        actor_unit=actor.unit.name if actor.unit_id else actor.organization_name,
        reason=ctx.reason,
        internal_note=ctx.internal_note,
        ip_address=ctx.ip,
    )


def _outbox(application: Application, ctx: MoveContext) -> None:
    queue_notifications(event=ctx.record, move=ctx.move, application=application)


def _project(application: Application) -> None:
    refresh_application_rows([application.pk])
    # The application may enter, stay in or leave the composite ranking of deliberation.
    refresh_composites([application.pk])


APPLICATION = Workflow(
    kind="application",
    label=gettext_lazy("申报"),
    model=Application,
    field="status",
    moves=MOVES + CORRECTIONS,
    acts=ACTS,
    error=TransitionError,
    lock=lambda rows: rows.select_related("edition", "category", "unit", "owner"),
    door=application_door,
    stamp=_stamp,
    trail=_trail,
    outbox=_outbox,
    project=_project,
    already=gettext_lazy("该申报已经是“%(status)s”状态，无需重复操作。"),
)
