"""Helpers of the review tests: statuses and stages are set with queryset updates in setup
only, as the lifecycle allows; everything else goes through the services."""

from datetime import date, timedelta
from decimal import Decimal

from django.test import Client

from applications.models import Application, Category, Edition, Status
from applications.readmodel import refresh_application_rows
from review import scoring
from review.conflicts import services as conflict_services
from review.deliberation.composites import refresh_composites
from review.models import AdvancementDecision, Assignment, OnsiteVisit, ScoreSheet
from review.rounds import services
from review.sheets import services as sheet_services
from review.visits import services as visit_services
from tests.factories import ApplicationFactory, UserFactory
from tests.review.factories import EditionExpertFactory


def set_stage(edition: Edition, stage: str) -> Edition:
    Edition.objects.filter(pk=edition.pk).update(stage=stage)
    edition.refresh_from_db()
    return edition


def set_status(application: Application, status: str) -> Application:
    """Test setup only: an application past the draft has been sent, so it has a send time."""
    from django.db.models.functions import Coalesce, Now

    sent = None if status == Status.DRAFT else Coalesce("submitted_at", Now())
    Application.objects.filter(pk=application.pk).update(status=status, submitted_at=sent)
    refresh_application_rows([application.pk])  # the lists' read model, as a seed keeps it
    refresh_composites([application.pk])  # … and the stored composite ranking
    application.refresh_from_db()
    return application


def credit_code(n: int) -> str:
    return f"91510400MA{n:07d}X"


def make_applications(edition, *, organizations: int, individuals: int = 0, status=None):
    status = status or Status.MATERIAL_REVIEW
    general = Category.objects.get(code="general")
    person = Category.objects.get(code="individual")
    fields = [
        {
            "category": general,
            "applicant_name": f"攀枝花钒钛测试企业{n}有限公司",
            "identifier": credit_code(n),
        }
        for n in range(1, organizations + 1)
    ] + [
        {
            "category": person,
            "applicant_name": f"张{n}",
            "identifier": f"51040219800101{n:03d}X",
            "data": {"employer": f"攀枝花测试医院{n}"},
        }
        for n in range(1, individuals + 1)
    ]
    apps = [ApplicationFactory(edition=edition, owner=UserFactory(), **kw) for kw in fields]
    for app in apps:
        set_status(app, status)
    return apps


def make_pool(edition, count: int):
    return [EditionExpertFactory(edition=edition).expert for _ in range(count)]


def score_sheet(sheet: ScoreSheet, user, fraction: float, *, submit: bool = True) -> ScoreSheet:
    """Score every item at about `fraction` of its points (on the rubric's bands) and
    comment every category."""
    sheet.refresh_from_db()
    items = list(sheet.rubric.items.all())
    scores = {}
    for item in items:
        step = scoring.score_step(item.points, sheet.rubric.band_percent)
        scores[item.pk] = step * round(fraction * float(item.points / step))
    comments = {
        item.category: (f"{item.category}方面做法系统。", f"{item.category}方面的改进机会。")
        for item in items
    }
    sheet_services.save_sheet(sheet=sheet, actor=user, scores=scores, comments=comments)
    if submit:
        sheet_services.submit_sheet(sheet=sheet, actor=user)
    sheet.refresh_from_db()
    return sheet


def score_round(review_round, fraction: float) -> None:
    """Every active assignment of the round attested (no conflict) and its sheet scored at
    about `fraction` and submitted."""
    for assignment in Assignment.objects.filter(round=review_round, is_active=True):
        attest(assignment)
        score_sheet(assignment.sheet, assignment.expert.user, fraction)


def record_visit_today(review_round, application, office, team, **details) -> OnsiteVisit:
    """The office records the on-site visit of `application` by `team` with its `place` and any
    other `details` of the visit, dated today unless they give a `visit_date`."""
    details.setdefault("visit_date", date.today())
    return visit_services.record_visit(
        review_round=review_round, application=application, actor=office, team=team, **details
    )


def open_round(edition, office, *, seed: str = "seed-1"):
    """Create the round of the edition's stage, draw it, name a leader and open it."""
    review_round = services.create_round(
        edition=edition,
        stage=edition.stage,
        actor=office,
        due_date=date.today() + timedelta(days=10),
    )
    services.draw_panel(review_round=review_round, actor=office, seed=seed)
    leader = review_round.members.order_by("expert_id").first().expert
    services.set_leader(review_round=review_round, expert=leader, actor=office)
    return services.open_round(review_round=review_round, actor=office)


def close_by_threshold(review_round, office, threshold, summary: str):
    """The office decides who goes on by the threshold (得分率), closes the round with its
    report `summary` and applies the list."""
    services.decide_advancement(
        review_round=review_round,
        actor=office,
        method=AdvancementDecision.Method.THRESHOLD,
        threshold=Decimal(threshold),
    )
    services.close_round(review_round=review_round, actor=office, summary=summary)
    services.apply_advancement(review_round=review_round, actor=office)
    return review_round


def open_round_with(edition, office, *, organizations: int, experts: int, status=None):
    """Make `organizations` applications and a pool of `experts`, then open the round of the
    edition's stage: (round, applications, experts)."""
    apps = make_applications(edition, organizations=organizations, status=status)
    pool = make_pool(edition, experts)
    return open_round(edition, office), apps, pool


def first_assignment(review_round) -> Assignment:
    """The round's first active assignment, with its expert's user and its sheet."""
    return (
        Assignment.objects.filter(round=review_round, is_active=True)
        .select_related("expert__user", "sheet")
        .first()
    )


def sign_in(page, live_server, user) -> None:
    """Sign `user` in to a Playwright page, the second factor passed (see tests/conftest.py)."""
    client = Client()
    client.force_login(user)
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )


def attest(assignment) -> None:
    conflict_services.attest_assignment(
        assignment=assignment, actor=assignment.expert.user, has_conflict=False
    )
