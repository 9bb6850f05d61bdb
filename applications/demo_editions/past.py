"""The 3rd edition (2022—2023年度), played from the call for applications to the certificates on
the notice's real dates in 2023.

Four demo applicants take part: the company, the hospital and the individual win; the school
stops at the material review. Every step is the service the page would call, under a clock set
to the day the step happens; the acceptance list and the winners are publicized for five
working days and closed by the beat job's own task. The office keeps the non-winners'
materials for ten years, so the beat's retention job leaves them in place.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from applications.demo_editions import SHANGHAI, on
from applications.demo_editions import answers as demo_answers
from applications.intake import services as application_services
from applications.lifecycle import advance_edition
from applications.models import Application, Category, Edition, RecommendingUnit, Stage, Status
from applications.precheck import services as precheck
from award_portal.accounts.models import User
from award_portal.privacy import retention
from publicity.objections import services as publicity
from publicity.tasks import close_ended_windows
from publicity.windows import services as windows
from review.awards import services as awards
from review.certificates import certificate_pdf
from review.conflicts import services as conflicts
from review.deliberation import services as deliberation
from review.models import (
    AdvancementDecision,
    Assignment,
    Certificate,
    ExpertProfile,
    PanelMember,
    ReviewRound,
    ScoreSheet,
)
from review.pool import services as pool
from review.rounds import services as review
from review.rounds.selectors import round_applications
from review.sheets import services as sheets
from review.visits import services as visits

EDITION_NUMBER = 3
# The notice's dates: submissions from 2023-02-15, recommendations due 2023-03-15.
INTERNAL_PUBLICITY = (date(2023, 1, 9), date(2023, 1, 20))
SCORE_LINE = Decimal("60")
# The office keeps the materials of the applications that did not win for ten years after the
# edition closes, so the archived edition still shows them.
MATERIAL_RETENTION_MONTHS = 120


@dataclass(frozen=True)
class Entrant:
    """One demo applicant of the 3rd edition and how well the experts judge it (the share of
    every item's points they give)."""

    owner: str
    category: str
    unit: str
    answers: Callable[[int, tuple[date, date]], dict]
    merit: float


ENTRANTS = (
    Entrant("company", "general", "东区", demo_answers.company_answers, 0.86),
    Entrant("hospital", "medical", "市卫生健康委员会", demo_answers.hospital_answers, 0.78),
    Entrant("person", "individual", "东区", demo_answers.person_answers, 0.82),
    Entrant("school", "education", "东区", demo_answers.school_answers, 0.52),
)
# Each expert's own leniency, so the panel's scores differ as real ones do.
LENIENCY = (0.03, -0.02, 0.01, -0.03, 0.0, 0.02, -0.01)


def needs_story(edition: Edition | None) -> bool:
    """The 3rd edition still waits at its first stage: nothing has been played in it yet."""
    return edition is not None and edition.stage == Stage.APPLICATION


def day(iso: str) -> date:
    return date.fromisoformat(iso)


def play(*, edition: Edition, experts: list[ExpertProfile]) -> None:
    """Run the whole edition. Raises the services' own errors if a step is refused."""
    office = User.objects.get(username="office")
    leader = User.objects.get(username="leader")
    officers = {
        "东区": User.objects.get(username="dongqu"),
        "市卫生健康委员会": User.objects.get(username="weijian"),
    }

    with on(day("2023-02-10")):
        applications = {
            entrant.owner: fill(edition, entrant, INTERNAL_PUBLICITY) for entrant in ENTRANTS
        }

    with on(day("2023-02-15"), 9, 30):
        for entrant in ENTRANTS:
            application_services.submit_application(
                application=applications[entrant.owner],
                actor=User.objects.get(username=entrant.owner),
            )

    with on(day("2023-02-20")):
        for entrant in ENTRANTS:
            precheck_and_recommend(applications[entrant.owner], officers[entrant.unit])

    with on(day("2023-03-16")):
        edition = advance(edition, office)  # → 初核推荐
        edition = advance(edition, office)  # → 审查受理
        for application in applications.values():
            accept(application, office)
        window = precheck.draft_acceptance_list(edition=edition, actor=office)
        window = windows.publish_window(window=window, actor=office)

    with on(day("2023-03-17"), 10):
        objection = object_to_school(window, applications["school"])
    with on(day("2023-03-20")):
        dismiss_school_objection(objection, office)

    # The window (2023-03-16 … 03-22) has ended; beat closes it overnight.
    with on(day("2023-03-23"), 1):
        close_ended_windows()
    with on(day("2023-03-23")):
        edition = advance(edition, office)  # → 材料评审

    with on(day("2023-04-10")):
        for expert in experts:
            pool.add_to_pool(edition=edition, expert=expert, actor=office)
        pool.ensure_settings(edition=edition)
    # Three rounds: material, on-site, defense; each closes the day the next stage opens.
    for opens, scores, closes in (
        ("2023-04-10", "2023-04-18", "2023-04-24"),
        ("2023-05-08", "2023-05-16", "2023-05-22"),
        ("2023-06-05", "2023-06-07", "2023-06-12"),
    ):
        _review_round(
            edition,
            office,
            experts,
            applications,
            opens=day(opens),
            scores=day(scores),
            closes=day(closes),
        )
        with on(day(closes), 15):
            edition = advance(edition, office)  # → 现场评审, 陈述答辩, 审议公示

    _deliberate(edition, office, leader)


# --- stage 1 and 2 ------------------------------------------------------------------------------


def fill(edition: Edition, entrant: Entrant, publicity: tuple[date, date]) -> Application:
    """The applicant opens (or continues) a draft, answers every question and uploads the
    four materials."""
    owner = User.objects.get(username=entrant.owner)
    category = Category.objects.get(code=entrant.category)
    unit = RecommendingUnit.objects.get(name=entrant.unit)
    application = (
        Application.objects.filter(owner=owner, edition=edition, category=category)
        .exclude(status=Status.WITHDRAWN)
        .first()
    )
    if application is None:
        application = application_services.create_application(
            owner=owner, category=category, edition=edition
        )
    application_services.save_draft(
        application=application,
        actor=owner,
        values=entrant.answers(unit.pk, publicity),
    )
    for kind, upload in demo_answers.materials():
        application_services.add_material(
            application=application, actor=owner, kind=kind, upload=upload
        )
    return application


# The department the unit consults in its pre-check, the one the office consults before it
# accepts, and what each answers.
UNIT_CONSULTATION = {"department": "市场监督管理局", "answer": "近三年无质量违法记录，无异议。"}
OFFICE_CONSULTATION = {"department": "市应急管理局", "answer": "近三年无生产安全事故记录。"}


def _consult(add_consultation, application: Application, actor: User, consulted: dict) -> None:
    """`add_consultation` records that the department of `consulted` answered today, without
    objection."""
    add_consultation(
        application=application,
        actor=actor,
        consulted_on=timezone.localdate(),
        has_objection=False,
        **consulted,
    )


def pass_precheck(application: Application, officer: User) -> None:
    """The unit finds the application complete, authentic, accurate and legal."""
    precheck.record_precheck(
        application=application,
        actor=officer,
        completeness_ok=True,
        authenticity_ok=True,
        accuracy_ok=True,
        legality_ok=True,
    )


def precheck_and_recommend(application: Application, officer: User) -> None:
    pass_precheck(application, officer)
    _consult(precheck.add_unit_consultation, application, officer, UNIT_CONSULTATION)
    precheck.record_paper_copy(
        application=application, actor=officer, received_on=timezone.localdate()
    )
    precheck.recommend(
        application=application,
        actor=officer,
        opinion="经初核，申报材料完整、真实、准确、合法，同意推荐。",
    )


def advance(edition: Edition, office: User) -> Edition:
    advance_edition(edition=edition, actor=office)
    edition.refresh_from_db()
    return edition


def accept(application: Application, office: User) -> None:
    precheck.record_acceptance_check(
        application=application, actor=office, qualification_ok=True, materials_ok=True
    )
    _consult(precheck.add_office_consultation, application, office, OFFICE_CONSULTATION)
    precheck.accept(application=application, actor=office, note="资格和资料复核通过，予以受理。")


# --- stages 4 to 6 ------------------------------------------------------------------------------

ROUND_REPORTS = {
    Stage.MATERIAL_REVIEW: "材料评审组意见：各申报方材料完整，卓越绩效管理实践特色鲜明；"
    "得分率达到60%的进入现场评审。",
    Stage.ONSITE_REVIEW: "现场评审组意见：经现场核实，申报材料反映的情况属实，"
    "质量管理体系运行有效。",
    Stage.DEFENSE: "陈述答辩评审组意见：主要负责人陈述清晰，对质量战略和改进举措回答充分。",
}


def _review_round(
    edition: Edition,
    office: User,
    experts: list[ExpertProfile],
    applications: dict[str, Application],
    *,
    opens: date,
    scores: date,
    closes: date,
) -> None:
    """One round of the edition's stage: the office draws the panel and opens the round, every
    expert scores what they were given, the office decides by the score line, closes the
    round with its report and carries the list out."""
    with on(opens):
        review_round = open_round(edition, office, experts, seed=f"demo-2023-{edition.stage}")
    with on(scores):
        score_round(review_round, experts, applications)
    with on(closes):
        close_round(review_round, office)


def open_round(
    edition: Edition, office: User, experts: list[ExpertProfile], *, seed: str
) -> ReviewRound:
    """The office draws the panel, names the first expert its leader and opens the round; an
    on-site round gets its visits planned, a defense its schedule."""
    stage = edition.stage
    opens = timezone.localdate()
    review_round = review.create_round(
        edition=edition, stage=stage, actor=office, due_date=opens + timedelta(days=11)
    )
    review.draw_panel(review_round=review_round, actor=office, seed=seed)
    review.set_leader(review_round=review_round, expert=experts[0], actor=office)
    review_round = review.open_round(review_round=review_round, actor=office)
    if stage == Stage.ONSITE_REVIEW:
        _plan_visits(review_round, office, opens)
    if stage == Stage.DEFENSE:
        _schedule_defense(review_round, office, opens)
    return review_round


def score_round(
    review_round: ReviewRound,
    experts: list[ExpertProfile],
    applications: dict[str, Application],
    *,
    leave_to: frozenset[str] = frozenset(),
) -> None:
    """Every expert on the panel declares no conflict and scores what they were given, except
    the experts whose usernames are in `leave_to`: their sheets wait for them."""
    merit = {applications[e.owner].pk: e.merit for e in ENTRANTS if e.owner in applications}
    position = {expert.pk: i for i, expert in enumerate(experts)}
    assignments = (
        Assignment.objects.filter(round=review_round, is_active=True)
        .exclude(expert__user__username__in=leave_to)
        .select_related("expert__user", "sheet")
        .order_by("expert_id", "application_id")
    )
    for assignment in assignments:
        user = assignment.expert.user
        conflicts.attest_assignment(assignment=assignment, actor=user, has_conflict=False)
        index = position[assignment.expert_id]
        fraction = merit[assignment.application_id] + LENIENCY[index % len(LENIENCY)]
        _score(assignment.sheet, user, max(0.0, min(1.0, fraction)), index)


def close_round(review_round: ReviewRound, office: User) -> None:
    """The office decides by the score line, closes the round with its report and carries the
    list out."""
    review.decide_advancement(
        review_round=review_round,
        actor=office,
        method=AdvancementDecision.Method.THRESHOLD,
        threshold=SCORE_LINE,
    )
    review_round = review.close_round(
        review_round=review_round, actor=office, summary=ROUND_REPORTS[review_round.stage]
    )
    review.apply_advancement(review_round=review_round, actor=office)


STRENGTHS = (
    "方法系统，展开充分，成效明显",
    "与战略目标衔接紧密，关键过程受控",
    "全员参与程度高，改进成果有数据支撑",
    "做法有特色，在同行业中具有示范作用",
    "制度健全，执行到位，持续改进机制有效",
)
OPPORTUNITIES = (
    "量化目标与对标分析可进一步加强",
    "部分做法尚未覆盖全部业务单元",
    "结果的趋势数据和竞争对手比较不足",
    "改进成果的总结与推广有待加强",
    "顾客反馈的分析利用不够深入",
)


def _score(sheet: ScoreSheet, user: User, fraction: float, voice: int) -> None:
    """Score every item at about `fraction` of its points (on the rubric's bands where it has
    them), comment every category in the expert's own words (`voice`), and submit."""
    items = list(sheet.rubric.items.all())
    band = sheet.rubric.band_percent
    scores = {}
    for item in items:
        if band:
            steps = int(Decimal(100) / band)
            scores[item.pk] = item.points * band * round(fraction * steps) / Decimal(100)
        else:
            scores[item.pk] = Decimal(round(float(item.points) * fraction * 2)) / 2
    categories = sorted({item.category for item in items})
    comments = {
        category: (
            f"{category}：{STRENGTHS[(voice + i) % len(STRENGTHS)]}。",
            f"{category}：{OPPORTUNITIES[(voice + 2 * i) % len(OPPORTUNITIES)]}。",
        )
        for i, category in enumerate(categories)
    }
    sheets.save_sheet(
        sheet=sheet,
        actor=user,
        scores=scores,
        comments=comments,
        overall_comment="总体达到卓越绩效良好水平。",
    )
    sheets.submit_sheet(sheet=sheet, actor=user)


def _plan_visits(review_round: ReviewRound, office: User, opens: date) -> None:
    members = [
        member.expert
        for member in PanelMember.objects.filter(round=review_round)
        .select_related("expert")
        .order_by("-is_leader", "expert_id")
    ]
    for offset, application in enumerate(round_applications(review_round), start=2):
        visits.record_visit(
            review_round=review_round,
            application=application,
            actor=office,
            visit_date=opens + timedelta(days=offset),
            place=application.applicant_name,
            team=members[:3],
            findings="现场查看生产和服务现场，查阅质量记录，访谈员工，申报材料反映的情况属实。",
        )


def _schedule_defense(review_round: ReviewRound, office: User, opens: date) -> None:
    start = datetime.combine(opens + timedelta(days=2), time(9), SHANGHAI)
    for order, application in enumerate(round_applications(review_round), start=1):
        visits.schedule_defense(
            review_round=review_round,
            application=application,
            actor=office,
            order=order,
            starts_at=start + timedelta(minutes=40 * (order - 1)),
            place="市市场监管局三楼会议室",
            presenter="主要负责人",
        )


# --- stages 7 and 8 -----------------------------------------------------------------------------


def _deliberate(edition: Edition, office: User, leader: User) -> None:
    with on(day("2023-06-13")):
        proposed = deliberation.draft_proposed_list(
            edition=edition,
            actor=office,
            summary="经材料评审、现场评审和陈述答辩，按综合得分排名，提出拟获奖建议名单；"
            "组织奖空缺1名，宁缺毋滥。",
        )
    with on(day("2023-06-15")):
        deliberation.record_leadership_decision(
            proposed_list=proposed,
            actor=leader,
            approved=True,
            meeting_date=timezone.localdate(),
            document_number="攀质强领〔2023〕5号",
            opinion="同意拟获奖建议名单，按程序公示。",
        )
    # Publicized from Monday 2023-06-19 for 5 working days: the Dragon Boat Festival holiday
    # (06-22 … 06-24) does not count, the make-up Sunday 06-25 does; it ends on 06-26.
    with on(day("2023-06-19")):
        deliberation.publicize_list(
            proposed_list=proposed,
            actor=office,
            start_date=timezone.localdate(),
            workdays=5,
            **deliberation.default_publicity_texts(proposed),
        )
    with on(day("2023-06-27"), 1):
        close_ended_windows()
    with on(day("2023-07-04")):
        edition = _refreshed(edition)
        deliberation.conclude_deliberation(edition=edition, actor=office)
    with on(day("2023-07-10")):
        edition = _refreshed(edition)
        awards.record_government_approval(
            edition=edition,
            actor=office,
            document_number="攀府函〔2023〕88号",
            approved_on=timezone.localdate(),
        )
        awards.publish_commendation(
            edition=edition, actor=office, **awards.default_commendation_texts(edition)
        )
    with on(day("2023-07-14")):
        review.release_feedback(edition=edition, actor=office)
        awards.close_edition(
            edition=_refreshed(edition),
            actor=office,
            reason="表扬决定已发布，证书已颁发，本届评选工作结束。",
        )
        retention.set_months(edition=edition, months=MATERIAL_RETENTION_MONTHS, actor=office)


def _refreshed(edition: Edition) -> Edition:
    edition.refresh_from_db()
    return edition


def render_certificates(edition: Edition) -> None:
    """Draw the winners' certificates once, after the commit, so the first download is quick."""
    certificates = list(
        Certificate.objects.filter(application__edition=edition).select_related("application")
    )

    def render() -> None:
        for certificate in certificates:
            certificate_pdf(certificate)

    transaction.on_commit(render)


SCHOOL_OBJECTION = {
    "filer_name": "李四",
    "filer_identity": "攀枝花市东区居民",
    "phone": "13800000000",
    "email": "lisi@example.cn",
    "reasons": "听说该校近年有学生食堂投诉，申报材料是否如实说明？",
}


def object_to_school(window, school: Application):
    """A resident's objection to the school on the acceptance list."""
    entry = window.entries.get(application=school)
    return publicity.file_objection(window=window, entry=entry, **SCHOOL_OBJECTION)


def dismiss_school_objection(objection, office: User) -> None:
    """The office investigates the objection to the school and dismisses it."""
    objection = publicity.record_investigation(
        objection=objection,
        actor=office,
        note="向市教育和体育局、市市场监督管理局核实：该校食堂近三年无食品安全事故和重大投诉。",
    )
    publicity.decide_objection(
        objection=objection,
        actor=office,
        upheld=False,
        finding="经核实，反映的情况不属实，异议不成立，维持受理。",
    )
