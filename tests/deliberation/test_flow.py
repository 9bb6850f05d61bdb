"""Proposed list, leadership decision, publicity, substitution (递补), award and closing."""

from datetime import date, timedelta

import pytest

from applications.lifecycle import TransitionError, transition
from applications.models import Application, ApplicationEvent, Stage, Status
from award_portal.accounts.models import Role
from publicity.models import PublicityWindow, WindowKind
from review.awards import services as awards
from review.deliberation import selectors
from review.deliberation import services as deliberation
from review.errors import ReviewError
from review.models import (
    Certificate,
    DeliberationEvent,
    LeadershipDecision,
    Proposal,
    ProposedList,
    Revocation,
)
from tests.deliberation.helpers import (
    SUMMARY,
    approve,
    candidate,
    concluded,
    drafted,
    end_window,
    government_approval,
    publicize,
    set_stage,
    set_status,
    uphold_objection,
)
from tests.factories import UserFactory

# Working days are counted from today here: a day of a year the calendar knows.
pytestmark = [pytest.mark.django_db, pytest.mark.now("2026-11-16")]


def _status(app) -> str:
    return Application.objects.get(pk=app.pk).status


def _organizations(edition, office, count: int):
    """`count` organizations scoring 90, 88, 86 … (all above the minimum of 60)."""
    return [
        candidate(
            edition,
            office,
            f"攀枝花企业{i + 1}",
            material=90 - 2 * i,
            onsite=90 - 2 * i,
            defense=90 - 2 * i,
        )
        for i in range(count)
    ]


# --- the proposed list --------------------------------------------------------------------------


def test_draft_proposed_list_fills_quota_in_rank_order(delib_edition, office):
    orgs = _organizations(delib_edition, office, 4)
    person = candidate(delib_edition, office, "刘犇", material=80, onsite=80, individual=True)

    proposed = drafted(delib_edition, office)

    assert proposed.kind == ProposedList.Kind.ORIGINAL
    assert [(p.application, p.rank) for p in proposed.proposals.order_by("kind", "rank")] == [
        (person, 1),
        (orgs[0], 1),
        (orgs[1], 2),
        (orgs[2], 3),
    ]
    assert [_status(a) for a in orgs] == [Status.PROPOSED] * 3 + [Status.DELIBERATION]
    assert (proposed.organization_vacancies, proposed.individual_vacancies) == (0, 4)


def test_draft_proposed_list_leaves_places_vacant_below_minimum(delib_edition, office):
    good = candidate(delib_edition, office, "甲公司", material=80, onsite=80, defense=80)
    candidate(delib_edition, office, "乙公司", material=50, onsite=50, defense=50)

    proposed = drafted(delib_edition, office)

    assert [p.application for p in proposed.proposals.all()] == [good]
    assert proposed.organization_vacancies == 2
    event = DeliberationEvent.objects.get(kind=DeliberationEvent.Kind.LIST_DRAFTED)
    assert event.note == "组织奖空缺2名；个人奖空缺5名"


def test_draft_proposed_list_out_of_rank_order_needs_a_reason(delib_edition, office):
    orgs = _organizations(delib_edition, office, 4)
    choice = [orgs[0], orgs[1], orgs[3]]

    with pytest.raises(ReviewError) as refused:
        deliberation.draft_proposed_list(
            edition=delib_edition, actor=office, summary=SUMMARY, applications=choice
        )
    proposed = deliberation.draft_proposed_list(
        edition=delib_edition,
        actor=office,
        summary=SUMMARY,
        applications=choice,
        reason="第3名企业正在接受行政处罚调查，暂不提名。",
    )

    assert refused.value.message == "提名与综合得分排名不一致，请说明理由。"
    assert {p.application for p in proposed.proposals.all()} == set(choice)


def test_draft_proposed_list_over_quota_is_refused(delib_edition, office):
    orgs = _organizations(delib_edition, office, 4)

    with pytest.raises(ReviewError) as refused:
        deliberation.draft_proposed_list(
            edition=delib_edition, actor=office, summary=SUMMARY, applications=orgs, reason="全部"
        )

    assert refused.value.message == "组织奖只有3个名额，提名超出名额。"
    assert ProposedList.objects.count() == 0
    assert {_status(a) for a in orgs} == {Status.DELIBERATION}


def test_draft_proposed_list_by_leader_or_in_wrong_stage_is_refused(delib_edition, office, leader):
    _organizations(delib_edition, office, 1)

    with pytest.raises(ReviewError) as by_leader:
        deliberation.draft_proposed_list(edition=delib_edition, actor=leader, summary=SUMMARY)
    set_stage(delib_edition, Stage.DEFENSE)
    with pytest.raises(ReviewError) as wrong_stage:
        drafted(delib_edition, office)

    assert by_leader.value.message == "只有市质量强市办可以执行此操作。"
    assert wrong_stage.value.message == "本届评选当前处于“陈述答辩”阶段，此操作属于“审议公示”阶段。"


def test_within_quota_guard_refuses_a_fourth_organization(delib_edition, office):
    orgs = _organizations(delib_edition, office, 4)
    drafted(delib_edition, office)

    with pytest.raises(TransitionError) as refused:
        transition(application=orgs[3], to=Status.PROPOSED, actor=office)

    assert refused.value.message == "组织奖名额（3名）已满，不能再列入拟获奖建议名单。"


# --- the leadership decision --------------------------------------------------------------------


def test_leadership_approval_moves_the_list_to_approved(delib_edition, office, leader):
    orgs = _organizations(delib_edition, office, 2)
    proposed = drafted(delib_edition, office)

    decision = approve(proposed, leader)

    proposed.refresh_from_db()
    assert proposed.status == ProposedList.Status.APPROVED
    assert list(proposed.history.order_by("history_id").values_list("status", flat=True)) == [
        "draft",
        "approved",
    ]
    assert decision.outcome == LeadershipDecision.Outcome.APPROVED
    assert [_status(a) for a in orgs] == [Status.APPROVED, Status.APPROVED]
    event = ApplicationEvent.objects.filter(application=orgs[0]).last()
    assert (event.move, event.actor_role) == ("approve", Role.LEADER)
    assert event.reason.startswith("领导小组审议通过（攀质强领〔2023〕5号")


def test_leadership_return_sends_the_list_back_and_a_new_one_is_drafted(
    delib_edition, office, leader
):
    orgs = _organizations(delib_edition, office, 3)
    first = drafted(delib_edition, office)

    def send_back(**opinion):
        return deliberation.record_leadership_decision(
            proposed_list=first,
            actor=leader,
            approved=False,
            meeting_date=date.today(),
            document_number="攀质强领纪〔2023〕3号",
            **opinion,
        )

    with pytest.raises(ReviewError) as no_opinion:
        send_back()
    send_back(opinion="请核实第三名企业的信用记录后重新提出。")
    second = deliberation.draft_proposed_list(
        edition=delib_edition, actor=office, summary=SUMMARY + "（已核实信用记录）"
    )

    first.refresh_from_db()
    assert no_opinion.value.message == "退回名单须填写领导小组的审议意见。"
    assert first.status == ProposedList.Status.RETURNED
    assert second.kind == ProposedList.Kind.ORIGINAL
    assert {p.application for p in second.proposals.all()} == set(orgs)
    unpropose = ApplicationEvent.objects.get(application=orgs[2], move="unpropose")
    assert unpropose.reason == "请核实第三名企业的信用记录后重新提出。"


def test_leadership_decision_twice_or_by_supervisor_is_refused(
    delib_edition, office, leader, supervisor
):
    _organizations(delib_edition, office, 1)
    proposed = drafted(delib_edition, office)

    with pytest.raises(ReviewError) as by_supervisor:
        approve(proposed, supervisor)
    approve(proposed, leader)
    with pytest.raises(ReviewError) as twice:
        approve(proposed, leader)

    assert by_supervisor.value.message == "只有领导小组或市质量强市办可以记录领导小组的审议结果。"
    assert twice.value.message == "该名单已有审议结果（领导小组审议通过），不能重复记录。"
    assert LeadershipDecision.objects.count() == 1


def test_publicize_unapproved_list_is_refused(delib_edition, office):
    _organizations(delib_edition, office, 1)
    proposed = drafted(delib_edition, office)

    with pytest.raises(ReviewError) as refused:
        publicize(proposed, office)

    assert refused.value.message == "只有经领导小组审议通过的名单才能公示。"
    assert PublicityWindow.objects.count() == 0


# --- publicity and substitution -----------------------------------------------------------------


def test_upheld_objection_disqualifies_and_substitutes_twice(delib_edition, office, leader):
    orgs = _organizations(delib_edition, office, 5)
    candidate(delib_edition, office, "低分企业", material=40, onsite=40, defense=40)
    original = drafted(delib_edition, office)
    approve(original, leader)
    window = publicize(original, office)

    # Act 1: the objection against the 2nd is upheld: the 4th is proposed in its place.
    uphold_objection(window, orgs[1], office)

    substitute_list = ProposedList.objects.get(kind=ProposedList.Kind.SUBSTITUTE)
    first_substitute = substitute_list.proposals.get()
    assert _status(orgs[1]) == Status.DISQUALIFIED
    assert (first_substitute.application, first_substitute.replaces.application) == (
        orgs[3],
        orgs[1],
    )
    assert _status(orgs[3]) == Status.PROPOSED

    # Act 2: the substitute is approved and publicized in its own window; an objection
    # against it is upheld too: the 5th gets the place.
    approve(substitute_list, leader, number="攀质强领〔2023〕6号")
    second_window = publicize(substitute_list, office)
    assert second_window.kind == WindowKind.SUBSTITUTE
    assert [e.application for e in second_window.entries.all()] == [orgs[3]]
    uphold_objection(second_window, orgs[3], office)

    latest = ProposedList.objects.filter(kind=ProposedList.Kind.SUBSTITUTE).last()
    second_substitute = latest.proposals.get()
    assert (second_substitute.application, second_substitute.replaces.application) == (
        orgs[4],
        orgs[3],
    )
    # Act 3: the 5th is objected to as well: the place stays vacant (the 6th is below 60).
    approve(latest, leader, number="攀质强领〔2023〕7号")
    third_window = publicize(latest, office)
    uphold_objection(third_window, orgs[4], office)

    assert [_status(a) for a in orgs] == [
        Status.APPROVED,
        Status.DISQUALIFIED,
        Status.APPROVED,
        Status.DISQUALIFIED,
        Status.DISQUALIFIED,
    ]
    assert ProposedList.objects.filter(status=ProposedList.Status.DRAFT).count() == 0
    kinds = list(DeliberationEvent.objects.values_list("kind", flat=True))
    assert kinds.count(DeliberationEvent.Kind.SUBSTITUTED) == 2
    assert kinds[-1] == DeliberationEvent.Kind.PLACE_VACANT
    moves = list(
        ApplicationEvent.objects.filter(application=orgs[3]).values_list("move", flat=True)
    )
    assert moves == ["propose", "approve", "disqualify"]


def test_publicity_passed_then_deliberation_concludes(delib_edition, office, leader):
    orgs = _organizations(delib_edition, office, 4)
    original = drafted(delib_edition, office)
    approve(original, leader)
    window = publicize(original, office)

    with pytest.raises(ReviewError) as too_early:
        deliberation.conclude_deliberation(edition=delib_edition, actor=office)
    end_window(window, office)
    deliberation.conclude_deliberation(
        edition=delib_edition, actor=office, reason="公示期满无异议。"
    )

    delib_edition.refresh_from_db()
    assert too_early.value.message == "拟获奖名单公示尚未结束，或公示收到的异议尚未全部办结。"
    assert delib_edition.stage == Stage.COMMENDATION
    assert _status(orgs[3]) == Status.ELIMINATED
    assert Application.objects.get(pk=orgs[3].pk).eliminated_stage == Stage.DELIBERATION
    original.refresh_from_db()
    assert original.publicity_passed_at is not None


def _through_deliberation(edition, office, leader, orgs_count=3, people=()):
    orgs = _organizations(edition, office, orgs_count)
    persons = [
        candidate(edition, office, name, material=85, onsite=85 - i, individual=True)
        for i, name in enumerate(people)
    ]
    concluded(edition, office, leader)
    return orgs, persons


# --- award --------------------------------------------------------------------------------------


def test_government_approval_awards_winners_with_certificate_numbers(delib_edition, office, leader):
    orgs, persons = _through_deliberation(delib_edition, office, leader, people=["张堃"])

    government_approval(delib_edition, office)

    assert [_status(a) for a in orgs + persons] == [Status.AWARDED] * 4
    assert list(Certificate.objects.values_list("number", "holder_name")) == [
        ("PZHZLJ-03-GR001", "张堃"),
        ("PZHZLJ-03-ZZ001", "攀枝花企业1"),
        ("PZHZLJ-03-ZZ002", "攀枝花企业2"),
        ("PZHZLJ-03-ZZ003", "攀枝花企业3"),
    ]
    certificate = Certificate.objects.get(application=persons[0])
    assert (certificate.issuer, certificate.award_name, certificate.document_number) == (
        "攀枝花市人民政府",
        "第三届攀枝花市政府质量奖",
        "攀府函〔2023〕88号",
    )


def test_award_before_deliberation_ends_is_refused(delib_edition, office, leader):
    with pytest.raises(ReviewError) as refused:
        government_approval(delib_edition, office)

    assert refused.value.message == "本届评选当前处于“审议公示”阶段，此操作属于“表扬授奖”阶段。"


def test_award_guard_refuses_a_winner_whose_publicity_did_not_pass(delib_edition, office, leader):
    app = candidate(delib_edition, office, "甲公司", material=80, onsite=80, defense=80)
    set_status(app, Status.APPROVED)
    set_stage(delib_edition, Stage.COMMENDATION)

    with pytest.raises(TransitionError) as refused:
        transition(application=app, to=Status.AWARDED, actor=office)

    assert refused.value.message == "“甲公司”尚未列入拟获奖名单公示。"


def test_commendation_notice_and_close_edition(delib_edition, office, leader):
    _through_deliberation(delib_edition, office, leader, orgs_count=2)
    government_approval(delib_edition, office)

    with pytest.raises(ReviewError) as before_notice:
        awards.close_edition(edition=delib_edition, actor=office)
    texts = awards.default_commendation_texts(delib_edition)
    notice = awards.publish_commendation(edition=delib_edition, actor=office, **texts)
    archive = awards.close_edition(edition=delib_edition, actor=office, reason="归档。")

    delib_edition.refresh_from_db()
    assert before_notice.value.message == "表扬决定尚未发布。"
    assert notice.document_number == "攀府函〔2023〕88号"
    assert notice.title == "攀枝花市人民政府关于表扬第三届攀枝花市政府质量奖获奖组织和个人的决定"
    assert delib_edition.stage == Stage.CLOSED
    assert archive.statistics["totals"]["awarded_organizations"] == 2
    with pytest.raises(ReviewError) as read_only:
        awards.publish_commendation(edition=delib_edition, actor=office, **texts)
    assert read_only.value.message == "本届评选已结束归档，不能再修改。"


# --- revocation ---------------------------------------------------------------------------------


def test_revoke_award_keeps_the_certificate_and_records_the_reason(delib_edition, office, leader):
    orgs, _persons = _through_deliberation(delib_edition, office, leader, orgs_count=1)
    government_approval(delib_edition, office)

    revocation = awards.revoke_award(
        application=orgs[0],
        actor=office,
        reason="获奖后发生重大质量安全事故。",
        document_number="攀府函〔2024〕12号",
        decided_on=date.today(),
    )

    assert _status(orgs[0]) == Status.REVOKED
    assert Certificate.objects.filter(application=orgs[0]).exists()
    assert revocation.document_number == "攀府函〔2024〕12号"
    assert ApplicationEvent.objects.filter(application=orgs[0]).last().move == "revoke"


def test_revoke_award_by_applicant_or_without_reason_is_refused(delib_edition, office, leader):
    orgs, _persons = _through_deliberation(delib_edition, office, leader, orgs_count=1)
    government_approval(delib_edition, office)

    today = date.today()
    attempts = [  # without a reason, by the applicant, dated tomorrow
        (office, " ", today, "请填写撤销理由。"),
        (UserFactory(), "理由", today, "只有市质量强市办可以执行此操作。"),
        (office, "理由", today + timedelta(days=1), "撤销日期不能晚于今天。"),
    ]

    for actor, reason, decided_on, message in attempts:
        with pytest.raises(ReviewError) as refused:
            awards.revoke_award(
                application=orgs[0],
                actor=actor,
                reason=reason,
                document_number="X",
                decided_on=decided_on,
            )
        assert refused.value.message == message
    assert _status(orgs[0]) == Status.AWARDED
    assert Revocation.objects.count() == 0


def test_selectors_publicity_problem_after_upheld_objection(delib_edition, office, leader):
    orgs = _organizations(delib_edition, office, 1)
    original = drafted(delib_edition, office)
    approve(original, leader)
    window = publicize(original, office)
    uphold_objection(window, orgs[0], office)

    assert selectors.publicity_problem(orgs[0]) == "对“攀枝花企业1”的异议已成立。"
    assert Proposal.objects.count() == 1
