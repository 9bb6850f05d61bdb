"""A round's group leader follows the round's progress and results, but reads no figure of an
application (score, total, z-score, mean, aggregate, rank, decision) before submitting their
own sheet on it: they see who has submitted. Once their sheet is in, as before. The city
office and the supervision group read everything at any time."""

import io
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from review.models import Assignment, PanelMember, ScoreSheet
from review.templatetags.review_results import _two_places
from tests.review.helpers import attest, make_applications, make_pool, open_round, score_sheet
from tests.review.test_pages import QUERIES

pytestmark = pytest.mark.django_db

# The other four experts' scores: totals 550, 650, 800 and 900 of 1000 points.
FRACTIONS = (0.55, 0.65, 0.8, 0.9)


def _shown(value: Decimal) -> str:
    """A figure as the results page writes it (80.00 → "80", 72.50 → "72.5")."""
    return _two_places(value, True)


def _round(edition, office, apps: int = 1):
    """An open round of `apps` organizations, its five experts on each; every expert but the
    leader has submitted a sheet on each, the leader has a draft on each."""
    applications = make_applications(edition, organizations=apps)
    make_pool(edition, 5)
    review_round = open_round(edition, office)
    leader = PanelMember.objects.get(round=review_round, is_leader=True).expert
    for application in applications:
        assignments = Assignment.objects.filter(
            round=review_round, application=application
        ).order_by("expert__name", "pk")
        others = [a for a in assignments if a.expert_id != leader.pk]
        assert len(others) == len(FRACTIONS)
        for assignment, fraction in zip(others, FRACTIONS, strict=True):
            attest(assignment)
            score_sheet(assignment.sheet, assignment.expert.user, fraction)
        own = assignments.get(expert=leader)
        attest(own)
        score_sheet(own.sheet, leader.user, 0.6, submit=False)
    return review_round, applications, leader


def _others(review_round, application, leader) -> list[ScoreSheet]:
    return list(
        ScoreSheet.objects.filter(
            assignment__round=review_round, assignment__application=application
        ).exclude(assignment__expert=leader)
    )


def _figures(sheets: list[ScoreSheet]) -> list[str]:
    """The other experts' totals as the results page writes them beside their names."""
    return [f"：{_shown(s.total)}" for s in sheets]


def _row(html: str, reference: str) -> str:
    return html.split(f"<td>{reference}<div", 1)[1].split("</tr>", 1)[0]


def _submit_own(review_round, application, leader) -> None:
    own = Assignment.objects.get(round=review_round, application=application, expert=leader)
    score_sheet(own.sheet, leader.user, 0.6)


def test_leader_before_own_sheet_sees_who_submitted_but_no_figure(review_edition, office, client):
    review_round, (application,), leader = _round(review_edition, office)
    others = _others(review_round, application, leader)
    client.force_login(leader.user)

    results = client.get(reverse("review:round_results", args=[review_round.pk]))
    progress = client.get(reverse("review:round_progress", args=[review_round.pk]))

    html = results.content.decode()
    row = _row(html, application.reference)
    assert results.status_code == 200
    assert sorted(s.total for s in others) == [
        Decimal("550.00"),
        Decimal("650.00"),
        Decimal("800.00"),
        Decimal("900.00"),
    ]
    for figure in _figures(others):
        assert figure not in html, figure
    for total in ("550", "650", "800", "900", "725", "72.5"):
        assert total not in row, total
    for sheet in others:
        assert f"{sheet.assignment.expert.name}：已提交" in row
    assert f"{leader.name}：评分中" in row
    assert "(z " not in html and "偏离" not in row
    # Submitted sheets counted; no mean, aggregate, percent, normalised score, rank, decision.
    cells = [c.split("</td>")[0] for c in row.split("<td")[3:]]
    assert cells[0].startswith(">4")
    assert [c.lstrip(">") for c in cells[1:]] == [
        "—",
        "<strong>—</strong> / 1000",
        "—",
        "—",
        "—",
        "—",
    ]
    assert "提交本人对该申报的评分表后，方可查看各专家的评分。" in row
    assert "不显示得分、汇总和排名" in html
    assert progress.status_code == 200
    for figure in ("550", "650", "800", "900", "725"):
        assert figure not in progress.content.decode().split("<main", 1)[1]


def test_leader_cannot_open_the_sheets_or_the_downloads(review_edition, office, client):
    review_round, (application,), leader = _round(review_edition, office)
    others = _others(review_round, application, leader)
    client.force_login(leader.user)

    before = [client.get(reverse("review:sheet_view", args=[s.pk])).status_code for s in others] + [
        client.get(reverse(f"review:{name}", args=[review_round.pk])).status_code
        for name in ("round_scores_xlsx", "round_report_docx", "round_report_pdf")
    ]
    _submit_own(review_round, application, leader)
    after = [client.get(reverse("review:sheet_view", args=[s.pk])).status_code for s in others]

    assert before == [404] * 7
    assert after == [404] * 4


def test_leader_own_sheet_page_shows_no_other_score_before_submitting(
    review_edition, office, client
):
    review_round, (application,), leader = _round(review_edition, office)
    others = _others(review_round, application, leader)
    own = Assignment.objects.get(round=review_round, application=application, expert=leader)
    client.force_login(leader.user)

    html = client.get(reverse("review:assignment_detail", args=[own.pk])).content.decode()

    assert "其他专家" not in html
    for sheet in others:
        assert sheet.assignment.expert.name not in html


def test_leader_after_own_sheet_sees_the_figures(review_edition, office, client):
    review_round, (application,), leader = _round(review_edition, office)
    others = _others(review_round, application, leader)
    _submit_own(review_round, application, leader)
    client.force_login(leader.user)

    html = client.get(reverse("review:round_results", args=[review_round.pk])).content.decode()

    row = _row(html, application.reference)
    for figure in _figures(others):
        assert figure in row, figure
    assert f"{leader.name}：600" in row
    # Five sheets: the highest and the lowest are left out, (600 + 650 + 800) / 3.
    assert "<td>700</td>" in row and "<strong>683.33</strong> / 1000" in row
    assert "提交本人对该申报的评分表后" not in html and "不显示得分、汇总和排名" not in html


def test_leader_reads_the_applications_already_scored_ranked_among_themselves(
    review_edition, office, client
):
    review_round, (first, second), leader = _round(review_edition, office, apps=2)
    _submit_own(review_round, first, leader)
    client.force_login(leader.user)

    html = client.get(reverse("review:round_results", args=[review_round.pk])).content.decode()

    scored, sealed = _row(html, first.reference), _row(html, second.reference)
    assert "：550" in scored and "<td>1</td>" in scored
    assert "：550" not in sealed and "<td>1</td>" not in sealed and "<td>2</td>" not in sealed
    assert "提交本人对该申报的评分表后" in sealed
    # The sealed application comes after the ranked one, whatever its own figures.
    assert html.index(first.reference) < html.index(second.reference)


@pytest.mark.parametrize("reader", ["office", "supervisor"])
def test_office_and_supervisor_read_every_figure_while_the_leader_has_not_submitted(
    reader, review_edition, office, supervisor, client
):
    review_round, (application,), leader = _round(review_edition, office)
    others = _others(review_round, application, leader)
    client.force_login({"office": office, "supervisor": supervisor}[reader])

    html = client.get(reverse("review:round_results", args=[review_round.pk])).content.decode()
    sheet_pages = [client.get(reverse("review:sheet_view", args=[s.pk])) for s in others]
    workbook = client.get(reverse("review:round_scores_xlsx", args=[review_round.pk]))

    for figure in _figures(others):
        assert figure in html, figure
    assert "提交本人对该申报的评分表后" not in html
    assert [page.status_code for page in sheet_pages] == [200] * 4
    cells = {
        cell
        for sheet in load_workbook(io.BytesIO(workbook.content)).worksheets
        for row in sheet.values
        for cell in row
        if isinstance(cell, int | float)
    }
    assert {550, 650, 800, 900, 725} <= cells


@pytest.mark.parametrize("rows", [1, 3])
def test_leader_results_query_count_is_fixed(
    review_edition, office, client, rows, django_assert_num_queries
):
    review_round, applications, leader = _round(review_edition, office, apps=rows)
    client.force_login(leader.user)

    # Four more than a reader's: the leader's seat on the panel, conflicts and own sheets, and
    # the sheets of the sealed applications, taken out of the experts' statistics.
    with django_assert_num_queries(QUERIES["round_results"] + 4):
        response = client.get(reverse("review:round_results", args=[review_round.pk]))

    assert response.status_code == 200
    assert all(app.reference in response.content.decode() for app in applications)
