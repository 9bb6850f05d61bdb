"""A round's stored figures (each application's totals, each expert's statistics per rubric)
equal the figures computed again from the sheets after every move of a sheet and of a round;
z-scores are per rubric, so the best total of a round is never standardised as its worst; the
results page reads the stored figures at a fixed number of queries."""

import math
import statistics
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.urls import reverse

from review import scoring
from review.conflicts import services as conflict_services
from review.models import (
    AdvancementDecision,
    Assignment,
    ConflictKind,
    ExpertProgress,
    ExpertStatistic,
    PanelMember,
    ReviewRound,
    RoundResult,
    RoundTotal,
    ScoreSheet,
)
from review.rounds import progress, results, selectors, services, totals
from review.sheets import services as sheet_services
from tests.review.factories import SupervisorFactory
from tests.review.helpers import attest, make_applications, make_pool, open_round, score_sheet
from tests.review.test_pages import QUERIES
from tests.threads import run_at_once

pytestmark = pytest.mark.django_db

FIGURES = ("sheet_count", "mean", "aggregate", "max_points", "percent", "rank")


def _fresh(review_round) -> ReviewRound:
    return ReviewRound.objects.get(pk=review_round.pk)


def assert_stored_equal_recomputed(review_round) -> None:
    """Stored = recomputed, three ways: every stored figure against the figures computed
    again from the sheets; the ranked entries the page reads against the SQL GROUP BY over
    the sheets (`live_entries`); each expert's stored mean and deviation per rubric against
    Python's statistics over their submitted totals."""
    review_round = _fresh(review_round)
    assert totals.totals_differences(review_round) == []
    live = {
        e.application_id: tuple(getattr(e, f) for f in FIGURES)
        for e in selectors.live_entries(review_round)
    }
    stored = {
        e.application_id: tuple(getattr(e, f) for f in FIGURES)
        for e in results.round_entries(review_round)
    }
    assert stored == live
    _assert_progress_equal_recomputed(review_round)
    by_group: dict[tuple[int, int], list[Decimal]] = {}
    for expert_id, rubric_id, total in (
        selectors.active_sheets(review_round)
        .filter(status=ScoreSheet.Status.SUBMITTED)
        .values_list("assignment__expert_id", "rubric_id", "total")
    ):
        by_group.setdefault((expert_id, rubric_id), []).append(total)
    kept = totals.expert_statistics(review_round)
    assert set(kept) == set(by_group)
    for key, values in by_group.items():
        floats = [float(v) for v in values]
        assert kept[key].count == len(values)
        assert math.isclose(kept[key].mean, statistics.fmean(floats), abs_tol=1e-9)
        assert math.isclose(kept[key].std, statistics.pstdev(floats), abs_tol=1e-6)


def _assert_progress_equal_recomputed(review_round) -> None:
    """The progress page's stored counts against the GROUP BY over the sheets it ran before
    they were kept (and still runs for a reader with hidden applications)."""
    for stored_of, live in (
        (progress.expert_progress, progress.EXPERT),
        (progress.application_progress, progress.APPLICATION),
    ):
        rows, keys = stored_of(review_round)
        counted = ("assigned", "submitted", "excused")
        kept = [(r[keys[0]], r[keys[1]], *(r[c] for c in counted)) for r in rows]
        grouped = progress._progress(review_round, *live, frozenset())
        assert kept == [(r[live[0]], r[live[1]], *(r[c] for c in counted)) for r in grouped]
    assert progress.counts(review_round) == progress.counts(review_round, hidden={0})


def _assignments(review_round, application=None, expert=None):
    qs = Assignment.objects.filter(round=review_round, is_active=True)
    if application is not None:
        qs = qs.filter(application=application)
    if expert is not None:
        qs = qs.filter(expert=expert)
    return list(qs.select_related("expert__user", "sheet").order_by("expert__name", "pk"))


def _submit(assignment, fraction: float) -> None:
    assignment.refresh_from_db()
    if assignment.attested_at is None:
        attest(assignment)
    score_sheet(assignment.sheet, assignment.expert.user, fraction)


def test_stored_totals_equal_recomputed_after_every_sheet_and_round_move(review_edition, office):
    apps = make_applications(review_edition, organizations=2, individuals=2)
    experts = make_pool(review_edition, 6)
    review_round = services.create_round(
        edition=review_edition,
        stage=review_edition.stage,
        actor=office,
        due_date=date.today() + timedelta(days=10),
    )
    assert_stored_equal_recomputed(review_round)  # nothing drawn, nothing stored

    # The draw: every application has its totals, with the full marks of its rubric.
    services.draw_panel(review_round=review_round, actor=office, seed="totals")
    assert RoundTotal.objects.filter(round=review_round).count() == len(apps)
    assert_stored_equal_recomputed(review_round)
    leader = PanelMember.objects.filter(round=review_round).order_by("expert_id").first()
    services.set_leader(review_round=review_round, expert=leader.expert, actor=office)
    services.open_round(review_round=review_round, actor=office)
    assert_stored_equal_recomputed(review_round)

    # Submit: one sheet after another, on both rubrics.
    for n, application in enumerate(apps):
        for k, assignment in enumerate(_assignments(review_round, application)[:4]):
            _submit(assignment, 0.5 + 0.1 * k + 0.02 * n)
            assert_stored_equal_recomputed(review_round)
    first = _assignments(review_round, apps[0])
    assert RoundTotal.objects.get(round=review_round, application=apps[0]).sheet_count == 4

    # Reopen a submitted sheet, then submit it again with other scores.
    submitted = first[0]
    sheet_services.reopen_sheet(sheet=submitted.sheet, actor=office, reason="请复核 4.1 条。")
    assert_stored_equal_recomputed(review_round)
    _submit(submitted, 0.95)
    assert_stored_equal_recomputed(review_round)

    # Excuse a draft.
    draft = first[4]
    sheet_services.excuse_sheet(sheet=draft.sheet, actor=office, reason="专家因病无法评审。")
    assert_stored_equal_recomputed(review_round)

    # Unassign a draft (the sheet is void), assign the same expert again (reinstated), and
    # assign an expert outside the panel by hand.
    second = _assignments(review_round, apps[1])
    services.unassign(assignment=second[4], actor=office, reason="专家另有安排。")
    assert_stored_equal_recomputed(review_round)
    services.assign(
        review_round=review_round,
        expert=second[4].expert,
        application=apps[1],
        actor=office,
        reason="专家日程已调整。",
    )
    assert_stored_equal_recomputed(review_round)
    outside = next(e for e in experts if not _assignments(review_round, apps[2], e))
    services.assign(
        review_round=review_round,
        expert=outside,
        application=apps[2],
        actor=office,
        reason="增派一名专家。",
    )
    assert_stored_equal_recomputed(review_round)

    # A conflict found late voids a submitted sheet.
    late = _assignments(review_round, apps[3])[0]
    assert late.sheet.status == ScoreSheet.Status.SUBMITTED
    conflict_services.record_office_conflict(
        expert=late.expert,
        application=apps[3],
        actor=office,
        kind=ConflictKind.EMPLOYER,
        note="近三年曾在该单位任职。",
    )
    late.sheet.refresh_from_db()
    assert late.sheet.status == ScoreSheet.Status.VOID
    assert_stored_equal_recomputed(review_round)

    # Every sheet left is submitted, the office decides, the round closes.
    for assignment in Assignment.objects.filter(
        round=review_round, is_active=True, sheet__status=ScoreSheet.Status.DRAFT
    ).select_related("expert__user", "sheet"):
        _submit(assignment, 0.7)
    assert_stored_equal_recomputed(review_round)
    services.decide_advancement(
        review_round=review_round,
        actor=office,
        method=AdvancementDecision.Method.THRESHOLD,
        threshold=Decimal(60),
    )
    ExpertStatistic.objects.filter(round=review_round).delete()  # the close stores them again
    services.close_round(review_round=review_round, actor=office, summary="评审意见。")
    assert_stored_equal_recomputed(review_round)
    frozen = {
        r.application_id: (r.sheet_count, r.mean, r.aggregate, r.max_points, r.percent, r.rank)
        for r in RoundResult.objects.filter(round=review_round)
    }
    stored = {
        e.application_id: tuple(getattr(e, f) for f in FIGURES)
        for e in results.round_entries(_fresh(review_round))
    }
    assert frozen == stored


def test_rebuild_restores_what_was_lost_and_differences_are_named(review_edition, office):
    apps = make_applications(review_edition, organizations=2, individuals=1)
    make_pool(review_edition, 5)
    review_round = open_round(review_edition, office)
    for n, application in enumerate(apps):
        for k, assignment in enumerate(_assignments(review_round, application)):
            _submit(assignment, 0.6 + 0.05 * k + 0.03 * n)
    before = list(RoundTotal.objects.filter(round=review_round).values().order_by("pk"))
    assert before

    RoundTotal.objects.filter(round=review_round, application=apps[0]).update(
        aggregate=Decimal("1.00")
    )
    ExpertStatistic.objects.filter(round=review_round).first().delete()
    ExpertProgress.objects.filter(round=review_round).first().delete()
    RoundTotal.objects.filter(round=review_round, application=apps[1]).update(excused=3)
    differences = totals.totals_differences(review_round)
    assert any(f"totals ({review_round.pk}, {apps[0].pk}) aggregate" in d for d in differences)
    assert any(f"totals ({review_round.pk}, {apps[1].pk}) excused" in d for d in differences)
    assert any(d.startswith("statistics") and "not stored" in d for d in differences)
    assert any(d.startswith("progress") and "not stored" in d for d in differences)

    totals.rebuild_round_totals(review_round)
    assert totals.totals_differences(review_round) == []
    after = list(RoundTotal.objects.filter(round=review_round).values().order_by("pk"))
    assert [{k: v for k, v in r.items() if k != "id"} for r in after] == [
        {k: v for k, v in r.items() if k != "id"} for r in before
    ]
    # Every round at once, as the data migration does.
    RoundTotal.objects.all().delete()
    ExpertStatistic.objects.all().delete()
    ExpertProgress.objects.all().delete()
    totals.rebuild_round_totals()
    assert_stored_equal_recomputed(review_round)


def _mixed_round(edition, office, individuals: int):
    """An open round where the five experts each score three organizations (1000 points) and
    `individuals` individuals (100 points); the individuals score a higher share of their
    marks than any organization, the later of each kind better than the earlier."""
    apps = make_applications(edition, organizations=3, individuals=individuals)
    make_pool(edition, 5)
    review_round = open_round(edition, office)
    fractions = [0.55, 0.65, 0.75] + [0.85 + 0.05 * i for i in range(individuals)]
    for application, base in zip(apps, fractions, strict=True):
        for k, assignment in enumerate(_assignments(review_round, application)):
            _submit(assignment, base + 0.01 * k)
    return review_round, apps


@pytest.mark.parametrize("individuals", [1, 2])
def test_the_top_raw_score_is_never_standardised_as_the_lowest(
    review_edition, office, client, individuals
):
    review_round, apps = _mixed_round(review_edition, office, individuals)
    client.force_login(office)
    rows = client.get(reverse("review:round_results", args=[review_round.pk])).context["rows"]
    by_app = {r.application.pk: r for r in rows}
    top = max(rows, key=lambda r: r.percent)
    assert top.application.pk == apps[-1].pk  # the best individual, ranked first of its kind
    scored = [r.normalised for r in rows if r.normalised is not None]

    # Per rubric, the top raw score is never standardised as the lowest of the round, and
    # within each rubric the better application always has the higher standardised score.
    assert top.normalised is None or top.normalised > min(scored)
    organizations, persons = apps[:3], apps[3:]
    for group in (organizations, persons):
        normalised = [by_app[a.pk].normalised for a in group]
        if len(group) > 1:
            assert normalised == sorted(normalised)
            assert normalised[-1] > 0
        else:  # one sheet per expert on its rubric: no deviation to standardise by
            assert normalised == [None]
    for row in rows:  # each expert's best sheet on a rubric has that expert's best z-score
        for cell in row.sheets:
            same = [
                c
                for r in rows
                for c in r.sheets
                if c.expert_id == cell.expert_id
                and by_app[r.application.pk].max_points == row.max_points
            ]
            best = max(same, key=lambda c: c.total)
            if best.zscore is not None:
                assert best.zscore == max(c.zscore for c in same)

    # Pooled over both rubrics, as before, the best individual fell below every organization.
    sheets = selectors.active_sheets(review_round).values_list(
        "assignment__expert_id", "assignment__application_id", "total"
    )
    pooled = scoring.zscores(sheets)
    pooled_mean = {
        a.pk: statistics.fmean(z for (_e, app), z in pooled.items() if app == a.pk) for a in apps
    }
    assert all(pooled_mean[apps[-1].pk] < pooled_mean[o.pk] for o in organizations)


@pytest.mark.parametrize("rows", [1, 4])
@pytest.mark.parametrize("closed", [False, True])
def test_results_page_reads_stored_figures_at_a_fixed_query_count(
    review_edition, office, client, rows, closed, django_assert_num_queries
):
    apps = make_applications(review_edition, organizations=rows, individuals=1)
    make_pool(review_edition, 5)
    review_round = open_round(review_edition, office)
    for n, application in enumerate(apps):
        for k, assignment in enumerate(_assignments(review_round, application)):
            _submit(assignment, 0.6 + 0.05 * k + 0.02 * n)
    if closed:
        services.decide_advancement(
            review_round=review_round,
            actor=office,
            method=AdvancementDecision.Method.THRESHOLD,
            threshold=Decimal(60),
        )
        services.close_round(review_round=review_round, actor=office, summary="评审意见。")
    supervisor = SupervisorFactory()
    client.force_login(supervisor)
    url = reverse("review:round_results", args=[review_round.pk])

    # The supervision group reads as the office does on an open round (whose form names the
    # application to decide by its reference, read only when posted); on a closed round the
    # office also counts the decisions to carry out. A closed round reads its frozen results,
    # an open round its stored totals: the same queries.
    with django_assert_num_queries(QUERIES["round_results"]):
        response = client.get(url)

    assert response.status_code == 200
    html = response.content.decode()
    assert all(app.reference in html for app in apps)
    shown = {r.application.pk: (r.sheet_count, r.percent, r.rank) for r in response.context["rows"]}
    live = {
        e.application_id: (e.sheet_count, e.percent, e.rank)
        for e in selectors.live_entries(_fresh(review_round))
    }
    assert shown == live


@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_sheets_submitted_at_once_are_all_counted(review_edition, office):
    (application,) = make_applications(review_edition, organizations=1)
    make_pool(review_edition, 5)
    review_round = open_round(review_edition, office)
    assignments = _assignments(review_round, application)
    for k, assignment in enumerate(assignments):
        attest(assignment)
        score_sheet(assignment.sheet, assignment.expert.user, 0.5 + 0.1 * k, submit=False)
    failures: list[BaseException] = []

    def submit(assignment):
        try:
            sheet_services.submit_sheet(
                sheet=ScoreSheet.objects.get(pk=assignment.sheet.pk), actor=assignment.expert.user
            )
        except BaseException as exc:  # reported by the assertion below
            failures.append(exc)

    run_at_once(submit, assignments)

    assert failures == []
    assert RoundTotal.objects.get(round=review_round, application=application).sheet_count == 5
    assert_stored_equal_recomputed(review_round)
