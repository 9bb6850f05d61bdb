"""The moves of the review's records with a status, as data: rubrics, review rounds and score
sheets. `award_portal.workflow.engine.transition` makes them; the services in
`review.rubrics`, `review.rounds`, `review.sheets` and `review.deliberation` decide which
move a page asks for and pass the data it carries. The acts beside the moves are the writes
the status must allow (a round's panel while it is not closed, a sheet's scores while it is a
draft); the services ask `award_portal.workflow.engine.check` before they make them.
"""

from __future__ import annotations

from collections import Counter
from decimal import Decimal

from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from award_portal import access
from award_portal.access import is_conflicted
from award_portal.accounts.models import Role
from award_portal.workflow.engine import Move, MoveContext, Workflow, act
from review.models import ProposedList, ReviewRound, Rubric, ScoreSheet
from review.rounds.totals import sheet_moved, store_round_statistics

OFFICE = frozenset({Role.CITY_OFFICE})
EXPERT = frozenset({Role.EXPERT})
ONLY_OFFICE = gettext_lazy("只有市质量强市办可以执行此操作。")
ROUND_OVER = gettext_lazy("评审已结束。")


def _review_error(message: str) -> Exception:
    from review.errors import ReviewError

    return ReviewError(message)


def review_workflow(kind: str, model, **options) -> Workflow:
    """The workflow of a review record, labelled with its model's name: its refusals raise
    ReviewError and, unless it names another `refused_role`, only the city office makes its
    moves."""
    options.setdefault("refused_role", ONLY_OFFICE)
    return Workflow(
        kind=kind, label=model._meta.verbose_name, model=model, error=_review_error, **options
    )


def office_move(name: str, label, source: str, target: str, refused, **options) -> Move:
    """A move the city office makes from one status; `refused` is the message from any
    other."""
    return Move(name, label, (source,), target, OFFICE, refused=refused, **options)


# --- rubrics ------------------------------------------------------------------------------------


def rubric_has_items(rubric: Rubric, _context: MoveContext) -> str | None:
    total = rubric.items.aggregate(total=Sum("points"))["total"] or 0
    if rubric.applies_to != Rubric.AppliesTo.ONSITE_CHECKLIST and total <= 0:
        return _("评分标准的总分必须大于 0。")
    if not rubric.items.exists():
        return _("评分标准中没有条目。")
    return None


NOT_A_DRAFT = gettext_lazy("只有草稿状态的评分标准可以发布。")
NOT_PUBLISHED = gettext_lazy("只有已发布的评分标准可以停用。")
NOT_USABLE = gettext_lazy("只能选用已发布的评分标准。")


def _published(_rubric: Rubric, _context: MoveContext) -> dict:
    return {"published_at": timezone.now()}


RUBRIC = review_workflow(
    "rubric",
    Rubric,
    moves=(
        office_move(
            "publish",
            gettext_lazy("发布"),
            Rubric.Status.DRAFT,
            Rubric.Status.PUBLISHED,
            NOT_A_DRAFT,
            guards=(rubric_has_items,),
            stamp=_published,
        ),
        office_move(
            "retire",
            gettext_lazy("停用"),
            Rubric.Status.PUBLISHED,
            Rubric.Status.RETIRED,
            NOT_PUBLISHED,
        ),
    ),
    acts=(
        act("use", gettext_lazy("选用"), (Rubric.Status.PUBLISHED,), OFFICE, refused=NOT_USABLE),
    ),
)


# --- review rounds ------------------------------------------------------------------------------


def round_in_its_stage(review_round: ReviewRound, _context: MoveContext) -> str | None:
    if review_round.edition.stage != review_round.stage:
        return _("本届评选尚未进入该阶段，上一阶段结束后方可开始。")
    return None


def round_panel_ready(review_round: ReviewRound, _context: MoveContext) -> str | None:
    from review.models import Assignment, PanelMember
    from review.pool.selectors import settings_for
    from review.rounds.selectors import round_applications

    settings_obj = settings_for(review_round.edition)
    members = PanelMember.objects.filter(round=review_round)
    if members.count() < settings_obj.panel_size:
        return _("评审组至少需要 %(n)d 名专家。") % {"n": settings_obj.panel_size}
    if not members.filter(is_leader=True).exists():
        return _("请先指定评审组组长。")
    assigned = Counter(
        Assignment.objects.filter(round=review_round, is_active=True).values_list(
            "application_id", flat=True
        )
    )
    short = [
        application.reference
        for application in round_applications(review_round)
        if assigned[application.pk] < settings_obj.experts_per_application
    ]
    if short:
        return _("以下申报的评审专家少于 %(n)d 人：%(list)s") % {
            "n": settings_obj.experts_per_application,
            "list": "、".join(short),
        }
    return None


def round_ready_to_close(review_round: ReviewRound, context: MoveContext) -> str | None:
    """Every sheet submitted or excused, every application scored and decided; the results
    computed here are the ones the close stores (`context.data["results"]`)."""
    from review.rounds.results import round_results
    from review.rounds.selectors import FINAL_SHEET_STATUSES, active_sheets

    if not context.data.get("summary"):
        return _("请填写评审报告综述。")
    open_sheets = active_sheets(review_round).exclude(status__in=FINAL_SHEET_STATUSES).count()
    if open_sheets:
        return _("还有 %(n)d 份评分表未提交，也未免评。") % {"n": open_sheets}
    results = round_results(review_round)
    unscored = [r.application.reference for r in results if not r.sheet_count]
    if unscored:
        return _("以下申报没有有效评分表：%(list)s") % {"list": "、".join(unscored)}
    undecided = [r.application.reference for r in results if r.decision is None]
    if undecided:
        return _("以下申报尚未决定是否晋级：%(list)s") % {"list": "、".join(undecided)}
    context.data["results"] = results
    return None


def application_in_round(review_round: ReviewRound, context: MoveContext) -> str | None:
    """The application (`context.data["application"]`) is one the round reviews, or, while
    the round is open, one in its stage that joins it late."""
    from review.rounds.selectors import STATUS_OF_STAGE, round_applications

    application = context.data["application"]
    if round_applications(review_round).filter(pk=application.pk).exists():
        return None
    if (
        review_round.status == ReviewRound.Status.OPEN
        and application.status == STATUS_OF_STAGE[review_round.stage]
        and application.edition_id == review_round.edition_id
    ):
        return None
    return _("该申报不在本轮评审范围内。")


def store_round_results(review_round: ReviewRound, context: MoveContext) -> None:
    """The results are frozen with the close."""
    from review.deliberation.composites import refresh_edition_composites
    from review.models import RoundResult

    RoundResult.objects.bulk_create(
        RoundResult(
            round=review_round,
            application=r.application,
            sheet_count=r.sheet_count,
            mean=r.mean,
            aggregate=r.aggregate,
            max_points=r.max_points,
            percent=r.percent,
            rank=r.rank,
        )
        for r in context.data["results"]
    )
    # The composite ranking reads the closed rounds' results.
    refresh_edition_composites(review_round.edition)


def _opening(review_round: ReviewRound, _context: MoveContext) -> dict:
    from review.pool.selectors import settings_for

    return {
        "opened_at": timezone.now(),
        "aggregation": settings_for(review_round.edition).aggregation,
    }


def _closing(_round: ReviewRound, context: MoveContext) -> dict:
    return {
        "closed_at": timezone.now(),
        "closed_by": context.actor,
        "report_summary": context.data["summary"],
    }


PREPARING = (ReviewRound.Status.PREPARING,)
OPEN = (ReviewRound.Status.OPEN,)
CLOSED = (ReviewRound.Status.CLOSED,)
NOT_CLOSED = (ReviewRound.Status.PREPARING, ReviewRound.Status.OPEN)
LEADING = OFFICE | EXPERT  # the office, or the panel's leader for its visits
STARTED = gettext_lazy("评审已经开始，不能更换评分标准。")
DRAWN = gettext_lazy("评审已经开始，不能重新抽取。")
NOT_OPEN = gettext_lazy("只能在评审进行中决定晋级名单。")
UNCLOSED = gettext_lazy("评审轮次结束并形成报告后，方可执行晋级名单。")

ROUND = review_workflow(
    "review_round",
    ReviewRound,
    lock=lambda rows: rows.select_related("edition"),
    moves=(
        office_move(
            "open",
            gettext_lazy("开始评审"),
            ReviewRound.Status.PREPARING,
            ReviewRound.Status.OPEN,
            gettext_lazy("该评审轮次已经开始。"),
            guards=(round_in_its_stage, round_panel_ready),
            stamp=_opening,
        ),
        office_move(
            "close",
            gettext_lazy("结束评审"),
            ReviewRound.Status.OPEN,
            ReviewRound.Status.CLOSED,
            gettext_lazy("只有进行中的评审轮次可以结束。"),
            guards=(round_ready_to_close,),
            stamp=_closing,
            effects=(store_round_results, store_round_statistics),
        ),
    ),
    acts=(
        act("change_rubric", gettext_lazy("更换评分标准"), PREPARING, OFFICE, refused=STARTED),
        act("draw", gettext_lazy("随机抽取评审组"), PREPARING, OFFICE, refused=DRAWN),
        act("manage_panel", gettext_lazy("调整评审组"), NOT_CLOSED, OFFICE, refused=ROUND_OVER),
        act("arrange", gettext_lazy("安排现场评审或答辩"), NOT_CLOSED, LEADING, refused=ROUND_OVER),
        act(
            "assign",
            gettext_lazy("分配评审专家"),
            NOT_CLOSED,
            OFFICE,
            guards=(application_in_round,),
            refused=ROUND_OVER,
        ),
        act("decide_advancement", gettext_lazy("决定晋级名单"), OPEN, OFFICE, refused=NOT_OPEN),
        act("apply_advancement", gettext_lazy("执行晋级名单"), CLOSED, OFFICE, refused=UNCLOSED),
    ),
)


# --- score sheets -------------------------------------------------------------------------------


SheetStatus = ScoreSheet.Status
SHEET_SUBMITTED = gettext_lazy("评分表已提交，不能修改。如需修改，请联系市质量强市办退回。")
REOPENING = gettext_lazy("只有已提交的评分表可以退回。")
EXCUSING = gettext_lazy("只有未提交的评分表可以免评。")


def sheet_is_the_experts(sheet: ScoreSheet, context: MoveContext) -> str | None:
    """The expert's own active assignment, no conflict, the round open, the declaration made."""
    assignment = sheet.assignment
    if assignment.expert.user_id != context.actor.pk or not assignment.is_active:
        return _("您不能填写这份评分表。")
    if is_conflicted(assignment.expert, assignment.application):
        return _("您与该申报存在回避关系。")
    if assignment.round.status != ReviewRound.Status.OPEN:
        return _("本轮评审未在进行中。")
    if assignment.attested_at is None:
        return _("请先确认与该申报不存在利益冲突。")
    return None


def sheet_is_complete(sheet: ScoreSheet, context: MoveContext) -> str | None:
    """Every item scored, each category commented; the total goes with the move."""
    items = list(sheet.rubric.items.all())
    scored = set(sheet.scores.values_list("item_id", flat=True))
    missing = [f"{i.code} {i.name}" for i in items if i.pk not in scored]
    if missing:
        return _("以下条目尚未评分：%(list)s") % {"list": "、".join(missing[:10])}
    commented = {
        c.category for c in sheet.comments.all() if c.strengths.strip() or c.opportunities.strip()
    }
    uncommented = sorted({i.category for i in items} - commented, key=str)
    if uncommented:
        return _("请为以下类目填写优势或改进机会：%(list)s") % {"list": "、".join(uncommented)}
    context.data["total"] = sheet.scores.aggregate(total=Sum("score"))["total"] or Decimal(0)
    return None


def round_is_open(sheet: ScoreSheet, context: MoveContext) -> str | None:
    if sheet.assignment.round.status != ReviewRound.Status.OPEN:
        if context.data.get("reopening"):
            return _("本轮评审未在进行中，不能退回评分表。")
        return _("本轮评审未在进行中。")
    return None


def round_not_closed(sheet: ScoreSheet, _context: MoveContext) -> str | None:
    if sheet.assignment.round.status == ReviewRound.Status.CLOSED:
        return str(ROUND_OVER)
    return None


def not_submitted_when_unassigned(sheet: ScoreSheet, context: MoveContext) -> str | None:
    if context.data.get("unassigning") and sheet.status == ScoreSheet.Status.SUBMITTED:
        return _("评分表已提交，请先退回后再撤销分配。")
    return None


def conflict_of_the_actor(sheet: ScoreSheet, context: MoveContext) -> str | None:
    """Besides the office, a sheet is voided by a conflict declared by its own expert or
    requested by the applicant of its application."""
    actor = context.actor
    if actor is None or access.may(actor, access.MANAGE, access.CONFLICT):
        return None
    assignment = sheet.assignment
    if access.may(actor, access.ACT_ON, access.CONFLICT) and assignment.expert.user_id == actor.pk:
        return None
    if access.may(actor, access.EDIT, access.AVOIDANCE) and (
        assignment.application.owner_id == actor.pk
    ):
        return None
    return _("您不能作废这份评分表。")


def _submitted(sheet: ScoreSheet, context: MoveContext) -> dict:
    now = timezone.now()
    total = context.data["total"]
    context.audit["total"] = str(total)
    return {"total": total, "submitted_at": now, "updated_at": now}


def _reopened(sheet: ScoreSheet, context: MoveContext) -> dict:
    if sheet.total is not None:
        context.audit["total"] = str(sheet.total)
    return {"total": None, "submitted_at": None}


def _with_reason(sheet: ScoreSheet, context: MoveContext) -> dict:
    if sheet.total is not None:
        context.audit["total"] = str(sheet.total)
    return {"status_reason": context.reason}


def sheet_move(name: str, label, sources, target: str, roles, **options) -> Move:
    """A move of a score sheet: each changes what its round counts."""
    return Move(name, label, sources, target, roles, effects=(sheet_moved,), **options)


def office_sheet_move(name: str, label, source: str, target: str, refused, stamp) -> Move:
    """The office's move of a sheet from one status while its round is open, with a reason;
    `refused` is the message from any other status."""
    return sheet_move(
        name,
        label,
        (source,),
        target,
        OFFICE,
        guards=(round_is_open,),
        reason_required=True,
        stamp=stamp,
        refused=refused,
    )


def _reinstated(_sheet: ScoreSheet, _context: MoveContext) -> dict:
    return {"status_reason": "", "total": None, "submitted_at": None}


SHEET = review_workflow(
    "score_sheet",
    ScoreSheet,
    lock=lambda rows: rows.select_related(
        "assignment__round", "assignment__expert", "assignment__application"
    ),
    moves=(
        sheet_move(
            "submit",
            gettext_lazy("提交"),
            (SheetStatus.DRAFT,),
            SheetStatus.SUBMITTED,
            EXPERT,
            guards=(sheet_is_the_experts, sheet_is_complete),
            stamp=_submitted,
            refused=SHEET_SUBMITTED,
        ),
        office_sheet_move(
            "reopen",
            gettext_lazy("退回重评"),
            SheetStatus.SUBMITTED,
            SheetStatus.DRAFT,
            REOPENING,
            _reopened,
        ),
        office_sheet_move(
            "excuse",
            gettext_lazy("免评"),
            SheetStatus.DRAFT,
            SheetStatus.EXCUSED,
            EXCUSING,
            _with_reason,
        ),
        sheet_move(
            "void",
            gettext_lazy("作废"),
            (SheetStatus.DRAFT, SheetStatus.SUBMITTED, SheetStatus.EXCUSED),
            SheetStatus.VOID,
            # the office; an expert declaring a conflict; an applicant asking for avoidance
            OFFICE | EXPERT | frozenset({Role.APPLICANT}),
            system=True,  # an automatic match finds a conflict
            guards=(conflict_of_the_actor, not_submitted_when_unassigned),
            reason_required=True,
            stamp=_with_reason,
            refused=gettext_lazy("评分表已作废。"),
        ),
        sheet_move(
            "reinstate",
            gettext_lazy("重新分配"),
            (SheetStatus.VOID,),
            SheetStatus.DRAFT,
            OFFICE,
            reason_required=True,
            stamp=_reinstated,
            refused=gettext_lazy("只有已作废的评分表可以重新分配。"),
        ),
    ),
    acts=(
        act(
            "save",
            gettext_lazy("保存"),
            (SheetStatus.DRAFT,),
            EXPERT,
            guards=(sheet_is_the_experts,),
            refused=SHEET_SUBMITTED,
            refused_role=gettext_lazy("您不能填写这份评分表。"),
        ),
        act(
            "unassign",
            gettext_lazy("撤销分配"),
            (SheetStatus.DRAFT, SheetStatus.EXCUSED, SheetStatus.VOID),
            OFFICE,
            guards=(round_not_closed,),
            refused=gettext_lazy("评分表已提交，请先退回后再撤销分配。"),
        ),
    ),
)


# --- proposed lists -----------------------------------------------------------------------------


def list_in_deliberation(proposed: ProposedList, _context: MoveContext) -> str | None:
    from applications.models import Stage

    if proposed.edition.stage != Stage.DELIBERATION:
        return _("本届评选当前不在“审议公示”阶段，不能记录领导小组的审议结果。")
    return None


def list_not_publicized(proposed: ProposedList, _context: MoveContext) -> str | None:
    window = proposed.window
    if window is not None and window.status != window.Status.WITHDRAWN:
        return _("该名单已经公示。")
    return None


DECIDED_LIST = gettext_lazy("该名单已有审议结果（%(status)s），不能重复记录。")
LEADERSHIP = frozenset({Role.CITY_OFFICE, Role.LEADER})


def leadership_decision(name: str, label, target: str, **options) -> Move:
    """The leading group's decision on a draft list, recorded while the edition deliberates."""
    return Move(
        name,
        label,
        (ProposedList.Status.DRAFT,),
        target,
        LEADERSHIP,
        guards=(list_in_deliberation,),
        refused=DECIDED_LIST,
        **options,
    )


PROPOSED_LIST = review_workflow(
    "proposed_list",
    ProposedList,
    refused_role=gettext_lazy("只有领导小组或市质量强市办可以记录领导小组的审议结果。"),
    lock=lambda rows: rows.select_related("edition"),
    moves=(
        leadership_decision(
            "approve", gettext_lazy("领导小组审议通过"), ProposedList.Status.APPROVED
        ),
        leadership_decision(
            "return",
            gettext_lazy("领导小组退回"),
            ProposedList.Status.RETURNED,
            reason_required=True,
        ),
    ),
    acts=(
        act(
            "publicize",
            gettext_lazy("公示名单"),
            (ProposedList.Status.APPROVED,),
            OFFICE,
            guards=(list_not_publicized,),
            refused=gettext_lazy("只有经领导小组审议通过的名单才能公示。"),
            refused_role=ONLY_OFFICE,
        ),
    ),
)
