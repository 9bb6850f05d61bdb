"""A whole review: three rounds, ten applications, seven experts, from the draw to deliberation."""

from datetime import date, datetime, timedelta

import pytest
from django.utils import timezone

from applications.lifecycle import advance_edition
from applications.models import Application, Notification, Stage, Status
from award_portal.workflow.engine import changes_of
from review import scoring
from review.conflicts import services as conflict_services
from review.models import (
    AdvancementDecision,
    Assignment,
    Conflict,
    ConflictKind,
    ReviewRound,
    RoundResult,
    ScoreSheet,
)
from review.rounds import results, selectors, services
from review.sheets import services as sheet_services
from review.visits import services as visit_services
from tests.review.helpers import (
    attest,
    close_by_threshold,
    make_applications,
    make_pool,
    open_round,
    record_visit_today,
    score_sheet,
)

# How generous each expert is (fraction of full marks); expert 6 is far harsher than the rest.
GENEROSITY = [0.8, 0.75, 0.7, 0.85, 0.65, 0.3, 0.72]


def _score_all(review_round, experts, *, bonus=None):
    bonus = bonus or {}
    for assignment in Assignment.objects.filter(round=review_round, is_active=True).select_related(
        "expert", "application"
    ):
        attest(assignment)
        index = experts.index(assignment.expert)
        fraction = GENEROSITY[index] + bonus.get(assignment.application_id, 0)
        score_sheet(assignment.sheet, assignment.expert.user, min(fraction, 1.0))


@pytest.mark.django_db
def test_review_three_rounds_end_to_end(review_edition, office):
    # Arrange: 8 organizations and 2 individuals in material review, 7 experts in the pool.
    edition = review_edition
    apps = make_applications(edition, organizations=8, individuals=2)
    experts = make_pool(edition, 7)
    # Expert 0 works for applicant 0 (automatic conflict by credit code).
    experts[0].employer = apps[0].applicant_name
    experts[0].employer_credit_code = apps[0].identifier
    experts[0].save()
    # Expert 1 coached applicant 1 last year (declared conflict, by name).
    conflict_services.declare_conflict(
        expert=experts[1],
        actor=experts[1].user,
        kind=ConflictKind.CONSULTING,
        organization_name=apps[1].applicant_name,
        note="2022 年为其提供卓越绩效辅导。",
    )
    conflict_services.detect_conflicts(edition=edition, actor=office)
    automatic = Conflict.objects.get(source=Conflict.Source.AUTOMATIC)
    declared = Conflict.objects.get(source=Conflict.Source.DECLARED)
    conflict_services.decide_conflict(
        conflict=automatic, actor=office, confirm=True, reason="同一单位，确认回避。"
    )
    conflict_services.decide_conflict(
        conflict=declared, actor=office, confirm=True, reason="近三年辅导关系，确认回避。"
    )
    # A bonus makes the ranking clear: the earlier applications score higher.
    bonus = {app.pk: 0.1 - 0.02 * i for i, app in enumerate(apps)}

    # Act 1: material review.
    material = open_round(edition, office, seed="material-2023")
    assert not Assignment.objects.filter(expert=experts[0], application=apps[0]).exists()
    assert not Assignment.objects.filter(expert=experts[1], application=apps[1]).exists()
    per_app = Assignment.objects.filter(round=material, is_active=True)
    assert {per_app.filter(application=a).count() for a in apps} == {5}
    _score_all(material, experts, bonus=bonus)
    # The office returns one sheet; the expert corrects it and submits again.
    reopened = ScoreSheet.objects.filter(assignment__round=material).first()
    sheet_services.reopen_sheet(
        sheet=reopened, actor=office, reason="第 4.7.4 条与财务数据不符，请复核。"
    )
    reopened.refresh_from_db()
    assert reopened.status == ScoreSheet.Status.DRAFT
    score_sheet(reopened, reopened.assignment.expert.user, 0.7)
    assert [change.move for change in changes_of(reopened)] == [
        "submit",
        "reopen",
        "submit",
    ]
    services.decide_advancement(
        review_round=material, actor=office, method=AdvancementDecision.Method.TOP_N, top_n=6
    )
    # By hand: the last individual advances anyway, with reasons.
    services.decide_advancement(
        review_round=material,
        actor=office,
        method=AdvancementDecision.Method.MANUAL,
        choices={apps[9].pk: (True, "个人类申报较少，经评审组讨论保留进入现场评审。")},
    )
    services.close_round(review_round=material, actor=office, summary="材料评审意见：……")
    events, refused = services.apply_advancement(review_round=material, actor=office)

    # Assert 1: trimmed mean, advancement, elimination notices with the stage.
    assert refused == {}
    result = RoundResult.objects.get(round=material, application=apps[2])
    totals = list(
        ScoreSheet.objects.filter(
            assignment__round=material,
            assignment__application=apps[2],
            status=ScoreSheet.Status.SUBMITTED,
        ).values_list("total", flat=True)
    )
    assert len(totals) == 5
    expected = (sum(totals) - max(totals) - min(totals)) / 3
    assert result.aggregate == scoring.q2(expected)
    statuses = dict(Application.objects.filter(edition=edition).values_list("pk", "status"))
    advancing = set(
        AdvancementDecision.objects.filter(round=material, advances=True).values_list(
            "application_id", flat=True
        )
    )
    assert {pk for pk, s in statuses.items() if s == Status.ONSITE_REVIEW} == advancing
    eliminated = [pk for pk, s in statuses.items() if s == Status.ELIMINATED]
    assert len(eliminated) == len(apps) - len(advancing)
    eliminated_app = Application.objects.get(pk=eliminated[0])
    assert eliminated_app.eliminated_stage == Stage.MATERIAL_REVIEW
    notice = Notification.objects.filter(recipient=eliminated_app.owner.email).first()
    assert notice is not None
    assert "材料评审" in notice.subject + notice.body
    assert services.apply_advancement(review_round=material, actor=office) == ([], {})

    # Act 2: on-site review.
    advance_edition(edition=edition, actor=office, reason="材料评审结束。")
    edition.refresh_from_db()
    assert edition.stage == Stage.ONSITE_REVIEW
    onsite = open_round(edition, office, seed="onsite-2023")
    assert onsite.checklist is not None
    onsite_app = Application.objects.filter(
        edition=edition, status=Status.ONSITE_REVIEW, category__kind="organization"
    ).first()
    team = [
        m.expert
        for m in onsite.members.all()
        if not Conflict.objects.filter(
            expert=m.expert, application=onsite_app, decision__in=Conflict.BLOCKING
        ).exists()
    ][:3]
    checks = {item.pk: ("confirmed", "原件已核") for item in onsite.checklist.items.all()}
    record_visit_today(
        onsite,
        onsite_app,
        office,
        team,
        place="攀枝花市东区",
        findings="现场管理与材料描述一致。",
        checks=checks,
    )
    _score_all(onsite, experts, bonus=bonus)
    close_by_threshold(onsite, office, 50, "现场评审意见：……")
    assert Application.objects.filter(edition=edition, status=Status.ONSITE_REVIEW).count() == 0
    assert set(
        Application.objects.filter(edition=edition, status=Status.DELIBERATION).values_list(
            "category__kind", flat=True
        )
    ) == {"individual"}

    # Act 3: defense (organizations only).
    advance_edition(edition=edition, actor=office)
    edition.refresh_from_db()
    defense = open_round(edition, office, seed="defense-2023")
    defense_apps = list(selectors.round_applications(defense))
    assert defense_apps and all(a.category.kind == "organization" for a in defense_apps)
    start = timezone.make_aware(
        datetime.combine(date.today() + timedelta(days=3), datetime.min.time())
    )
    for order, app in enumerate(defense_apps, start=1):
        visit_services.schedule_defense(
            review_round=defense,
            application=app,
            actor=office,
            order=order,
            starts_at=start + timedelta(minutes=30 * order),
            place="市政府第三会议室",
            presenter="总经理",
        )
    _score_all(defense, experts, bonus=bonus)
    close_by_threshold(defense, office, 0, "答辩评审意见：……")
    advance_edition(edition=edition, actor=office)
    edition.refresh_from_db()

    # Assert 3: every round closed with a report; the edition deliberates.
    assert edition.stage == Stage.DELIBERATION
    assert list(ReviewRound.objects.filter(edition=edition).values_list("status", flat=True)) == [
        "closed",
        "closed",
        "closed",
    ]
    assert Application.objects.filter(edition=edition, status=Status.DEFENSE).count() == 0
    # The conflicted experts never had a sheet on their applications, in any round.
    assert not ScoreSheet.objects.filter(
        assignment__expert=experts[0], assignment__application=apps[0]
    ).exists()
    assert not ScoreSheet.objects.filter(
        assignment__expert=experts[1], assignment__application=apps[1]
    ).exists()
    # The harsh expert is flagged for the leader's discussion.
    rows = results.round_results(material)
    flagged = {cell.expert_id for row in rows for cell in row.flagged}
    assert experts[5].pk in flagged
