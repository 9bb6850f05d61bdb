"""Writes of on-site visits and defenses: a visit's date, place, team, checklist verdicts and
findings; the order, time and place of an organization's defense."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, datetime

from django.db import transaction
from django.utils.translation import gettext as _

from applications.models import Application, Stage
from award_portal import access
from award_portal.access import is_conflicted
from award_portal.access.conditions import Visit
from award_portal.accounts.models import ApplicantKind, User
from award_portal.workflow.engine import check
from review.errors import ReviewError, require_office
from review.models import (
    ChecklistResult,
    DefenseSlot,
    ExpertProfile,
    OnsiteVisit,
    PanelMember,
    ReviewRound,
)
from review.rounds.selectors import round_applications


def _require_office_or_leader(actor: User, visit: Visit) -> None:
    if not access.may(actor, access.EDIT, access.VISIT, visit):
        raise ReviewError(_("只有市质量强市办或评审组组长可以执行此操作。"))


def record_visit(
    *,
    review_round: ReviewRound,
    application: Application,
    actor: User,
    visit_date: date,
    place: str,
    team: Iterable[ExpertProfile],
    findings: str = "",
    checks: Mapping[int, tuple[str, str]] | None = None,
) -> OnsiteVisit:
    """Plan or record an on-site visit: date, place, team, checklist verdicts, findings."""
    _require_office_or_leader(actor, Visit(review_round, application.pk))
    if review_round.stage != Stage.ONSITE_REVIEW:
        raise ReviewError(_("现场评审安排只属于现场评审轮次。"))
    check(review_round, "arrange", actor)
    if not round_applications(review_round).filter(pk=application.pk).exists():
        raise ReviewError(_("该申报不在本轮评审范围内。"))
    team = list(team)
    members = set(
        PanelMember.objects.filter(round=review_round).values_list("expert_id", flat=True)
    )
    for expert in team:
        if expert.pk not in members:
            raise ReviewError(_("现场评审组成员必须来自本轮评审组。"))
        if is_conflicted(expert, application):
            raise ReviewError(_("专家 %(name)s 与该申报存在回避关系。") % {"name": expert.name})
    checklist_items = (
        {i.pk: i for i in review_round.checklist.items.all()} if review_round.checklist else {}
    )
    with transaction.atomic():
        visit, _created = OnsiteVisit.objects.update_or_create(
            round=review_round,
            application=application,
            defaults={
                "visit_date": visit_date,
                "place": place.strip(),
                "findings": findings.strip(),
                "recorded_by": actor,
            },
        )
        visit.team.set(team)
        for item_id, (verdict, note) in (checks or {}).items():
            if item_id not in checklist_items or verdict not in ChecklistResult.Verdict.values:
                raise ReviewError(_("核查事项或结论无效。"))
            ChecklistResult.objects.update_or_create(
                visit=visit, item_id=item_id, defaults={"verdict": verdict, "note": note.strip()}
            )
    return visit


def schedule_defense(
    *,
    review_round: ReviewRound,
    application: Application,
    actor: User,
    order: int,
    starts_at: datetime,
    place: str,
    presenter: str = "",
) -> DefenseSlot:
    require_office(actor, access.ROUND)
    if review_round.stage != Stage.DEFENSE:
        raise ReviewError(_("答辩安排只属于陈述答辩轮次。"))
    check(review_round, "arrange", actor)
    if application.category.kind != ApplicantKind.ORGANIZATION:
        raise ReviewError(_("陈述答辩仅适用于申报组织。"))
    if not round_applications(review_round).filter(pk=application.pk).exists():
        raise ReviewError(_("该申报不在本轮评审范围内。"))
    if (
        DefenseSlot.objects.filter(round=review_round, order=order)
        .exclude(application=application)
        .exists()
    ):
        raise ReviewError(_("答辩顺序 %(n)d 已被占用。") % {"n": order})
    slot, _created = DefenseSlot.objects.update_or_create(
        round=review_round,
        application=application,
        defaults={
            "order": order,
            "starts_at": starts_at,
            "place": place.strip(),
            "presenter": presenter.strip(),
        },
    )
    return slot
