"""The Excel exports, the recommendation letter and the overview with its charts."""

import io
import re

from django.contrib.staticfiles import finders
from django.urls import reverse
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from openpyxl import load_workbook

from applications.models import Status
from applications.precheck import services as precheck
from tests.precheck.conftest import prechecked


def _workbook(response):
    return load_workbook(io.BytesIO(response.content))


def test_unit_export_has_chinese_headers_and_the_checks(client, officer, unit, submitted):
    application = prechecked(submitted(unit, applicant_name="东区企业"), officer)
    client.force_login(officer)

    response = client.get(reverse("applications:unit_export"))

    sheet = _workbook(response).active
    assert [c.value for c in sheet[3]][:6] == [
        "序号",
        "申报编号",
        "申报组织/个人名称",
        "申报类别",
        "状态",
        "提交时间",
    ]
    row = [c.value for c in sheet[4]]
    assert row[1:5] == [application.reference, "东区企业", application.category.name, "已提交"]
    assert row[6:10] == ["是", "是", "是", "是"]
    assert "filename*=UTF-8''" in response["Content-Disposition"]


def test_acceptance_list_export_lists_the_accepted(client, office, unit, submitted):
    accepted = submitted(unit, status=Status.ACCEPTED, applicant_name="东区企业")
    submitted(unit, status=Status.NOT_ACCEPTED, applicant_name="不予受理企业")
    client.force_login(office)

    response = client.get(reverse("applications:office_acceptance_export"))

    sheet = _workbook(response).active
    assert [c.value for c in sheet[3]] == [
        "序号",
        "申报组织/个人名称",
        "申报类别",
        "推荐单位",
        "申报编号",
        "状态",
    ]
    rows = list(sheet.iter_rows(min_row=4, values_only=True))
    assert rows == [(1, "东区企业", accepted.category.name, "东区", accepted.reference, "已受理")]


def test_overview_export_counts_by_unit_category_and_status(
    client, office, unit, other_unit, submitted
):
    submitted(unit)
    submitted(unit, status=Status.RECOMMENDED)
    submitted(other_unit, status=Status.RETURNED)
    client.force_login(office)

    response = client.get(reverse("applications:office_overview_export"))

    workbook = _workbook(response)
    assert workbook.sheetnames == ["按推荐单位", "按申报类别", "按状态"]
    by_unit = {
        row[0]: row[1:] for row in workbook["按推荐单位"].iter_rows(min_row=4, values_only=True)
    }
    assert by_unit["东区"][:4] == (2, 1, 0, 1)
    assert by_unit["西区"][:3] == (1, 0, 1)
    assert by_unit["合计"][0] == 3
    statuses = dict(workbook["按状态"].iter_rows(min_row=4, values_only=True))
    assert statuses == {"已提交": 1, "退回修改": 1, "已推荐": 1}


def test_recommendation_letter_is_signed_with_the_full_name_and_numbers_points(
    client, officer, unit, submitted
):
    unit.full_name = "攀枝花市东区质量强区工作领导小组办公室"
    unit.save(update_fields=["full_name"])
    application = prechecked(submitted(unit, applicant_name="攀枝花王堃科技有限公司"), officer)
    precheck.recommend(application=application, actor=officer, opinion="材料真实完整，同意推荐。")
    client.force_login(officer)

    response = client.get(reverse("applications:unit_letter", kwargs={"pk": application.pk}))

    document = Document(io.BytesIO(response.content))
    text = [p.text for p in document.paragraphs]
    assert "初核和推荐意见" in text[0]
    assert "一、攀枝花王堃科技有限公司" in text
    assert "材料真实完整，同意推荐。" in text
    signature = [p for p in document.paragraphs if p.text == unit.full_name]
    assert [p.alignment for p in signature] == [WD_ALIGN_PARAGRAPH.RIGHT]
    assert document.tables[0].rows[1].cells[1].text == "攀枝花王堃科技有限公司"
    styles = document.styles
    assert styles["Normal"].element.rPr.rFonts.get(qn("w:eastAsia")) == "仿宋"
    assert styles["Title"].element.rPr.rFonts.get(qn("w:eastAsia")) == "方正小标宋简体"
    section = document.sections[0]
    assert (round(section.page_width.cm, 1), round(section.page_height.cm, 1)) == (21.0, 29.7)
    assert round(section.top_margin.cm, 1) == 3.7 and round(section.left_margin.cm, 1) == 2.8


def test_office_reads_a_units_recommendation_letter(client, office, unit, submitted):
    application = submitted(unit, status=Status.RECOMMENDED)
    client.force_login(office)

    response = client.get(reverse("applications:unit_letter", kwargs={"pk": application.pk}))

    assert response.status_code == 200
    assert response["Content-Type"].endswith("wordprocessingml.document")


def test_overview_page_draws_charts_without_inline_script_or_style(
    client, office, unit, other_unit, submitted
):
    submitted(unit)
    submitted(other_unit, status=Status.RECOMMENDED)
    client.force_login(office)

    response = client.get(reverse("applications:office_overview"))

    text = response.content.decode()
    data = response.context["chart_data"]
    assert data["units"]["values"][:2] == [1, 1]
    assert data["progress"]["labels"][0] == "待初核"
    assert '<script id="chart-data" type="application/json">' in text
    assert re.findall(r"<script(?![^>]*\bsrc=)(?![^>]*application/json)[^>]*>", text) == []
    assert " style=" not in text
    assert "vendor/chart.js/chart.umd.js" in text
    assert "js/charts.js" in text
    assert finders.find("vendor/chart.js/chart.umd.js") is not None
    assert finders.find("js/charts.js") is not None
    assert "script-src 'self'" in response["Content-Security-Policy"]


def test_unit_pages_have_no_inline_style(client, officer, unit, submitted):
    application = submitted(unit)
    client.force_login(officer)

    queue = client.get(reverse("applications:unit_queue")).content.decode()
    review = client.get(
        reverse("applications:unit_review", kwargs={"pk": application.pk})
    ).content.decode()

    assert " style=" not in queue + review
    assert "<script>" not in queue + review
