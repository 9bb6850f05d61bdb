"""The whole of stages 7–8 on real review results: three scored rounds (through the review
services), the composite ranking, the proposed list, the leadership group's approval, the
publicity with an upheld objection and its substitute, the award, certificates with rare
characters, a revocation, and the archived edition."""

import io
from decimal import Decimal

import pytest
from django.urls import reverse
from pypdf import PdfReader

from applications.lifecycle import advance_edition
from applications.models import Application, ApplicationEvent, Stage, Status
from review.awards import services as awards
from review.deliberation import selectors
from review.deliberation import services as deliberation
from review.models import (
    Assignment,
    Certificate,
    DeliberationEvent,
    ProposedList,
    ReviewSettings,
    RoundResult,
)
from review.rubrics.services import load_rubrics
from tests.deliberation.helpers import (
    approve,
    commend,
    end_window,
    publicize,
    revoke,
    uphold_objection,
)
from tests.review.helpers import (
    attest,
    close_by_threshold,
    make_applications,
    make_pool,
    open_round,
    score_sheet,
    set_stage,
)

# Working days are counted from today here: a day of a year the calendar knows.
pytestmark = [pytest.mark.django_db, pytest.mark.now("2026-11-16")]

NAMES = ["张堃", "王喆", "刘犇"]


def _score_round(review_round, fractions):
    for assignment in Assignment.objects.filter(round=review_round, is_active=True).select_related(
        "expert", "application"
    ):
        attest(assignment)
        score_sheet(assignment.sheet, assignment.expert.user, fractions[assignment.application_id])


def _run_round(edition, office, fractions, seed):
    review_round = open_round(edition, office, seed=seed)
    _score_round(review_round, fractions)
    close_by_threshold(review_round, office, 0, "评审意见：……")
    return review_round


def test_deliberation_and_award_on_scored_rounds(edition, office, leader, client):
    # Arrange: 5 organizations and 3 individuals scored in three real rounds; organization 5
    # scores below the minimum composite score of 60.
    load_rubrics()
    set_stage(edition, Stage.MATERIAL_REVIEW)
    ReviewSettings.objects.create(
        edition=edition, panel_size=5, experts_per_application=5, minimum_composite=Decimal("60")
    )
    apps = make_applications(edition, organizations=5, individuals=3)
    orgs, people = apps[:5], apps[5:]
    for person, name in zip(people, NAMES, strict=True):
        Application.objects.filter(pk=person.pk).update(applicant_name=name)
    make_pool(edition, 5)
    fractions = {app.pk: 0.9 - 0.05 * i for i, app in enumerate(orgs)}
    fractions[orgs[4].pk] = 0.4
    fractions.update({p.pk: 0.85 - 0.05 * i for i, p in enumerate(people)})
    _run_round(edition, office, fractions, "material")
    advance_edition(edition=edition, actor=office)
    _run_round(edition, office, fractions, "onsite")
    advance_edition(edition=edition, actor=office)
    _run_round(edition, office, fractions, "defense")
    advance_edition(edition=edition, actor=office)
    edition.refresh_from_db()
    assert edition.stage == Stage.DELIBERATION

    # Act 1: ranking and the proposed list.
    ranking = selectors.composite_ranking(edition)
    original = deliberation.draft_proposed_list(
        edition=edition, actor=office, summary="经综合评审，提出拟获奖建议名单。"
    )

    # Assert 1: composites are the weighted sums of the frozen results; org 5 is not eligible.
    org_rows = ranking["organization"]
    assert [r.application.pk for r in org_rows] == [a.pk for a in orgs]
    first = org_rows[0]
    results = dict(
        RoundResult.objects.filter(application=orgs[0]).values_list("round__stage", "percent")
    )
    expected = (
        results[Stage.MATERIAL_REVIEW] * 40
        + results[Stage.ONSITE_REVIEW] * 40
        + results[Stage.DEFENSE] * 20
    ) / 100
    assert first.composite == selectors.q2(expected)
    assert [r.eligible for r in org_rows] == [True, True, True, True, False]
    assert [p.application.pk for p in original.proposals.order_by("kind", "rank")] == [
        *[p.pk for p in people],
        *[o.pk for o in orgs[:3]],
    ]
    assert (original.organization_vacancies, original.individual_vacancies) == (0, 2)

    # Act 2: approval, publicity, an upheld objection against organization 2.
    approve(original, leader)
    window = publicize(original, office)
    uphold_objection(window, orgs[1], office)
    substitute_list = ProposedList.objects.get(kind=ProposedList.Kind.SUBSTITUTE)
    approve(substitute_list, leader, number="攀质强领〔2023〕6号")
    substitute_window = publicize(substitute_list, office)
    end_window(window, office)
    end_window(substitute_window, office)
    deliberation.conclude_deliberation(edition=edition, actor=office)

    # Assert 2: organization 4 took the place; organization 5 (below 60) never did.
    statuses = dict(Application.objects.filter(edition=edition).values_list("pk", "status"))
    assert [statuses[o.pk] for o in orgs] == [
        Status.APPROVED,
        Status.DISQUALIFIED,
        Status.APPROVED,
        Status.APPROVED,
        Status.ELIMINATED,
    ]

    # Act 3: the city government's approval, the notice, a revocation, closing.
    edition.refresh_from_db()
    commend(edition, office)
    client.force_login(Application.objects.get(pk=people[0].pk).owner)
    pdf = client.get(reverse("review:certificate_pdf", args=[people[0].pk]))
    revoke(
        Application.objects.get(pk=orgs[3].pk),
        office,
        reason="获奖后被查实存在严重失信行为。",
        number="攀府函〔2024〕3号",
    )
    archive = awards.close_edition(edition=edition, actor=office)
    revoked_number = Certificate.objects.get(application=orgs[3]).number
    client.logout()
    check = client.get(reverse("review:certificate_verify"), {"number": revoked_number})

    # Assert 3
    text = PdfReader(io.BytesIO(pdf.content)).pages[0].extract_text()
    assert "张堃" in [line.strip() for line in text.splitlines()]
    assert sorted(Certificate.objects.values_list("holder_name", flat=True)) == sorted(
        [*NAMES, orgs[0].applicant_name, orgs[2].applicant_name, orgs[3].applicant_name]
    )
    assert "该证书已撤销" in check.content.decode()
    assert archive.statistics["totals"] == {
        "submitted": 8,
        "awarded_organizations": 2,
        "awarded_individuals": 3,
        "organization_quota": 3,
        "individual_quota": 5,
        "revoked": 1,
    }
    assert list(
        ApplicationEvent.objects.filter(application=orgs[3])
        .order_by("at", "id")
        .values_list("move", flat=True)
    )[-4:] == ["propose", "approve", "award", "revoke"]
    kinds = set(DeliberationEvent.objects.values_list("kind", flat=True))
    assert {
        DeliberationEvent.Kind.SUBSTITUTED,
        DeliberationEvent.Kind.PUBLICITY_PASSED,
        DeliberationEvent.Kind.CERTIFICATE_ISSUED,
        DeliberationEvent.Kind.REVOKED,
        DeliberationEvent.Kind.EDITION_CLOSED,
    } <= kinds
