"""One small but complete edition for the permission matrix.

Application A of applicant `owner`, filed with unit U1, has gone all the way: pre-check,
review rounds with frozen results, the proposed list the leadership group approved (with the
minutes attached), the proposed-winner publicity with an objection and its evidence, the city
government's approval, its certificate and the published commendation notice. The material
review round is then opened again so that expert E has a current assignment on A, while
expert C, also assigned, has declared a conflict with A and leads the on-site round; expert G
leads the material round and has not submitted their own sheet on A yet. The system
administrator (staff and superuser, as the demo makes them) reads like the supervision group.
Application R of the same owner was returned for correction (the applicant's edit pages reach
it), and application S was submitted and waits for U1's pre-check; D is a draft never sent; V
was awarded beside A and its award revoked. A draft window was never published.

Statuses and stages are placed with queryset updates in setup only (as tests/review/helpers
does); the deliberation and publicity steps go through their services.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from applications.models import (
    Application,
    Category,
    Edition,
    Invitation,
    Material,
    Notification,
    RecommendingUnit,
    Stage,
    Status,
)
from applications.readmodel import refresh_application_rows
from applications.reference_data import load_reference_data
from award_portal.accounts.models import ApplicantKind, Role, User
from publicity.models import Objection, ObjectionEvidence, PublicityWindow, WindowKind
from publicity.objections import services as objections
from review.deliberation import services as deliberation
from review.deliberation.composites import refresh_composites
from review.models import (
    Assignment,
    AvoidanceRequest,
    Certificate,
    CommendationNotice,
    Conflict,
    ConflictKind,
    ExpertProfile,
    LeadershipDecision,
    PanelDraw,
    PanelMember,
    ProposedList,
    ReviewRound,
    ReviewSettings,
    RoundResult,
    Rubric,
    ScoreSheet,
)
from review.rounds.totals import rebuild_round_totals
from review.rubrics.services import load_rubrics
from tests.deliberation.helpers import (
    approve,
    closed_rounds,
    commend,
    end_window,
    publicize,
    revoke,
)
from tests.factories import PDF_BYTES, ApplicationFactory, MaterialFactory, UserFactory
from tests.review.factories import EditionExpertFactory, ExpertProfileFactory
from tests.review.helpers import set_stage

PNG_BYTES = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00"
    b"\x00\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\xff\xff?\x00\x05\xfe\x02\xfe\xa7"
    b"5\x81\x84\x00\x00\x00\x00IEND\xaeB`\x82"
)

ANONYMOUS = "anonymous"
OWNER = "owner"
OTHER_APPLICANT = "other_applicant"
UNIT = "unit"
OTHER_UNIT = "other_unit"
OFFICE = "office"
EXPERT = "expert"
CONFLICTED_EXPERT = "conflicted_expert"
SUPERVISOR = "supervisor"
LEADER = "leader"
ADMIN = "admin"
ROUND_LEADER = "round_leader"

ROLES = (
    ANONYMOUS,
    OWNER,
    OTHER_APPLICANT,
    UNIT,
    OTHER_UNIT,
    OFFICE,
    EXPERT,
    CONFLICTED_EXPERT,
    SUPERVISOR,
    LEADER,
    ADMIN,
    ROUND_LEADER,
)

# The role of each of the world's users (the anonymous visitor has none).
ROLE_OF = {
    OWNER: Role.APPLICANT,
    OTHER_APPLICANT: Role.APPLICANT,
    UNIT: Role.UNIT_OFFICER,
    OTHER_UNIT: Role.UNIT_OFFICER,
    OFFICE: Role.CITY_OFFICE,
    EXPERT: Role.EXPERT,
    CONFLICTED_EXPERT: Role.EXPERT,
    SUPERVISOR: Role.SUPERVISOR,
    LEADER: Role.LEADER,
    ADMIN: Role.ADMIN,
    ROUND_LEADER: Role.EXPERT,
}


@dataclass
class World:
    edition: Edition
    draft_edition: Edition  # the 4th, not published
    users: dict[str, User | None]
    application: Application  # A
    returned: Application  # R, returned for correction
    submitted: Application  # S, waiting for U1's pre-check
    draft: Application  # D, never sent
    revoked: Application  # V, its award revoked
    material: Material  # of A
    returned_material: Material  # of R
    invitation: Invitation  # to R
    material_round: ReviewRound  # open; E and C assigned to A
    onsite_round: ReviewRound
    defense_round: ReviewRound
    assignment: Assignment  # E on A
    conflicted_assignment: Assignment  # C on A
    member: PanelMember  # E in the material round
    conflict: Conflict  # C and A
    avoidance: AvoidanceRequest
    draw: PanelDraw
    rubric: Rubric
    proposed_list: ProposedList
    decision: LeadershipDecision
    window: PublicityWindow
    draft_window: PublicityWindow
    objection: Objection
    evidence: ObjectionEvidence
    certificate: Certificate
    notice: CommendationNotice
    expert: ExpertProfile
    conflicted_expert: ExpertProfile
    round_leader: ExpertProfile  # G, leads the material round, own sheet on A a draft
    failed_mail: Notification  # the invitation email to R's colleague, which the server refused
    extra: dict = field(default_factory=dict)


def _staff(role: str, username: str, **kwargs) -> User:
    user = UserFactory(role=role, username=username, **kwargs)
    # A confirmed device: tests/conftest.py's force_login then marks the session verified.
    TOTPDevice.objects.create(user=user, name="matrix", confirmed=True)
    return user


def _put(application: Application, status: str) -> Application:
    Application.objects.filter(pk=application.pk).update(status=status, submitted_at=timezone.now())
    refresh_application_rows([application.pk])  # the lists' read model, as a seed keeps it
    application.refresh_from_db()
    return application


def _sheet(assignment: Assignment, rubric: Rubric) -> ScoreSheet:
    return ScoreSheet.objects.create(assignment=assignment, rubric=rubric)


ORGANIZATION = "攀枝花矩阵钒钛有限公司"


def build_world(*, organization: str = ORGANIZATION, expert_name: str = "王评审") -> World:
    """The world; `organization` names the applicant of A, R, S, D and V (V as its branch), and
    `expert_name` the expert E, for tests that give them names of their own."""
    load_reference_data()
    load_rubrics()
    edition = Edition.objects.get(number=3)
    general = Category.objects.get(code="general")
    unit, other_unit = RecommendingUnit.objects.order_by("order")[:2]

    office = _staff(Role.CITY_OFFICE, "matrix-office", email="office@example.cn")
    supervisor = _staff(Role.SUPERVISOR, "matrix-supervisor")
    leader = _staff(Role.LEADER, "matrix-leader")
    admin = _staff(Role.ADMIN, "matrix-admin", is_staff=True, is_superuser=True)
    owner = UserFactory(
        username="matrix-owner",
        applicant_kind=ApplicantKind.ORGANIZATION,
        organization_name=organization,
    )
    other = UserFactory(username="matrix-other", applicant_kind=ApplicantKind.ORGANIZATION)
    unit_officer = UserFactory(role=Role.UNIT_OFFICER, username="matrix-unit", unit=unit)
    other_officer = UserFactory(
        role=Role.UNIT_OFFICER, username="matrix-other-unit", unit=other_unit
    )
    expert = ExpertProfileFactory(user=_staff(Role.EXPERT, "matrix-expert"), name=expert_name)
    conflicted = ExpertProfileFactory(user=_staff(Role.EXPERT, "matrix-conflicted"), name="李回避")
    group_leader = ExpertProfileFactory(user=_staff(Role.EXPERT, "matrix-group"), name="赵组长")
    for profile in (expert, conflicted, group_leader):
        EditionExpertFactory(edition=edition, expert=profile)

    def filed(**kwargs) -> Application:
        """An application of `owner`'s organization, filed with `unit` in the general category."""
        kwargs.setdefault("applicant_name", organization)
        kwargs.setdefault("identifier", "91510400MA0000001X")
        return ApplicationFactory(
            edition=edition, category=general, owner=owner, unit=unit, **kwargs
        )

    # --- A, from the review results to the award -----------------------------------------
    set_stage(edition, Stage.DELIBERATION)
    ReviewSettings.objects.create(edition=edition, minimum_composite=Decimal("60"))
    application = filed()
    # V, of the same owner, is awarded beside A and has its award revoked afterwards.
    revoked = filed(applicant_name=f"{organization}第二分公司", identifier="91510400MA0000002X")
    rounds = closed_rounds(edition, office)
    for candidate, percent in ((application, 90), (revoked, 85)):
        _put(candidate, Status.DELIBERATION)
        for review_round in rounds.values():
            RoundResult.objects.create(
                round=review_round,
                application=candidate,
                sheet_count=5,
                mean=Decimal(percent),
                aggregate=Decimal(percent),
                max_points=Decimal(100),
                percent=Decimal(percent),
                rank=1,
            )
        refresh_composites([candidate.pk])  # as the rounds' close keeps it
    proposed_list = deliberation.draft_proposed_list(
        edition=edition, actor=office, summary="经综合评审，提出拟获奖建议名单。"
    )
    decision = approve(proposed_list, leader)
    LeadershipDecision.objects.filter(pk=decision.pk).update(attachment_name="纪要.pdf")
    decision.refresh_from_db()
    decision.attachment.save("minutes.pdf", ContentFile(PDF_BYTES), save=True)
    window = publicize(proposed_list, office)
    objection = objections.file_objection(
        window=window,
        entry=window.entries.get(application=application),
        filer_name="张三",
        filer_identity="510402198001011234",
        phone="13800000000",
        email="zhangsan@example.cn",
        reasons="该企业近三年内发生过一般质量安全事故，不符合评选条件。",
        evidence=[SimpleUploadedFile("证据.png", PNG_BYTES, content_type="image/png")],
    )
    objections.decide_objection(
        objection=objection,
        actor=office,
        upheld=False,
        finding="经调查核实，反映的事故与该企业无关，异议不成立。",
    )
    end_window(window, office)
    deliberation.conclude_deliberation(edition=edition, actor=office)
    edition.refresh_from_db()
    notice = commend(edition, office)
    ReviewSettings.objects.filter(edition=edition).update(feedback_released_at=timezone.now())
    revoke(revoked, office, reason="获奖后发生重大质量安全事故。", number="攀府函〔2023〕99号")

    # --- the review part: the material round open again, E and C on A ---------------------
    rubric = Rubric.objects.filter(code__startswith="org", status=Rubric.Status.PUBLISHED).first()
    rubric = rubric or Rubric.objects.filter(status=Rubric.Status.PUBLISHED).first()
    material_round = rounds[Stage.MATERIAL_REVIEW]
    ReviewRound.objects.filter(pk=material_round.pk).update(
        status=ReviewRound.Status.OPEN,
        closed_at=None,
        closed_by=None,
        organization_rubric=rubric,
        opened_at=timezone.now(),
        due_date=date.today() + timedelta(days=10),
    )
    material_round.refresh_from_db()
    member = PanelMember.objects.create(
        round=material_round, expert=expert, source=PanelMember.Source.DRAW
    )
    PanelMember.objects.create(round=material_round, expert=conflicted, source="draw")
    assignment = Assignment.objects.create(
        round=material_round,
        expert=expert,
        application=application,
        source="draw",
        attested_at=timezone.now(),
    )
    _sheet(assignment, rubric)
    conflicted_assignment = Assignment.objects.create(
        round=material_round, expert=conflicted, application=application, source="draw"
    )
    _sheet(conflicted_assignment, rubric)
    PanelMember.objects.create(
        round=material_round, expert=group_leader, source="draw", is_leader=True
    )
    _sheet(
        Assignment.objects.create(
            round=material_round, expert=group_leader, application=application, source="draw"
        ),
        rubric,
    )
    conflict = Conflict.objects.create(
        expert=conflicted,
        application=application,
        source=Conflict.Source.DECLARED,
        kind=ConflictKind.EMPLOYER,
        note="曾在该企业任职。",
    )
    onsite_round = rounds[Stage.ONSITE_REVIEW]
    onsite = Assignment.objects.create(
        round=onsite_round, expert=expert, application=application, source="draw"
    )
    _sheet(onsite, rubric)
    PanelMember.objects.create(
        round=onsite_round, expert=conflicted, source=PanelMember.Source.DRAW, is_leader=True
    )
    draw = PanelDraw.objects.create(
        round=material_round,
        seed="matrix",
        algorithm="v1",
        inputs={"pool": [expert.pk, conflicted.pk], "applications": [application.pk]},
        result={"panel": [expert.pk], "assignments": [[application.pk, expert.pk]]},
        actor=office,
    )
    avoidance = AvoidanceRequest.objects.create(
        application=application,
        requested_by=owner,
        expert_name="赵某",
        reason="曾为本企业提供咨询服务。",
    )

    # --- R, returned for correction, with a material and an open invitation ---------------
    returned = _put(filed(), Status.RETURNED)
    invitation = Invitation.objects.create(
        application=returned,
        email=other.email,
        token="matrix-invitation-token",
        invited_by=owner,
        expires_at=timezone.now() + timedelta(days=7),
    )

    submitted = _put(filed(), Status.SUBMITTED)
    draft = filed()
    draft_window = PublicityWindow.objects.create(
        edition=edition,
        kind=WindowKind.SUBSTITUTE,
        title="第三届攀枝花市政府质量奖递补名单公示（草稿）",
        body="经审议，拟递补下列组织。",
        start_date=date.today(),
        workdays=5,
        created_by=office,
    )

    # The call notice of the 3rd edition, public; and a 4th edition the office has not
    # published yet, with its own notice file.
    edition.notice_file.save("notice-3.pdf", ContentFile(PDF_BYTES), save=False)
    Edition.objects.filter(pk=edition.pk).update(
        notice_file=edition.notice_file.name,
        notice_file_name="征集通知.pdf",
        notice_file_type="application/pdf",
    )
    draft_edition = Edition.objects.create(
        number=4,
        name="第四届攀枝花市政府质量奖",
        period_label="2026—2027年度",
        notice_title="关于开展第四届攀枝花市政府质量奖评选工作的通知（草稿）",
        notice_text="决定开展第四届攀枝花市政府质量奖评选工作。",
        applications_open=date(2027, 2, 15),
        recommendation_deadline=date(2027, 3, 15),
        stage_plan={stage: "2027-12-31" for stage in Stage.values if stage != Stage.CLOSED},
        is_draft=True,
        notice_file_name="第四届征集通知.pdf",
        notice_file_type="application/pdf",
    )
    draft_edition.notice_file.save("notice-4.pdf", ContentFile(PDF_BYTES), save=True)
    ReviewSettings.objects.create(edition=draft_edition)

    failed_mail = Notification.objects.create(
        recipient=invitation.email,
        subject=f"邀请您共同填写{organization}的质量奖申报",
        body="邀请链接见下。",
        status=Notification.Status.FAILED,
        attempts=5,
        last_error="SMTP 550 mailbox unavailable",
    )

    rebuild_round_totals()  # the stored round figures, as a seed keeps them
    window.refresh_from_db()
    objection.refresh_from_db()
    application.refresh_from_db()
    edition.refresh_from_db()
    return World(
        edition=edition,
        draft_edition=draft_edition,
        users={
            ANONYMOUS: None,
            OWNER: owner,
            OTHER_APPLICANT: other,
            UNIT: unit_officer,
            OTHER_UNIT: other_officer,
            OFFICE: office,
            EXPERT: expert.user,
            CONFLICTED_EXPERT: conflicted.user,
            SUPERVISOR: supervisor,
            LEADER: leader,
            ADMIN: admin,
            ROUND_LEADER: group_leader.user,
        },
        application=application,
        returned=returned,
        submitted=submitted,
        draft=draft,
        revoked=revoked,
        material=MaterialFactory(application=application, original_name="自我评价报告.pdf"),
        returned_material=MaterialFactory(
            application=returned, original_name="自我评价报告-修改.pdf"
        ),
        invitation=invitation,
        material_round=material_round,
        onsite_round=onsite_round,
        defense_round=rounds[Stage.DEFENSE],
        assignment=assignment,
        conflicted_assignment=conflicted_assignment,
        member=member,
        conflict=conflict,
        avoidance=avoidance,
        draw=draw,
        rubric=rubric,
        proposed_list=proposed_list,
        decision=decision,
        window=window,
        draft_window=draft_window,
        objection=objection,
        evidence=objection.evidence.get(),
        certificate=Certificate.objects.get(application=application),
        notice=notice,
        expert=expert,
        conflicted_expert=conflicted,
        round_leader=group_leader,
        failed_mail=failed_mail,
    )
