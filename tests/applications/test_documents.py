import io

import pytest
from django.urls import reverse
from docx import Document
from docx.oxml.ns import qn
from pypdf import PdfReader

CATEGORIES = ["general", "medical", "education", "team", "individual"]


def _docx_text(document) -> str:
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts += [cell.text for cell in row.cells]
    return "\n".join(parts)


@pytest.mark.parametrize("code", CATEGORIES)
def test_export_docx_is_the_filled_official_form(client, make_draft, code):
    application = make_draft(code, materials=False)
    client.force_login(application.owner)

    response = client.get(reverse("applications:export_docx", kwargs={"pk": application.pk}))

    assert response.status_code == 200
    assert "filename*=UTF-8''" in response["Content-Disposition"]
    document = Document(io.BytesIO(response.content))
    text = _docx_text(document)
    assert "攀枝花市政府质量奖\n申　报　表\n（" + application.category.name + "）" in text
    assert "填 表 说 明" in text
    assert application.reference in text
    assert application.applicant_name in text
    assert "盖章" in text and "签字" in text
    assert "☑ 符合" in text
    assert "推荐单位意见" in text
    xml = document.element.xml
    assert 'w:eastAsia="黑体"' in xml
    assert document.styles["Normal"].element.rPr.rFonts.get(qn("w:eastAsia")) == "宋体"


def test_export_docx_team_lists_its_members(client, make_draft):
    application = make_draft("team", materials=False)
    client.force_login(application.owner)

    response = client.get(reverse("applications:export_docx", kwargs={"pk": application.pk}))

    tables = Document(io.BytesIO(response.content)).tables
    members = next(t for t in tables if t.rows[0].cells[0].text == "班组成员名单")
    assert [cell.text for cell in members.rows[1].cells] == [
        "序号",
        "姓名",
        "岗位",
        "职称或技能等级",
    ]
    assert [cell.text for cell in members.rows[4].cells] == ["3", "孙二", "质检员", "助理工程师"]


def test_export_pdf_renders_chinese_with_noto_cjk(client, make_draft):
    application = make_draft("general")
    client.force_login(application.owner)

    response = client.get(reverse("applications:export_pdf", kwargs={"pk": application.pk}))

    assert response.status_code == 200
    reader = PdfReader(io.BytesIO(response.content))
    text = "".join(page.extract_text() for page in reader.pages)
    assert "攀枝花钒钛精工有限公司" in text
    assert "王堃" in text  # a rare character must be a glyph, not a box
    assert application.materials.first().sha256[:16] in text.replace("\n", "")
    fonts = set()
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            fonts.add(str(font.get_object()["/BaseFont"]))
    assert any("Noto" in name and "CJK" in name for name in fonts)
