"""The filled application form as an official-looking Word document, and the whole
application as a PDF for the record."""

from __future__ import annotations

from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm, RGBColor

from applications.intake.forms import as_form_data, form_class_for
from applications.intake.forms.choices import NO, NOT_APPLICABLE, YES
from applications.intake.forms.team import TeamForm
from applications.models import Application
from award_portal.documents import pdf, word
from award_portal.documents.fonts import HEI, SONG
from award_portal.privacy.masking import masked_answers


def filled_form(application: Application, *, reveal: bool = True):
    """The application's form filled in; without `reveal`, identity and mobile numbers masked."""
    form_class = form_class_for(application.category)
    form = form_class(
        data=as_form_data(application.data if reveal else masked_answers(application.data)),
        edition=application.edition,
        return_notes=application.return_notes,
    )
    return form


def form_title(application: Application) -> str:
    return _("%(city)s政府质量奖（%(category)s）申报表") % {
        "city": settings.AWARD_CITY,
        "category": application.category.name,
    }


# --- Word -------------------------------------------------------------------------------------


def _criterion_mark(value: str) -> str:
    return {YES: "☑ 符合", NO: "☐ 不能确认", NOT_APPLICABLE: "不适用"}.get(value, "☐")


def application_docx(application: Application, *, reveal: bool = True) -> bytes:
    """The 申报表 of the application's category, ready to print, sign and stamp."""
    form = filled_form(application, reveal=reveal)
    document = word.new_document(font=SONG, size=12, margins_cm=(2.54, 2.4, 2.54, 2.4))

    word.paragraph(
        document,
        _("编号：%(ref)s") % {"ref": application.reference},
        size=10.5,
        align=WD_ALIGN_PARAGRAPH.RIGHT,
    )
    word.paragraph(
        document,
        form_title(application),
        size=18,
        bold=True,
        font=HEI,
        align=WD_ALIGN_PARAGRAPH.CENTER,
    )
    word.paragraph(
        document,
        _("（%(edition)s · %(period)s）")
        % {"edition": application.edition.name, "period": application.edition.period_label},
        size=12,
        align=WD_ALIGN_PARAGRAPH.CENTER,
    )

    for block in form.display_sections():
        if block["anchor"] == "criteria":
            continue
        table = document.add_table(rows=1, cols=2)
        table.style = "Table Grid"
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        header = table.rows[0].cells[0].merge(table.rows[0].cells[1])
        word.cell_text(header, str(block["title"]), bold=True, size=12, font=HEI)
        word.shade(header)
        for row in block["rows"]:
            if (
                block["anchor"] == "team"
                and row["name"] == "members"
                and isinstance(form, TeamForm)
            ):
                continue
            cells = table.add_row().cells
            word.cell_text(cells[0], str(row["label"]), bold=True)
            value = row["value"]
            if value and row["unit"]:
                value = f"{value} {row['unit']}"
            word.cell_text(cells[1], value or "")
        word.set_widths(table, [5.0, 11.2])
        if block["anchor"] == "team" and isinstance(form, TeamForm):
            _members_table(document, form)
        document.add_paragraph()

    _criteria_table(document, form)
    _signature_table(document, application)
    return word.to_bytes(document)


def _members_table(document, form: TeamForm) -> None:
    members = form.member_rows()
    table = document.add_table(rows=1, cols=4)
    table.style = "Table Grid"
    for cell, text in zip(
        table.rows[0].cells, (_("序号"), _("姓名"), _("岗位"), _("职称或技能等级")), strict=True
    ):
        word.cell_text(cell, text, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
        word.shade(cell)
    for number, member in enumerate(members, start=1):
        cells = table.add_row().cells
        parts = [*member, "", ""][:3]
        word.cell_text(cells[0], str(number), align=WD_ALIGN_PARAGRAPH.CENTER)
        for cell, text in zip(cells[1:], parts, strict=True):
            word.cell_text(cell, text)
    word.set_widths(table, [1.6, 4.0, 5.3, 5.3])


def _criteria_table(document, form) -> None:
    table = document.add_table(rows=1, cols=3)
    table.style = "Table Grid"
    for cell, text in zip(
        table.rows[0].cells, (_("申报条件（通知第二条）"), _("确认"), _("说明")), strict=True
    ):
        word.cell_text(cell, text, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, font=HEI)
        word.shade(cell)
    for number in range(1, len(form.criteria) + 1):
        cells = table.add_row().cells
        word.cell_text(cells[0], str(form.criteria[number - 1]))
        word.cell_text(cells[1], _criterion_mark(form.data.get(f"criterion_{number}", "")))
        word.cell_text(cells[2], form.data.get(f"criterion_{number}_note", ""))
    word.set_widths(table, [10.2, 2.6, 3.4])
    document.add_paragraph()


def _signature_table(document, application: Application) -> None:
    """Room for the signature and the seals, as on the paper form."""
    table = document.add_table(rows=2, cols=1)
    table.style = "Table Grid"
    data = application.data or {}
    holder = str(data.get("publicity_held_by") or "").strip()
    if application.is_organization and data.get("is_branch_body") == YES and holder:
        own = _(
            "申报组织意见：\n本组织承诺所填内容及所附材料真实、准确、合法。本组织为%(holder)s"
            "的分支、内设或派出机构，已由%(holder)s于%(start)s至%(end)s在单位内部公示，"
            "公示无异议。\n\n\n"
            "法定代表人或负责人（签字）：            （申报组织或%(holder)s盖章）\n\n"
            "                                                    年    月    日"
        )
    elif application.is_organization:
        own = _(
            "申报组织意见：\n本组织承诺所填内容及所附材料真实、准确、合法，"
            "已在本组织内部公示%(start)s至%(end)s，公示无异议。\n\n\n"
            "法定代表人（签字）：                    （申报组织盖章）\n\n"
            "                                                    年    月    日"
        )
    else:
        own = _(
            "申报人承诺及所在单位意见：\n本人承诺所填内容及所附材料真实、准确、合法；"
            "所在单位已于%(start)s至%(end)s在单位内部公示，公示无异议。\n\n\n"
            "申报人（签字）：                    所在单位（盖章）\n\n"
            "                                                    年    月    日"
        )
    dates = {
        "start": application.publicity_start.strftime("%Y年%m月%d日")
        if application.publicity_start
        else "    年  月  日",
        "end": application.publicity_end.strftime("%Y年%m月%d日")
        if application.publicity_end
        else "    年  月  日",
    }
    word.cell_text(table.rows[0].cells[0], own % {**dates, "holder": holder}, size=12)
    unit = application.unit.name if application.unit else "                    "
    word.cell_text(
        table.rows[1].cells[0],
        _(
            "推荐单位（%(unit)s）初核推荐意见：\n\n\n\n"
            "负责人（签字）：                    （推荐单位盖章）\n\n"
            "                                                    年    月    日"
        )
        % {"unit": unit},
        size=12,
    )
    for row in table.rows:
        row.height = Cm(6)
    word.set_widths(table, [16.2])
    note = word.paragraph(
        document,
        _("本表由%(portal)s生成，填写内容以系统中提交的版本为准。")
        % {"portal": settings.PORTAL_TITLE},
        size=9,
    )
    for run in note.runs:
        run.font.color.rgb = RGBColor(0x59, 0x59, 0x59)


# --- PDF ----------------------------------------------------------------------------------------


def application_pdf(application: Application, *, reveal: bool = True) -> bytes:
    """The whole application for the record: form, criteria, materials and history."""
    form = filled_form(application, reveal=reveal)
    materials = [
        {
            "kind": material.get_kind_display(),
            "name": material.original_name,
            "size": filesizeformat(material.size),
            "sha256": material.sha256,
            "uploaded_at": material.uploaded_at,
        }
        for material in application.materials.order_by("kind", "id")
    ]
    criteria = [
        {
            "text": text,
            "answer": _criterion_mark(form.data.get(f"criterion_{number}", "")),
            "note": form.data.get(f"criterion_{number}_note", ""),
        }
        for number, text in enumerate(form.criteria, start=1)
    ]
    context = {
        "application": application,
        "title": form_title(application),
        "sections": [s for s in form.display_sections() if s["anchor"] != "criteria"],
        "criteria": criteria,
        "materials": materials,
        "events": application.events.order_by("at", "id"),
        "generated_at": timezone.localtime(),
        "portal_title": settings.PORTAL_TITLE,
    }
    return pdf.render_pdf(
        render_to_string("applications/pdf/application.html", context),
        stylesheets=[render_to_string("applications/pdf/application.css")],
        base_url=str(settings.BASE_DIR),
    )
