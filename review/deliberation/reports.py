"""The comprehensive review report (综合评审报告) in Word and PDF, and the edition's statistics
in Excel. The Word report follows GB/T 9704-2012 (its template); the PDF is set in Noto Serif
CJK SC."""

from __future__ import annotations

from urllib.parse import quote

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from applications.editions import word
from applications.editions.selectors import chinese_number
from applications.models import Stage
from award_portal.documents import docx_templates, excel
from review.deliberation import selectors
from review.models import ProposedList
from review.reports import _pdf


def report_title(proposed_list: ProposedList) -> str:
    if proposed_list.kind == ProposedList.Kind.SUBSTITUTE:
        return _("%(edition)s递补名单综合评审报告") % {"edition": proposed_list.edition.name}
    return _("%(edition)s综合评审报告") % {"edition": proposed_list.edition.name}


def report_filename(proposed_list: ProposedList, ext: str) -> str:
    return quote(f"{report_title(proposed_list)}-{proposed_list.pk}.{ext}")


def _weights_text(weights: dict) -> str:
    return "、".join(f"{Stage(stage).label}{weight:g}%" for stage, weight in weights.items())


def report_context(proposed_list: ProposedList) -> dict:
    edition = proposed_list.edition
    review_settings = selectors.settings_for(edition)
    ranking = selectors.composite_ranking(edition)
    proposals = list(
        proposed_list.proposals.select_related(
            "application__category", "application__unit", "replaces__application"
        ).order_by("kind", "rank")
    )
    decision = getattr(proposed_list, "decision", None)
    return {
        "list": proposed_list,
        "edition": edition,
        "title": report_title(proposed_list),
        "authority": settings.AWARD_AUTHORITY,
        "weights_organization": _weights_text(review_settings.weights("organization")),
        "weights_individual": _weights_text(review_settings.weights("individual")),
        "minimum": review_settings.minimum_composite,
        "tie_break": str(selectors.TIE_BREAK_RULE),
        "sections": [
            (_("组织"), edition.organization_quota, ranking.get("organization", [])),
            (_("个人"), edition.individual_quota, ranking.get("individual", [])),
        ],
        "proposals": proposals,
        "decision": decision,
        "draft": proposed_list.status == ProposedList.Status.DRAFT,
        "generated_at": timezone.localtime(),
    }


def _score(value) -> str:
    return "—" if value is None else f"{value}"


def _ranking_cells(row) -> list[str]:
    return [
        row.rank or "—",
        row.application.reference,
        row.application.applicant_name,
        str(row.application.category),
        *[_score(score) for _label, score, _weight in row.stage_cells],
        _score(row.composite),
        (_("是") if row.eligible else _("否")) + (_("（同分）") if row.tied else ""),
        row.application.get_status_display(),
    ]


def _proposal_line(proposal) -> str:
    line = _("%(name)s（%(kind)s，同类排名第%(rank)d，综合得分%(score)s）") % {
        "name": proposal.application.applicant_name,
        "kind": proposal.get_kind_display(),
        "rank": proposal.rank,
        "score": proposal.composite,
    }
    if proposal.replaces_id:
        line += _("，递补“%(name)s”") % {"name": proposal.replaces.application.applicant_name}
    return line


def word_context(proposed_list: ProposedList) -> dict:
    """What the comprehensive report template is given (docx_templates, README "Word
    templates")."""
    ctx = report_context(proposed_list)
    decision = ctx["decision"]
    headers = ("rank", "reference", "name", "category")
    sections = []
    for number, (label, quota, rows) in enumerate(ctx["sections"], start=1):
        lines = []
        for row in rows:
            cells = _ranking_cells(row)
            stages = [f"{stage}{_score(score)}" for stage, score, _weight in row.stage_cells]
            lines.append(
                {
                    **dict(zip(headers, cells[:4], strict=True)),
                    "stages": "\n".join(stages),
                    "composite": cells[-3],
                    "eligible": cells[-2],
                    "status": cells[-1],
                }
            )
        sections.append(
            {"number": chinese_number(number), "kind": label, "quota": quota, "rows": lines}
        )
    return {
        "title": ctx["title"] + (_("（待审议）") if ctx["draft"] else ""),
        "weights_organization": ctx["weights_organization"],
        "weights_individual": ctx["weights_individual"],
        "minimum": ctx["minimum"] or _("不设"),
        "tie_break": ctx["tie_break"],
        "sections": sections,
        "proposals": [{"line": _proposal_line(p)} for p in ctx["proposals"]],
        "vacancies_organization": proposed_list.organization_vacancies,
        "vacancies_individual": proposed_list.individual_vacancies,
        "reason": proposed_list.reason,
        "summary": proposed_list.summary,
        "decision": _("%(outcome)s（%(number)s，%(day)s）%(opinion)s")
        % {
            "outcome": decision.get_outcome_display(),
            "number": decision.document_number,
            "day": decision.meeting_date.strftime("%Y-%m-%d"),
            "opinion": decision.opinion,
        }
        if decision
        else "",
        "authority": ctx["authority"],
        "day": docx_templates.day(ctx["generated_at"]),
    }


def report_docx(proposed_list: ProposedList) -> bytes:
    return word.render(
        "deliberation_report", word_context(proposed_list), edition=proposed_list.edition
    )


def report_pdf(proposed_list: ProposedList, *, base_url: str = "") -> bytes:
    return _pdf("review/deliberation_report_pdf.html", report_context(proposed_list), base_url)


def statistics_xlsx(edition, statistics: dict) -> bytes:
    """The statistics page as a workbook: each of its tables on a sheet of its own."""
    t = statistics["totals"]
    s = statistics["stages"]
    series = statistics["scores"]["series"]
    sheets = (
        (
            _("概况"),
            [_("项目"), _("数量")],
            [
                (_("申报总数"), t["submitted"]),
                (_("组织奖名额"), t["organization_quota"]),
                (_("获奖组织"), t["awarded_organizations"]),
                (_("个人奖名额"), t["individual_quota"]),
                (_("获奖个人"), t["awarded_individuals"]),
                (_("撤销奖励"), t["revoked"]),
            ],
        ),
        (
            _("按类别"),
            [_("申报类别"), _("申报数")],
            zip(
                statistics["categories"]["labels"],
                statistics["categories"]["values"],
                strict=False,
            ),
        ),
        (
            _("按推荐单位"),
            [_("推荐单位"), _("申报数")],
            zip(statistics["units"]["labels"], statistics["units"]["values"], strict=False),
        ),
        (
            _("各阶段通过率"),
            [_("环节"), _("参加"), _("通过"), _("通过率%")],
            zip(s["labels"], s["entered"], s["passed"], s["rates"], strict=False),
        ),
        (
            _("得分分布"),
            [_("得分率区间"), *series.keys()],
            (
                [label, *[values[index] for values in series.values()]]
                for index, label in enumerate(statistics["scores"]["bins"])
            ),
        ),
    )
    workbook = excel.workbook(write_only=True)
    for title, headers, rows in sheets:
        excel.table(
            workbook,
            title=title,
            heading=_("%(edition)s · 本届统计（%(table)s）") % {"edition": edition, "table": title},
            headers=headers,
            rows=rows,
        )
    return excel.to_bytes(workbook)


def statistics_filename(edition) -> str:
    return quote(f"{edition.name}统计.xlsx")
