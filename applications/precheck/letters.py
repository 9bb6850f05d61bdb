"""The recommending unit's 初核和推荐意见 as a Word document, to print, seal and send with the
paper copies to the city office (notice §五(二))."""

from __future__ import annotations

import io
from collections.abc import Sequence

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from applications.models import Application, Consultation, PrecheckReview, RecommendingUnit

BODY_FONT = "仿宋"
TITLE_FONT = "方正小标宋简体"
FALLBACK_TITLE_FONT = "黑体"
LATIN_FONT = "Times New Roman"


def _font(run, *, name: str = BODY_FONT, size: float = 16, bold: bool = False) -> None:
    """Set a run's font for Latin and for Chinese text (w:eastAsia), which Word reads apart."""
    run.font.name = LATIN_FONT
    run.font.size = Pt(size)
    run.font.bold = bold
    r_pr = run._element.get_or_add_rPr()
    r_fonts = r_pr.get_or_add_rFonts()
    r_fonts.set(qn("w:eastAsia"), name)
    r_fonts.set(qn("w:ascii"), LATIN_FONT)
    r_fonts.set(qn("w:hAnsi"), LATIN_FONT)


def _paragraph(document, text: str = "", *, align=None, size: float = 16, bold=False, name=None):
    paragraph = document.add_paragraph()
    if align is not None:
        paragraph.alignment = align
    paragraph.paragraph_format.line_spacing = Pt(28)
    if text:
        _font(paragraph.add_run(text), name=name or BODY_FONT, size=size, bold=bold)
    return paragraph


def _review(application: Application) -> PrecheckReview | None:
    try:
        return application.precheck
    except PrecheckReview.DoesNotExist:
        return None


def _cell(cell, text: str, *, bold: bool = False) -> None:
    cell.text = ""
    _font(cell.paragraphs[0].add_run(text), size=12, bold=bold)


def recommendation_letter(*, unit: RecommendingUnit, applications: Sequence[Application]) -> bytes:
    """One letter of `unit` covering `applications`: a table of the checks and, per
    application, the opinion; the seal goes over the unit's name and the date."""
    document = Document()
    section = document.sections[0]
    section.page_height, section.page_width = Cm(29.7), Cm(21.0)
    section.top_margin, section.bottom_margin = Cm(3.7), Cm(3.5)
    section.left_margin, section.right_margin = Cm(2.8), Cm(2.6)
    style = document.styles["Normal"]
    style.font.name = LATIN_FONT
    style.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), BODY_FONT)

    edition = applications[0].edition if applications else None
    _paragraph(
        document,
        edition.name if edition else "",
        align=WD_ALIGN_PARAGRAPH.CENTER,
        size=16,
        name=FALLBACK_TITLE_FONT,
    )
    _paragraph(
        document,
        _("初核和推荐意见"),
        align=WD_ALIGN_PARAGRAPH.CENTER,
        size=22,
        name=TITLE_FONT,
    )
    _paragraph(document, _("%(authority)s：") % {"authority": settings.AWARD_AUTHORITY})
    intro = document.add_paragraph()
    intro.paragraph_format.first_line_indent = Pt(32)
    intro.paragraph_format.line_spacing = Pt(28)
    _font(
        intro.add_run(
            _(
                "根据评选工作通知要求，我单位对下列申报材料的完整性、真实性、准确性、合法性进行了"
                "初核，并征求了有关部门意见，现将初核和推荐意见报送如下。"
            )
        )
    )

    table = document.add_table(rows=1, cols=6)
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    headers = [
        _("序号"),
        _("申报组织/个人"),
        _("申报类别"),
        _("申报编号"),
        _("初核结果"),
        _("征求意见"),
    ]
    for cell, text in zip(table.rows[0].cells, headers, strict=True):
        _cell(cell, text, bold=True)
    for index, application in enumerate(applications, start=1):
        review = _review(application)
        consulted = "、".join(
            c.department
            for c in application.consultations.filter(phase=Consultation.Phase.PRECHECK)
        )
        result = _("四项核查均通过") if review and review.all_passed else _("未完成初核")
        row = table.add_row().cells
        values = [
            str(index),
            application.applicant_name or application.reference,
            application.category.name,
            application.reference,
            result,
            consulted or _("—"),
        ]
        for cell, text in zip(row, values, strict=True):
            _cell(cell, text)

    for index, application in enumerate(applications, start=1):
        review = _review(application)
        _paragraph(
            document,
            _("%(n)d. %(name)s") % {"n": index, "name": application.applicant_name},
            bold=True,
        )
        opinion = document.add_paragraph()
        opinion.paragraph_format.first_line_indent = Pt(32)
        opinion.paragraph_format.line_spacing = Pt(28)
        _font(opinion.add_run((review.opinion if review else "") or _("（尚未出具意见）")))

    _paragraph(document)
    _paragraph(
        document,
        _("经办人：________　　联系电话：________"),
        size=14,
    )
    _paragraph(document)
    _paragraph(document, _("（盖章）"), align=WD_ALIGN_PARAGRAPH.RIGHT)
    _paragraph(document, unit.name, align=WD_ALIGN_PARAGRAPH.RIGHT)
    today = timezone.localdate()
    _paragraph(
        document,
        _("%(y)d年%(m)d月%(d)d日") % {"y": today.year, "m": today.month, "d": today.day},
        align=WD_ALIGN_PARAGRAPH.RIGHT,
    )
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
