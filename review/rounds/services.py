"""Every write of a review round: creating it, choosing its rubrics, drawing its panel, its
assignments, opening and closing it, deciding and carrying out who advances, and releasing the
applicants' feedback once the edition is over.

They check who acts and in which state, lock what they change, and leave a record. Moves of
an application's status go through applications.lifecycle.transition, never around it.
"""

from __future__ import annotations

import secrets
from collections.abc import Mapping
from datetime import date
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from applications.lifecycle import TransitionError
from applications.lifecycle import transition as move_application
from applications.models import Application, ApplicationEvent, Edition, Stage, Status
from award_portal import access
from award_portal.access import is_conflicted
from award_portal.accounts.models import ApplicantKind, User
from award_portal.workflow.engine import check, status_allows, transition
from review import scoring
from review.errors import ReviewError, require_office, require_reason
from review.models import (
    REVIEW_STAGES,
    AdvancementDecision,
    Assignment,
    Conflict,
    EditionExpert,
    ExpertProfile,
    PanelDraw,
    PanelMember,
    ReviewRound,
    ReviewSettings,
    Rubric,
    ScoreSheet,
)
from review.pool.services import ensure_settings
from review.rounds.results import round_results
from review.rounds.selectors import (
    FINAL_SHEET_STATUSES,
    STATUS_OF_STAGE,
    active_sheets,
    round_applications,
)
from review.rounds.totals import assignment_changed, rebuild_round_totals
from review.rubrics.services import current_rubric

# --- rounds and panels -----------------------------------------------------------------------


def _lock_round(review_round: ReviewRound) -> ReviewRound:
    return ReviewRound.objects.select_for_update().select_related("edition").get(pk=review_round.pk)


def create_round(*, edition: Edition, stage: str, actor: User, due_date: date) -> ReviewRound:
    require_office(actor, access.ROUND)
    if stage not in REVIEW_STAGES:
        raise ReviewError(_("该阶段不设专家评审。"))
    if edition.stage != stage:
        raise ReviewError(
            _("本届评选当前处于“%(current)s”阶段，不能组织“%(stage)s”。")
            % {"current": Stage(edition.stage).label, "stage": Stage(stage).label}
        )
    if ReviewRound.objects.filter(edition=edition, stage=stage).exists():
        raise ReviewError(_("本阶段的评审轮次已经创建。"))
    settings_obj = ensure_settings(edition=edition)
    try:
        with transaction.atomic():
            return ReviewRound.objects.create(
                edition=edition,
                stage=stage,
                due_date=due_date,
                # The versions the edition's call chose, else the newest published ones.
                organization_rubric=edition.organization_rubric
                or current_rubric(Rubric.AppliesTo.ORGANIZATION),
                team_rubric=edition.team_rubric or current_rubric(Rubric.AppliesTo.TEAM),
                individual_rubric=edition.individual_rubric
                or current_rubric(Rubric.AppliesTo.INDIVIDUAL),
                checklist=(
                    current_rubric(Rubric.AppliesTo.ONSITE_CHECKLIST)
                    if stage == Stage.ONSITE_REVIEW
                    else None
                ),
                aggregation=settings_obj.aggregation,
                created_by=actor,
            )
    except IntegrityError:
        raise ReviewError(_("本阶段的评审轮次已经创建。")) from None


def set_round_rubric(*, review_round: ReviewRound, field: str, rubric: Rubric, actor: User):
    """Choose another published rubric for a round still being prepared."""
    require_office(actor, access.ROUND)
    fields = {
        Rubric.AppliesTo.ORGANIZATION: "organization_rubric",
        Rubric.AppliesTo.TEAM: "team_rubric",
        Rubric.AppliesTo.INDIVIDUAL: "individual_rubric",
        Rubric.AppliesTo.ONSITE_CHECKLIST: "checklist",
    }
    if field not in fields.values() or fields.get(rubric.applies_to) != field:
        raise ReviewError(_("所选评分标准与适用对象不符。"))
    check(rubric, "use", actor)
    with transaction.atomic():
        locked = _lock_round(review_round)
        check(locked, "change_rubric", actor)
        ReviewRound.objects.filter(pk=locked.pk).update(**{field: rubric})
        ScoreSheet.objects.filter(assignment__round=locked, status=ScoreSheet.Status.DRAFT).filter(
            rubric__applies_to=rubric.applies_to
        ).update(rubric=rubric)
        rebuild_round_totals(locked)  # full marks follow the sheets' rubric


def _new_assignment(
    *,
    review_round: ReviewRound,
    expert_id: int,
    application: Application,
    source: str,
    reason: str = "",
    refresh: bool = True,
) -> Assignment:
    rubric = review_round.rubric_for(application)
    if rubric is None:
        raise ReviewError(
            _("尚未为“%(category)s”类申报选定评分标准。") % {"category": application.category}
        )
    assignment = Assignment.objects.create(
        round=review_round,
        expert_id=expert_id,
        application=application,
        source=source,
        reason=reason,
    )
    ScoreSheet.objects.create(assignment=assignment, rubric=rubric)
    if refresh:  # the draw refreshes the round's totals once, after its assignments
        assignment_changed(review_round, application.pk, expert_id)
    return assignment


def draw_panel(*, review_round: ReviewRound, actor: User, seed: str | None = None) -> PanelDraw:
    """The random draw (双随机): a panel from the pool, then the applications among its
    members. Seed and inputs are recorded so anyone can repeat it (selectors.verify_draw)."""
    require_office(actor, access.ROUND)
    seed = seed or secrets.token_hex(8)
    with transaction.atomic():
        locked = _lock_round(review_round)
        check(locked, "draw", actor)
        if locked.members.exists():
            raise ReviewError(_("本轮评审组已经抽取；如需调整，请人工调整并说明理由。"))
        settings_obj = ensure_settings(edition=locked.edition)
        applications = list(round_applications(locked))
        if not applications:
            raise ReviewError(_("本阶段没有待评审的申报。"))
        pool = sorted(
            EditionExpert.objects.filter(
                edition=locked.edition, is_active=True, expert__is_active=True
            ).values_list("expert_id", flat=True)
        )
        conflicts = sorted(
            {
                tuple(pair)
                for pair in Conflict.objects.filter(
                    application__in=applications, decision__in=Conflict.BLOCKING
                ).values_list("expert_id", "application_id")
            }
        )
        inputs = {
            "pool": pool,
            "applications": sorted(a.pk for a in applications),
            "conflicts": [list(pair) for pair in conflicts],
            "panel_size": settings_obj.panel_size,
            "per_application": settings_obj.experts_per_application,
        }
        try:
            result = scoring.draw(
                seed=seed,
                pool=pool,
                applications=inputs["applications"],
                conflicts=conflicts,
                panel_size=inputs["panel_size"],
                per_application=inputs["per_application"],
            )
        except scoring.DrawError as exc:
            raise ReviewError(exc.message) from None
        record = PanelDraw.objects.create(
            round=locked,
            seed=seed,
            algorithm=scoring.DRAW_ALGORITHM,
            inputs=inputs,
            result=result.as_json(),
            actor=actor,
        )
        PanelMember.objects.bulk_create(
            PanelMember(round=locked, expert_id=e, source=PanelMember.Source.DRAW)
            for e in result.panel
        )
        by_id = {a.pk: a for a in applications}
        for application_id, expert_id in result.assignments:
            _new_assignment(
                review_round=locked,
                expert_id=expert_id,
                application=by_id[application_id],
                source=PanelMember.Source.DRAW,
                refresh=False,
            )
        rebuild_round_totals(locked)
    return record


def set_leader(*, review_round: ReviewRound, expert: ExpertProfile, actor: User) -> PanelMember:
    require_office(actor, access.ROUND)
    with transaction.atomic():
        locked = _lock_round(review_round)
        check(locked, "manage_panel", actor)
        member = PanelMember.objects.filter(round=locked, expert=expert).first()
        if member is None:
            raise ReviewError(_("组长必须是本轮评审组成员。"))
        PanelMember.objects.filter(round=locked, is_leader=True).update(is_leader=False)
        PanelMember.objects.filter(pk=member.pk).update(is_leader=True)
        member.is_leader = True
    return member


def add_panel_member(
    *, review_round: ReviewRound, expert: ExpertProfile, actor: User, reason: str
) -> PanelMember:
    require_office(actor, access.ROUND)
    reason = require_reason(reason)
    with transaction.atomic():
        locked = _lock_round(review_round)
        check(locked, "manage_panel", actor)
        if not EditionExpert.objects.filter(
            edition=locked.edition, expert=expert, is_active=True
        ).exists():
            raise ReviewError(_("该专家不在本届专家库中。"))
        member, created = PanelMember.objects.get_or_create(
            round=locked,
            expert=expert,
            defaults={"source": PanelMember.Source.MANUAL, "reason": reason},
        )
        if not created:
            raise ReviewError(_("该专家已是评审组成员。"))
    return member


def remove_panel_member(*, member: PanelMember, actor: User, reason: str) -> None:
    require_office(actor, access.ROUND)
    reason = require_reason(reason)
    with transaction.atomic():
        locked = _lock_round(member.round)
        check(locked, "manage_panel", actor)
        assignments = Assignment.objects.filter(round=locked, expert=member.expert, is_active=True)
        if assignments.filter(sheet__status=ScoreSheet.Status.SUBMITTED).exists():
            raise ReviewError(_("该专家已有提交的评分表，请先退回或免评后再调整。"))
        for assignment in assignments:
            unassign(assignment=assignment, actor=actor, reason=reason)
        PanelMember.objects.filter(pk=member.pk).delete()


def assign(
    *,
    review_round: ReviewRound,
    expert: ExpertProfile,
    application: Application,
    actor: User,
    reason: str,
) -> Assignment:
    """A manual assignment, with its reason. A conflicted expert is refused."""
    require_office(actor, access.ROUND)
    reason = require_reason(reason)
    with transaction.atomic():
        locked = _lock_round(review_round)
        check(locked, "assign", actor, application=application)
        if is_conflicted(expert, application):
            raise ReviewError(_("该专家与该申报存在回避关系，不能分配。"))
        if not PanelMember.objects.filter(round=locked, expert=expert).exists():
            add_panel_member(review_round=locked, expert=expert, actor=actor, reason=reason)
        existing = Assignment.objects.filter(
            round=locked, expert=expert, application=application
        ).first()
        if existing is not None:
            if existing.is_active:
                raise ReviewError(_("该专家已被分配评审该申报。"))
            Assignment.objects.filter(pk=existing.pk).update(
                is_active=True,
                source=PanelMember.Source.MANUAL,
                reason=reason,
                withdrawn_reason="",
                attested_at=None,
            )
            sheet = ScoreSheet.objects.filter(assignment=existing).first()
            if sheet is not None and status_allows(sheet, "reinstate"):
                transition(sheet, "reinstate", actor, reason=reason)
            else:  # the sheet counts again as it stands
                assignment_changed(locked, application.pk, expert.pk)
            existing.refresh_from_db()
            return existing
        return _new_assignment(
            review_round=locked,
            expert_id=expert.pk,
            application=application,
            source=PanelMember.Source.MANUAL,
            reason=reason,
        )


def unassign(*, assignment: Assignment, actor: User, reason: str) -> None:
    require_office(actor, access.ROUND)
    reason = require_reason(reason)
    with transaction.atomic():
        sheet = ScoreSheet.objects.select_for_update().get(assignment=assignment)
        check(sheet, "unassign", actor)
        Assignment.objects.filter(pk=assignment.pk).update(is_active=False, withdrawn_reason=reason)
        if status_allows(sheet, "void"):  # a void sheet stays void
            transition(sheet, "void", actor, reason=reason, unassigning=True)


def open_round(*, review_round: ReviewRound, actor: User) -> ReviewRound:
    ensure_settings(edition=review_round.edition)
    return transition(review_round, "open", actor)


def close_round(*, review_round: ReviewRound, actor: User, summary: str) -> ReviewRound:
    """Close a round with its report: every sheet is submitted or excused, every application
    has an advancement decision; the results are frozen."""
    return transition(review_round, "close", actor, summary=(summary or "").strip())


# --- advancement -----------------------------------------------------------------------------


def decide_advancement(
    *,
    review_round: ReviewRound,
    actor: User,
    method: str,
    threshold: Decimal | None = None,
    top_n: int | None = None,
    choices: Mapping[int, tuple[bool, str]] | None = None,
) -> list[AdvancementDecision]:
    """Decide who advances: by a score line (percent of full marks), by the top N of each
    kind (organizations and individuals ranked apart), or one by one with reasons. A later
    decision on an application replaces the earlier one; the history keeps both."""
    require_office(actor, access.ROUND)
    with transaction.atomic():
        locked = _lock_round(review_round)
        check(locked, "decide_advancement", actor)
        if active_sheets(locked).exclude(status__in=FINAL_SHEET_STATUSES).exists():
            raise ReviewError(_("还有评分表未提交，暂不能决定晋级名单。"))
        rows = round_results(locked)
        stage_label = Stage(locked.stage).label
        decided: dict[int, tuple[bool, str]] = {}
        if method == AdvancementDecision.Method.THRESHOLD:
            if threshold is None or not (0 <= threshold <= 100):
                raise ReviewError(_("请填写 0 到 100 之间的分数线（得分率%）。"))
            for row in rows:
                if row.percent is None:
                    continue
                passed = row.percent >= threshold
                decided[row.application.pk] = (
                    passed,
                    _("%(stage)s得分率 %(p)s%%，%(cmp)s分数线 %(t)s%%。")
                    % {
                        "stage": stage_label,
                        "p": row.percent,
                        "cmp": _("达到") if passed else _("未达到"),
                        "t": scoring.plain(threshold),
                    },
                )
        elif method == AdvancementDecision.Method.TOP_N:
            if not top_n or top_n < 1:
                raise ReviewError(_("请填写晋级名额（正整数）。"))
            for row in rows:
                if row.rank is None:
                    continue
                passed = row.rank <= top_n
                decided[row.application.pk] = (
                    passed,
                    _("%(stage)s同类排名第 %(rank)d 名，晋级名额 %(n)d 名。")
                    % {"stage": stage_label, "rank": row.rank, "n": top_n},
                )
        elif method == AdvancementDecision.Method.MANUAL:
            known = {row.application.pk for row in rows}
            for application_id, (advances, reason) in (choices or {}).items():
                if application_id not in known:
                    raise ReviewError(_("申报不在本轮评审范围内。"))
                if not (reason or "").strip():
                    raise ReviewError(_("逐项决定须为每份申报填写理由。"))
                decided[application_id] = (bool(advances), reason.strip())
        else:
            raise ReviewError(_("请选择决定方式。"))
        records = []
        for application_id, (advances, reason) in decided.items():
            record, _created = AdvancementDecision.objects.update_or_create(
                round=locked,
                application_id=application_id,
                defaults={
                    "advances": advances,
                    "method": method,
                    "reason": reason,
                    "decided_by": actor,
                },
            )
            records.append(record)
    return records


def _advance_target(stage: str, application: Application) -> str:
    if stage == Stage.MATERIAL_REVIEW:
        return Status.ONSITE_REVIEW
    if stage == Stage.ONSITE_REVIEW:
        if application.category.kind == ApplicantKind.ORGANIZATION:
            return Status.DEFENSE
        return Status.DELIBERATION
    return Status.DELIBERATION


def apply_advancement(
    *, review_round: ReviewRound, actor: User, ip: str | None = None
) -> tuple[list[ApplicationEvent], dict[int, str]]:
    """Carry out the decisions of a closed round through the lifecycle: advance, or eliminate
    (the applicant is notified with the stage). Running it again does nothing twice."""
    require_office(actor, access.ROUND)
    check(ReviewRound.objects.get(pk=review_round.pk), "apply_advancement", actor)
    stage_status = STATUS_OF_STAGE[review_round.stage]
    stage_label = Stage(review_round.stage).label
    events, refused = [], {}
    pending = review_round.decisions.filter(applied_at__isnull=True).select_related(
        "application__category", "application__edition"
    )
    for decision in pending:
        application = decision.application
        if decision.advances:
            target = _advance_target(review_round.stage, application)
            reason = decision.reason
        else:
            target = Status.ELIMINATED
            reason = _("未通过%(stage)s：%(reason)s") % {
                "stage": stage_label,
                "reason": decision.reason,
            }
        if application.status != stage_status:
            if application.status == target:
                AdvancementDecision.objects.filter(pk=decision.pk).update(applied_at=timezone.now())
            else:
                refused[application.pk] = _("申报当前状态为“%(status)s”。") % {
                    "status": application.get_status_display()
                }
            continue
        try:
            with transaction.atomic():
                events.append(
                    move_application(
                        application=application, to=target, actor=actor, reason=reason, ip=ip
                    )
                )
                AdvancementDecision.objects.filter(pk=decision.pk).update(applied_at=timezone.now())
        except TransitionError as exc:
            refused[application.pk] = exc.message
    return events, refused


# --- feedback --------------------------------------------------------------------------------


def release_feedback(*, edition: Edition, actor: User) -> ReviewSettings:
    """After the edition, applicants may read their feedback report (no expert names)."""
    require_office(actor, access.ROUND)
    if edition.stage not in (Stage.COMMENDATION, Stage.CLOSED):
        raise ReviewError(_("评选结束（进入表扬授奖阶段）后方可发布反馈报告。"))
    settings_obj = ensure_settings(edition=edition)
    ReviewSettings.objects.filter(pk=settings_obj.pk, feedback_released_at__isnull=True).update(
        feedback_released_at=timezone.now()
    )
    settings_obj.refresh_from_db()
    return settings_obj


def feedback_released(edition: Edition) -> bool:
    return ReviewSettings.objects.filter(
        edition=edition, feedback_released_at__isnull=False
    ).exists()
