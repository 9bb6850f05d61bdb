"""The recommending unit's 初核和推荐意见 as a Word document, to print, seal and send with the
paper copies to the city office (notice §五(二))."""

from __future__ import annotations

from collections.abc import Sequence

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt

from applications.models import Application, Consultation, PrecheckReview, RecommendingUnit
from award_portal.documents import word
from award_portal.documents.fonts import FANGSONG, HEI, XIAOBIAOSONG

LEADING = Pt(28)  # the fixed line spacing of an official letter
INDENT = Pt(32)  # two characters of 16 pt


def _paragraph(document, text: str = "", *, size: float = 16, font=FANGSONG, **layout):
    """A paragraph of the letter: 16 pt 仿宋 on the fixed line spacing, unless told otherwise."""
    return word.paragraph(document, text, font=font, size=size, line_spacing=LEADING, **layout)


def _review(application: Application) -> PrecheckReview | None:
    try:
        return application.precheck
    except PrecheckReview.DoesNotExist:
        return None


def _cell(cell, text: str, *, bold: bool = False) -> None:
    word.cell_text(cell, text, font=FANGSONG, size=12, bold=bold)


def recommendation_letter(*, unit: RecommendingUnit, applications: Sequence[Application]) -> bytes:
    """One letter of `unit` covering `applications`: a table of the checks and, per
    application, the opinion; the seal goes over the unit's name and the date."""
    document = word.new_document(font=FANGSONG, margins_cm=(3.7, 2.6, 3.5, 2.8))

    edition = applications[0].edition if applications else None
    _paragraph(
        document,
        edition.name if edition else "",
        align=WD_ALIGN_PARAGRAPH.CENTER,
        size=16,
        font=HEI,
    )
    _paragraph(
        document,
        _("初核和推荐意见"),
        align=WD_ALIGN_PARAGRAPH.CENTER,
        size=22,
        font=XIAOBIAOSONG,
    )
    _paragraph(document, _("%(authority)s：") % {"authority": settings.AWARD_AUTHORITY})
    _paragraph(
        document,
        _(
            "根据评选工作通知要求，我单位对下列申报材料的完整性、真实性、准确性、合法性进行了"
            "初核，并征求了有关部门意见，现将初核和推荐意见报送如下。"
        ),
        first_line_indent=INDENT,
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
        _paragraph(
            document,
            (review.opinion if review else "") or _("（尚未出具意见）"),
            first_line_indent=INDENT,
        )

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
    return word.to_bytes(document)
