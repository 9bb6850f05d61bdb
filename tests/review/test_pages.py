"""Pages: query counts, who may open what, reports, exports, and the strict CSP."""

import re
from io import BytesIO
from pathlib import Path
from zipfile import ZipFile

import pytest
from django import forms
from django.conf import settings
from django.urls import reverse
from pypdf import PdfReader

from applications.models import Application
from review.models import Assignment, PanelMember, ReviewRound, ReviewSettings
from review.widgets import Select
from tests.clock import moment
from tests.review.helpers import attest, make_applications, make_pool, open_round, score_sheet

# Queries of each page, whatever the number of rows (session, user, then the page's own).
# A group leader's pages cost one more query: the leader's own conflicts, to hide them.
QUERIES = {
    "expert_dashboard": 7,
    "round_progress": 11,  # three tables a page each, their sizes read from stored counts
    "round_results": 12,  # stored totals ranked in SQL; the page's sheets and stored statistics
    "round_detail": 14,  # the panel and the assignments a page each, with their counts
    "expert_pool": 10,  # the page of experts, their accounts and their count
    "conflict_list": 9,  # a page of each list, with its count
}


def _round_with(edition, office, apps: int):
    applications = make_applications(edition, organizations=apps)
    experts = make_pool(edition, 5)
    review_round = open_round(edition, office)
    for assignment in Assignment.objects.filter(round=review_round)[:2]:
        attest(assignment)
        score_sheet(assignment.sheet, assignment.expert.user, 0.7)
    return review_round, applications, experts


@pytest.mark.django_db
@pytest.mark.parametrize("rows", [1, 3])
def test_expert_dashboard_query_count_is_fixed(
    review_edition, office, client, rows, django_assert_num_queries
):
    review_round, apps, experts = _round_with(review_edition, office, rows)
    expert = Assignment.objects.filter(round=review_round).first().expert
    client.force_login(expert.user)

    with django_assert_num_queries(QUERIES["expert_dashboard"]):
        response = client.get(reverse("review:expert_dashboard"))

    assert response.status_code == 200
    assert len(response.context["assignments"]) == rows


@pytest.mark.django_db
def test_expert_dashboard_lists_assignments_and_led_rounds(review_edition, office, client):
    review_round, apps, experts = _round_with(review_edition, office, 2)
    leader = PanelMember.objects.get(round=review_round, is_leader=True).expert
    mine = list(
        Assignment.objects.filter(round=review_round, expert=leader).select_related("sheet")
    )
    client.force_login(leader.user)

    html = client.get(reverse("review:expert_dashboard")).content.decode()

    assert f"您是“{review_round}”评审组组长。" in html
    assert reverse("review:round_progress", args=[review_round.pk]) in html
    assert reverse("review:round_results", args=[review_round.pk]) in html
    assert html.count("<tr>") == 1 + len(mine)
    for assignment in mine:
        row = html.split(f'href="{reverse("review:assignment_detail", args=[assignment.pk])}"')
        assert len(row) == 2, assignment
        cells = row[0].rsplit("<tr>", 1)[1]
        assert f"<td>{review_round.get_stage_display()}<div" in cells
        assert review_round.edition.name in cells
        assert f"<td>{assignment.application.reference}</td>" in cells
        assert f"<td>{assignment.application.category}</td>" in cells
        assert f"<td>{review_round.due_date:%Y-%m-%d}</td>" in cells
        assert f">{assignment.sheet.get_status_display()}</span>" in cells
        action = "评分" if assignment.sheet.status == "draft" else "查看"
        assert row[1].startswith(f">{action}</a>")


@pytest.mark.django_db
@pytest.mark.parametrize("rows", [1, 3])
@pytest.mark.parametrize("page", ["round_progress", "round_results", "round_detail"])
def test_round_pages_query_count_is_fixed(
    review_edition, office, client, rows, page, django_assert_num_queries
):
    review_round, apps, experts = _round_with(review_edition, office, rows)
    client.force_login(office)

    with django_assert_num_queries(QUERIES[page]):
        response = client.get(reverse(f"review:{page}", args=[review_round.pk]))

    assert response.status_code == 200
    assert all(app.reference in response.content.decode() for app in apps)


@pytest.mark.django_db
def test_results_without_normalised_scores_skip_the_experts_statistics(
    review_edition, office, client, django_assert_num_queries
):
    review_round, apps, experts = _round_with(review_edition, office, 2)
    ReviewSettings.objects.filter(edition=review_edition).update(show_normalised=False)
    client.force_login(office)

    with django_assert_num_queries(QUERIES["round_results"] - 1):
        response = client.get(reverse("review:round_results", args=[review_round.pk]))

    html = response.content.decode()
    assert "(z " not in html and "标准化得分" not in html
    assert all(app.reference in html for app in apps)


@pytest.mark.django_db
@pytest.mark.parametrize("rows", [1, 3])
def test_leader_progress_query_count_is_fixed(
    review_edition, office, client, rows, django_assert_num_queries
):
    review_round, apps, experts = _round_with(review_edition, office, rows)
    leader = PanelMember.objects.get(round=review_round, is_leader=True).expert
    client.force_login(leader.user)

    # Two more than the office (the leader's own conflicts), one fewer (no page of sheets: a
    # leader reads no sheet).
    with django_assert_num_queries(QUERIES["round_progress"] + 1):
        response = client.get(reverse("review:round_progress", args=[review_round.pk]))

    assert response.status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("rows", [1, 3])
@pytest.mark.parametrize("page", ["expert_pool", "conflict_list"])
def test_edition_pages_query_count_is_fixed(
    review_edition, office, client, rows, page, django_assert_num_queries
):
    apps = make_applications(review_edition, organizations=rows)
    experts = make_pool(review_edition, rows)
    for expert, app in zip(experts, apps, strict=True):
        expert.employer_credit_code = app.identifier
        expert.save()
    from review.conflicts import services as conflict_services

    conflict_services.detect_conflicts(edition=review_edition, actor=office)
    client.force_login(office)

    with django_assert_num_queries(QUERIES[page]):
        response = client.get(reverse(f"review:{page}", args=[review_edition.pk]))

    assert response.status_code == 200


@pytest.mark.django_db
def test_expert_cannot_open_office_pages(review_edition, office, client):
    review_round, apps, experts = _round_with(review_edition, office, 1)
    member = PanelMember.objects.filter(round=review_round, is_leader=False).first().expert
    client.force_login(member.user)

    for name in ("round_detail", "round_progress", "round_results", "round_scores_xlsx"):
        assert client.get(reverse(f"review:{name}", args=[review_round.pk])).status_code == 404
    assert client.get(reverse("review:round_list")).status_code == 404
    assert client.post(reverse("review:round_close", args=[review_round.pk])).status_code == 404


@pytest.mark.django_db
def test_round_page_names_every_field_once_so_each_label_points_to_its_own(
    review_edition, office, client
):
    import re

    review_round, apps, experts = _round_with(review_edition, office, 1)
    client.force_login(office)

    html = client.get(reverse("review:round_detail", args=[review_round.pk])).content.decode()

    ids = re.findall(r' id="([^"]+)"', html)
    assert len(ids) == len(set(ids)), sorted({i for i in ids if ids.count(i) > 1})
    for target in re.findall(r'<label[^>]* for="([^"]+)"', html):
        assert target in ids
    assert {"leader_expert", "member_expert", "assign_expert"} <= set(ids)


@pytest.mark.django_db
def test_supervisor_reads_but_cannot_act(review_edition, office, supervisor, client):
    review_round, apps, experts = _round_with(review_edition, office, 1)
    client.force_login(supervisor)

    page = client.get(reverse("review:round_detail", args=[review_round.pk]))
    close = client.post(reverse("review:round_close", args=[review_round.pk]), {"summary": "x"})

    assert page.status_code == 200
    assert close.status_code == 403
    review_round.refresh_from_db()
    assert review_round.status == "open"


@pytest.mark.django_db
def test_a_close_without_summary_or_refused_shows_the_round_again_with_what_was_typed(
    review_edition, office, client
):
    review_round, apps, experts = _round_with(review_edition, office, 1)
    client.force_login(office)
    url = reverse("review:round_close", args=[review_round.pk])

    empty = client.post(url, {"summary": "  "})
    refused = client.post(url, {"summary": "评审组意见：材料完整。"})  # sheets still pending

    assert empty.status_code == 400
    assert "summary" in empty.context["close_form"].errors
    assert refused.status_code == 400
    assert refused.context["close_form"]["summary"].value() == "评审组意见：材料完整。"
    assert "评审组意见：材料完整。" in refused.content.decode()
    review_round.refresh_from_db()
    assert review_round.status == "open"


@pytest.mark.django_db
def test_round_reports_and_export_in_chinese(review_edition, office, client):
    review_round, apps, experts = _round_with(review_edition, office, 1)
    Application.objects.filter(pk=apps[0].pk).update(applicant_name="攀枝花堃喆犇镕钒业有限公司")
    client.force_login(office)

    docx = client.get(reverse("review:round_report_docx", args=[review_round.pk]))
    pdf = client.get(reverse("review:round_report_pdf", args=[review_round.pk]))
    xlsx = client.get(reverse("review:round_scores_xlsx", args=[review_round.pk]))

    assert docx.status_code == 200
    document = ZipFile(BytesIO(docx.content)).read("word/document.xml").decode()
    styles = ZipFile(BytesIO(docx.content)).read("word/styles.xml").decode()
    assert "材料评审报告" in document
    assert experts[0].name in document or any(e.name in document for e in experts)
    assert 'w:eastAsia="仿宋"' in styles and 'w:eastAsia="方正小标宋简体"' in styles
    assert pdf.content.startswith(b"%PDF")
    reader = PdfReader(BytesIO(pdf.content))
    fonts = {
        str(font.get_object()["/BaseFont"])
        for page in reader.pages
        for font in page["/Resources"]["/Font"].values()
    }
    assert any("Noto-Serif-CJK" in name for name in fonts)
    text = "".join(page.extract_text() for page in reader.pages)
    assert "材料评审报告" in text
    assert "堃喆犇镕" in text
    from openpyxl import load_workbook

    workbook = load_workbook(BytesIO(xlsx.content))
    assert workbook.sheetnames == ["汇总", "评分表", "条目得分", "晋级决定"]
    assert [c.value for c in workbook["汇总"][3]][:3] == ["申报编号", "申报名称", "类别"]


@pytest.mark.django_db
def test_round_report_docx_dates_the_round_in_local_time(review_edition, office, client):
    review_round, apps, experts = _round_with(review_edition, office, 1)
    # 07:30 on 2 March in Shanghai is still 1 March in UTC.
    ReviewRound.objects.filter(pk=review_round.pk).update(opened_at=moment("2024-03-02 07:30"))
    client.force_login(office)

    docx = client.get(reverse("review:round_report_docx", args=[review_round.pk]))

    document = ZipFile(BytesIO(docx.content)).read("word/document.xml").decode()
    assert "评审时间：2024-03-02 至 —" in document


@pytest.mark.django_db
def test_review_pages_have_no_inline_script_or_style(review_edition, office, client):
    review_round, apps, experts = _round_with(review_edition, office, 1)
    client.force_login(office)
    urls = [
        reverse("review:round_list"),
        reverse("review:round_detail", args=[review_round.pk]),
        reverse("review:round_progress", args=[review_round.pk]),
        reverse("review:round_results", args=[review_round.pk]),
        reverse("review:expert_pool", args=[review_edition.pk]),
        reverse("review:conflict_list", args=[review_edition.pk]),
        reverse("review:settings", args=[review_edition.pk]),
        reverse("review:rubric_list"),
    ]

    for url in urls:
        html = client.get(url).content.decode()
        assert " style=" not in html, url
        for tag in re.findall(r"<script[^>]*>", html):
            assert "src=" in tag or 'type="application/json"' in tag, (url, tag)


def test_chart_library_is_where_the_page_loads_it():
    assert (Path(settings.BASE_DIR) / "node_modules/chart.js/dist/chart.umd.js").exists()


def test_review_code_never_assigns_a_status():
    source = "\n".join(p.read_text() for p in (Path(settings.BASE_DIR) / "review").rglob("*.py"))

    assert not re.search(r"\.status\s*=[^=]", source)


@pytest.mark.parametrize("value", [None, "", "2", 2, "9", "a&b"])
@pytest.mark.parametrize(
    "attrs", [None, {"id": "id_application", "class": "form-select", "aria-invalid": "true"}]
)
def test_review_select_renders_as_djangos_select(value, attrs):
    choices = [
        (1, "PZH-1 <甲> & 乙"),
        (2, 'PZH-2 "丙"'),
        (2, "PZH-2 again"),
        ("", "—"),
        ("a&b", "<"),
    ]
    fast = Select(choices=choices).render("application", value, attrs)
    django = forms.Select(choices=choices).render("application", value, attrs)

    assert fast == django


def test_review_select_leaves_groups_to_django():
    choices = [("组织", [(1, "甲"), (2, "乙")]), (3, "丙")]
    fast = Select(choices=choices).render("application", 2)

    assert fast == forms.Select(choices=choices).render("application", 2)
