"""The filled application form as an official-looking Word document, and the whole
application as a PDF for the record."""

from __future__ import annotations

from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from applications.editions import word
from applications.intake.forms import as_form_data, form_class_for
from applications.intake.forms.choices import NO, NOT_APPLICABLE, YES
from applications.intake.forms.team import TeamForm
from applications.models import Application, MaterialKind, PrecheckReview
from award_portal.documents import docx_templates, pdf
from award_portal.privacy.masking import masked_answers


def filled_form(application: Application, *, reveal: bool = True):
    """The application's form filled in; without `reveal`, identity and mobile numbers masked."""
    form_class = form_class_for(application.category)
    form = form_class(
        data=as_form_data(_answers(application, reveal)),
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


def _birth(id_number: str) -> str:
    """出生年月 as the ID number (GB 11643) records it."""
    digits = id_number[6:12]
    if len(id_number) == 18 and digits.isdigit():
        return _("%(y)s年%(m)s月") % {"y": digits[:4], "m": digits[4:6]}
    return ""


def _declaration(application: Application, data: dict) -> str:
    holder = str(data.get("publicity_held_by") or "").strip()
    dates = {
        "start": docx_templates.day(application.publicity_start),
        "end": docx_templates.day(application.publicity_end),
        "holder": holder,
    }
    if application.is_organization and data.get("is_branch_body") == YES and holder:
        text = _(
            "本组织承诺所填内容及所附材料真实、准确、合法。本组织为%(holder)s的分支、内设或派出"
            "机构，已由%(holder)s于%(start)s至%(end)s在单位内部公示，公示无异议。"
        )
    elif application.is_organization:
        text = _(
            "本组织承诺所填内容及所附材料真实、准确、合法，已于%(start)s至%(end)s在本组织内部"
            "公示，公示无异议。"
        )
    else:
        text = _(
            "本人承诺所填内容及所附材料真实、准确、合法；所在单位已于%(start)s至%(end)s在单位"
            "内部公示，公示无异议。"
        )
    return text % dates


def _self_assessment(application: Application) -> str:
    material = (
        application.materials.filter(kind=MaterialKind.SELF_ASSESSMENT).order_by("id").first()
    )
    if material is None:
        return _("（尚未上传）")
    if material.text_length:
        return _("《%(name)s》，约%(n)d字，随申报材料报送。") % {
            "name": material.original_name,
            "n": material.text_length,
        }
    return _("《%(name)s》，随申报材料报送。") % {"name": material.original_name}


def _answers(application: Application, reveal: bool) -> dict:
    data = application.data or {}
    return data if reveal else masked_answers(data)


def form_context(application: Application, *, reveal: bool = True) -> dict:
    """What the 申报表 templates are given (docx_templates, README "Word templates")."""
    form = filled_form(application, reveal=reveal)
    data = _answers(application, reveal)
    values, figures = {}, {}
    for block in form.display_sections():
        for row in block["rows"]:
            value = row["value"] or ""
            figures[row["name"]] = value
            values[row["name"]] = f"{value} {row['unit']}" if value and row["unit"] else value
    try:
        review = application.precheck
    except PrecheckReview.DoesNotExist:
        review = None
    unit = application.unit
    members = form.member_rows() if isinstance(form, TeamForm) else []
    return {
        "reference": application.reference,
        "city": settings.AWARD_CITY,
        "category": application.category.name,
        "title": form_title(application),
        "edition": application.edition.name,
        "period": application.edition.period_label,
        "authority": settings.AWARD_AUTHORITY,
        "self_assessment_limit": application.edition.self_assessment_limit,
        "applicant": application.applicant_name or "",
        "cover_second": values.get(
            "employer" if not application.is_organization else "legal_representative", ""
        ),
        "unit": unit.seal_name if unit else "",
        "submitted": docx_templates.day(application.submitted_at),
        "v": values,
        "figures": figures,
        "years": list(form.years),
        "birth": _birth(str(data.get("id_number") or "")),
        "members": [
            {
                "name": (m + ["", "", ""])[0],
                "post": (m + ["", "", ""])[1],
                "title": (m + ["", "", ""])[2],
            }
            for m in members
        ],
        "self_scores": [str(data.get(f"self_score_{n}") or "") for n in range(1, 9)],
        "self_assessment": _self_assessment(application),
        "criteria": [
            {
                "text": str(text),
                "mark": _criterion_mark(form.data.get(f"criterion_{number}", "")),
                "note": form.data.get(f"criterion_{number}_note", ""),
            }
            for number, text in enumerate(form.criteria, start=1)
        ],
        "declaration": _declaration(application, data),
        "blank_date": docx_templates.BLANK_DATE,
        "unit_opinion": review.opinion if review and review.opinion else "",
        "unit_date": docx_templates.day(review.checked_at)
        if review and review.opinion
        else docx_templates.BLANK_DATE,
        "note": _("本表由%(portal)s生成，填写内容以系统中提交的版本为准。")
        % {"portal": settings.PORTAL_TITLE},
    }


@translation.override("zh-hans")  # documents the portal issues are Chinese
def application_docx(application: Application, *, reveal: bool = True) -> bytes:
    """The 申报表 of the application's category, ready to print, sign and stamp; without
    `reveal`, identity and mobile numbers masked."""
    kind = docx_templates.form_kind(application.category.code)
    return word.render(
        kind,
        form_context(application, reveal=reveal),
        edition=application.edition,
    )


# --- PDF ----------------------------------------------------------------------------------------


@translation.override("zh-hans")
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
