"""The Word templates: what the 申报表 prints, an edition's own template replacing the shipped
one, a broken upload refused with its reason, and the shipped files as the code builds them."""

from __future__ import annotations

import io
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from docx import Document
from lxml import etree

from applications.admin_forms import EditionTemplateForm
from applications.intake.documents import application_docx
from applications.models import EditionTemplate
from award_portal.documents import docx_templates, ooxml
from tests.applications.conftest import attach_all_materials
from tests.badinput.test_escaping import _docx_text as _text
from tests.factories import PrecheckReviewFactory

pytestmark = pytest.mark.django_db


def _table(content: bytes, title: str):
    tables = Document(io.BytesIO(content)).tables
    return next(t for t in tables if t.rows[0].cells[0].text == title)


def test_individual_form_has_birth_ethnicity_political_status_and_a_photo_box(make_draft):
    application = make_draft("individual", materials=False)
    application.data.update({"ethnicity": "彝族", "political_status": "cpc"})
    application.save(update_fields=["data"])

    content = application_docx(application)

    basic = _table(content, "基本信息")
    labels = [[cell.text for cell in row.cells] for row in basic.rows]
    number = application.data["id_number"]
    assert labels[2][:4] == ["出生年月", f"{number[6:10]}年{number[10:12]}月", "民族", "彝族"]
    assert labels[3][:4] == ["政治面貌", "中共党员", "学历", labels[3][3]]
    assert "（照片）" in labels[1][4] and labels[1][4] == labels[-1][4]  # one merged photo box


def test_general_form_prints_the_figures_as_a_year_by_indicator_grid(make_draft):
    application = make_draft("general", materials=False)

    content = application_docx(application)

    grid = _table(content, "近三年主要经营指标")
    rows = [[cell.text for cell in row.cells] for row in grid.rows]
    year = application.edition.applications_open.year
    assert rows[1] == ["指标", "单位", f"{year - 3}年", f"{year - 2}年", f"{year - 1}年"]
    assert rows[2][:2] == ["营业收入", "万元"]
    assert len(rows) == 6  # title, header, four indicators


def test_form_prints_the_self_assessment_and_the_units_opinion(make_draft, org_user):
    application = make_draft("general", materials=False)
    attach_all_materials(application, org_user)
    PrecheckReviewFactory(
        application=application,
        opinion="经初核，材料真实完整，同意推荐。",
        checked_at=datetime(2023, 3, 10, 10, tzinfo=ZoneInfo("Asia/Shanghai")),
        checked_by=org_user,
    )

    text = _text(application_docx(application))

    assert "自我评价报告.docx" in text
    opinion = _table(application_docx(application), "申报组织意见").rows[1].cells[1].text
    assert opinion.startswith("经初核，材料真实完整，同意推荐。")
    assert "2023年3月10日" in opinion


def test_an_editions_own_template_replaces_the_shipped_one(make_draft):
    application = make_draft("general", materials=False)
    own = Document()
    own.add_paragraph("本届自定义申报表：{{ applicant }}（{{ v.credit_code }}）")
    buffer = io.BytesIO()
    own.save(buffer)
    EditionTemplate.objects.create(
        edition=application.edition,
        kind="form_general",
        file=ContentFile(buffer.getvalue(), name="own.docx"),
    )

    text = _text(application_docx(application))

    assert text.startswith(f"本届自定义申报表：{application.applicant_name}（")
    assert "填 表 说 明" not in text


def test_a_broken_own_template_falls_back_to_the_shipped_one(make_draft):
    application = make_draft("general", materials=False)
    EditionTemplate.objects.create(
        edition=application.edition,
        kind="form_general",
        file=ContentFile(b"not a zip", name="broken.docx"),
    )

    text = _text(application_docx(application))

    assert "填 表 说 明" in text


def _letter_template_form(name: str, content: bytes, content_type: str) -> EditionTemplateForm:
    return EditionTemplateForm(
        data={"kind": "letter"},
        files={"file": SimpleUploadedFile(name, content, content_type)},
    )


def test_admin_refuses_a_template_whose_tags_do_not_parse():
    own = Document()
    own.add_paragraph("{{ applicant ")
    buffer = io.BytesIO()
    own.save(buffer)
    form = _letter_template_form("letter.docx", buffer.getvalue(), "application/x")

    assert not form.is_valid()
    assert form.errors["file"][0].startswith("这个模板无法使用：模板中的填写标记有误（")


@pytest.mark.parametrize(
    ("name", "content", "content_type", "error"),
    [
        ("letter.pdf", b"%PDF-1.4", "application/pdf", "请上传 Word（.docx）模板。"),
        (
            "letter.docx",
            b"not a docx",
            "application/x",
            "这个模板无法使用：这不是一个能打开的 Word（.docx）文件。",
        ),
    ],
    ids=["not-a-docx", "docx-word-cannot-open"],
)
def test_admin_refuses_an_unusable_upload(name, content, content_type, error):
    form = _letter_template_form(name, content, content_type)

    assert not form.is_valid()
    assert form.errors["file"] == [error]


def test_shipped_templates_are_what_the_code_builds():
    call_command("build_word_templates", "--check")


@pytest.mark.parametrize("kind", list(docx_templates.KINDS))
def test_shipped_template_is_a4_with_page_numbers_and_fixed_tables(kind):
    content = ooxml.finish(docx_templates.shipped(kind).read_bytes())

    assert ooxml.problems_in(content) == []
    document = Document(io.BytesIO(content))
    section = document.sections[0]
    assert (round(section.page_width.cm, 1), round(section.page_height.cm, 1)) == (21.0, 29.7)
    footer = etree.tostring(section.footer._element, encoding="unicode")
    assert 'w:instr="PAGE"' in footer and "— " in footer
    line = section.page_width.twips - section.left_margin.twips - section.right_margin.twips
    for table in document.tables:
        grid = [int(c.get(ooxml.w("w"))) for c in table._tbl.tblGrid.iterfind(ooxml.w("gridCol"))]
        assert 0.75 * line <= sum(grid) <= line + 10, (kind, grid, line)
        assert table._tbl.tblPr.find(ooxml.w("tblLayout")).get(ooxml.w("type")) == "fixed"


def test_schema_order_finds_and_fixes_a_shaded_cell_written_out_of_order():
    cell = etree.fromstring(
        f'<w:tcPr xmlns:w="{ooxml.W}"><w:shd w:fill="E7E6E6"/><w:vAlign w:val="center"/>'
        '<w:tcW w:w="100" w:type="dxa"/></w:tcPr>'
    )

    assert ooxml.out_of_order(cell) == ["tcPr: vAlign before tcW"]
    ooxml.reorder(cell)
    assert [etree.QName(child).localname for child in cell] == ["tcW", "shd", "vAlign"]
    assert ooxml.out_of_order(cell) == []
