"""The comprehensive review report (综合评审报告) in Word and PDF, and the edition's statistics
in Excel. Same style as review.reports: 宋体/黑体 in Word, Noto Serif CJK SC in the PDF."""

from __future__ import annotations

from urllib.parse import quote

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from applications.models import Stage
from award_portal.documents import excel, word
from review.deliberation import selectors
from review.models import ProposedList
from review.reports import _new_document, _pdf


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


def report_docx(proposed_list: ProposedList) -> bytes:
    ctx = report_context(proposed_list)
    document = _new_document()
    document.add_heading(ctx["title"] + (_("（待审议）") if ctx["draft"] else ""), level=0)
    document.add_heading(_("一、评审依据与方法"), level=1)
    document.add_paragraph(
        _(
            "根据材料评审、现场评审和陈述答辩情况，按各阶段得分率加权计算综合得分。"
            "组织：%(org)s；个人：%(ind)s。"
        )
        % {"org": ctx["weights_organization"], "ind": ctx["weights_individual"]}
    )
    document.add_paragraph(
        _("获奖最低综合得分：%(minimum)s（宁缺毋滥）。") % {"minimum": ctx["minimum"] or _("不设")}
    )
    document.add_paragraph(_("同分处理：") + ctx["tie_break"])
    document.add_heading(_("二、综合得分排名"), level=1)
    for label, quota, rows in ctx["sections"]:
        document.add_heading(
            _("%(kind)s（名额%(quota)d名）") % {"kind": label, "quota": quota}, level=2
        )
        stages = [cell[0] for cell in rows[0].stage_cells] if rows else []
        word.grid_table(
            document,
            [
                _("排名"),
                _("申报编号"),
                _("名称"),
                _("类别"),
                *[_("%(stage)s得分率") % {"stage": s} for s in stages],
                _("综合得分"),
                _("达到最低分"),
                _("状态"),
            ],
            [_ranking_cells(row) for row in rows],
        )
    document.add_heading(_("三、拟获奖建议名单"), level=1)
    for position, proposal in enumerate(ctx["proposals"], start=1):
        line = _("%(n)d. %(name)s（%(kind)s，同类排名第%(rank)d，综合得分%(score)s）") % {
            "n": position,
            "name": proposal.application.applicant_name,
            "kind": proposal.get_kind_display(),
            "rank": proposal.rank,
            "score": proposal.composite,
        }
        if proposal.replaces_id:
            line += _("，递补“%(name)s”") % {"name": proposal.replaces.application.applicant_name}
        document.add_paragraph(line)
    if not ctx["proposals"]:
        document.add_paragraph(_("（无）"))
    document.add_paragraph(
        _("空缺名额：组织奖%(org)d名，个人奖%(ind)d名。")
        % {"org": proposed_list.organization_vacancies, "ind": proposed_list.individual_vacancies}
    )
    if proposed_list.reason:
        document.add_paragraph(_("未按排名顺序提名的理由：") + proposed_list.reason)
    document.add_heading(_("四、综合评审意见"), level=1)
    document.add_paragraph(proposed_list.summary)
    if ctx["decision"]:
        decision = ctx["decision"]
        document.add_heading(_("五、领导小组审议结果"), level=1)
        document.add_paragraph(
            _("%(outcome)s（%(number)s，%(day)s）%(opinion)s")
            % {
                "outcome": decision.get_outcome_display(),
                "number": decision.document_number,
                "day": decision.meeting_date.strftime("%Y-%m-%d"),
                "opinion": decision.opinion,
            }
        )
    document.add_paragraph(ctx["authority"])
    document.add_paragraph(ctx["generated_at"].strftime("%Y-%m-%d"))
    return word.to_bytes(document)


def report_pdf(proposed_list: ProposedList, *, base_url: str = "") -> bytes:
    return _pdf("review/deliberation_report_pdf.html", report_context(proposed_list), base_url)


def statistics_xlsx(edition, statistics: dict) -> bytes:
    workbook = excel.workbook()
    totals = workbook.active
    totals.title = _("概况")
    t = statistics["totals"]
    excel.append(totals, [_("项目"), _("数量")])
    for label, value in [
        (_("申报总数"), t["submitted"]),
        (_("组织奖名额"), t["organization_quota"]),
        (_("获奖组织"), t["awarded_organizations"]),
        (_("个人奖名额"), t["individual_quota"]),
        (_("获奖个人"), t["awarded_individuals"]),
        (_("撤销奖励"), t["revoked"]),
    ]:
        excel.append(totals, [label, value])
    categories = workbook.create_sheet(_("按类别"))
    excel.append(categories, [_("申报类别"), _("申报数")])
    for row in zip(
        statistics["categories"]["labels"], statistics["categories"]["values"], strict=False
    ):
        excel.append(categories, list(row))
    units = workbook.create_sheet(_("按推荐单位"))
    excel.append(units, [_("推荐单位"), _("申报数")])
    for row in zip(statistics["units"]["labels"], statistics["units"]["values"], strict=False):
        excel.append(units, list(row))
    stages = workbook.create_sheet(_("各阶段通过率"))
    excel.append(stages, [_("环节"), _("参加"), _("通过"), _("通过率%")])
    s = statistics["stages"]
    for row in zip(s["labels"], s["entered"], s["passed"], s["rates"], strict=False):
        excel.append(stages, list(row))
    scores = workbook.create_sheet(_("得分分布"))
    excel.append(scores, [_("得分率区间"), *statistics["scores"]["series"].keys()])
    for index, label in enumerate(statistics["scores"]["bins"]):
        excel.append(
            scores, [label, *[values[index] for values in statistics["scores"]["series"].values()]]
        )
    for worksheet in workbook.worksheets:
        excel.header_row(worksheet, widths=(28,))
    return excel.to_bytes(workbook)


def statistics_filename(edition) -> str:
    return quote(f"{edition.name}统计.xlsx")
