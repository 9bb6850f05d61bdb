"""Review reports: Word (python-docx), PDF (WeasyPrint) and the Excel export of all scores.

Only the city office and the supervision group reach these (award_portal.access). Void sheets
(withdrawn for a conflict) are never part of them; the applicant's feedback names no expert.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import quote

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from applications.models import Application, Stage
from award_portal.documents import excel, pdf, word
from award_portal.documents.fonts import HEI, SONG, set_font
from review.models import (
    AdvancementDecision,
    ItemScore,
    OnsiteVisit,
    ReviewRound,
    ScoreSheet,
)
from review.rounds import selectors

REPORT_CSS = Path(__file__).resolve().parent / "report.css"


def report_title(review_round: ReviewRound) -> str:
    return _("%(edition)s%(stage)s报告") % {
        "edition": review_round.edition.name,
        "stage": Stage(review_round.stage).label,
    }


def report_filename(review_round: ReviewRound, ext: str, *, kind: str = "report") -> str:
    label = Stage(review_round.stage).label
    name = f"{label}评分明细.{ext}" if kind == "scores" else f"{label}报告.{ext}"
    return quote(name)


def report_context(review_round: ReviewRound) -> dict:
    """Everything a round report shows, shared by the Word and PDF versions."""
    rows = selectors.round_results(review_round)
    comments = selectors.submitted_comments("application", sheet__assignment__round=review_round)
    for row in rows:
        row.comments = comments.get(row.application.pk, {})
    visits = (
        OnsiteVisit.objects.filter(round=review_round)
        .select_related("application")
        .prefetch_related("team", "checks__item")
        if review_round.stage == Stage.ONSITE_REVIEW
        else []
    )
    return {
        "round": review_round,
        "title": report_title(review_round),
        "authority": settings.AWARD_AUTHORITY,
        "members": list(selectors.panel(review_round)),
        "rows": rows,
        "advancing": [r for r in rows if r.decision and r.decision.advances],
        "aggregation": selectors.aggregation_label(review_round.aggregation),
        "visits": visits,
        "slots": review_round.slots.select_related("application").order_by("order"),
        "draft": not review_round.is_closed,
        "generated_at": timezone.localtime(),
    }


def _result_headers() -> list[str]:
    """The columns of a round result, the same in the Word report and the Excel export."""
    return [
        _("申报编号"),
        _("申报名称"),
        _("类别"),
        _("有效评分表"),
        _("平均分"),
        _("汇总得分"),
        _("满分"),
        _("得分率%"),
        _("同类排名"),
    ]


def _result_cells(r, fmt=lambda value: value) -> list:
    """One result under `_result_headers()`; `fmt` writes the scores (Word shows "—" for none)."""
    return [
        r.application.reference,
        r.application.applicant_name,
        str(r.application.category),
        r.sheet_count,
        *(fmt(v) for v in (r.mean, r.aggregate, r.max_points, r.percent, r.rank)),
    ]


# --- Word ------------------------------------------------------------------------------------


def _new_document():
    """The reports' style: 宋体 text and 黑体 headings, Latin letters in the same faces."""
    document = word.new_document(font=SONG, latin=SONG, size=11)
    for name in ("Title", "Heading 1", "Heading 2", "Heading 3"):
        set_font(document.styles[name], HEI, latin=HEI)
    return document


def _day(value) -> str:
    return timezone.localtime(value).strftime("%Y-%m-%d") if value else "—"


def _fmt(value) -> str:
    return "—" if value is None else str(value)


def round_report_docx(review_round: ReviewRound) -> bytes:
    ctx = report_context(review_round)
    document = _new_document()
    title = ctx["title"] + (_("（草稿）") if ctx["draft"] else "")
    document.add_heading(title, level=0)
    document.add_paragraph(
        _("评审时间：%(opened)s 至 %(closed)s；汇总方法：%(method)s。")
        % {
            "opened": _day(review_round.opened_at),
            "closed": _day(review_round.closed_at),
            "method": ctx["aggregation"],
        }
    )
    document.add_heading(_("一、评审组"), level=1)
    word.grid_table(
        document,
        [_("姓名"), _("工作单位"), _("职称/职务"), _("专业领域"), _("组内职务")],
        [
            [
                m.expert.name,
                m.expert.employer,
                m.expert.title,
                m.expert.specialty,
                _("组长") if m.is_leader else _("成员"),
            ]
            for m in ctx["members"]
        ],
    )
    document.add_heading(_("二、评审得分"), level=1)
    word.grid_table(
        document,
        [*_result_headers(), _("晋级")],
        [
            [
                *_result_cells(r, _fmt),
                (_("是") if r.decision.advances else _("否")) if r.decision else "—",
            ]
            for r in ctx["rows"]
        ],
    )
    document.add_heading(_("三、优势与改进机会"), level=1)
    for row in ctx["rows"]:
        document.add_heading(f"{row.application.reference} {row.application.applicant_name}", 2)
        for category, texts in row.comments.items():
            document.add_heading(category, level=3)
            for text in texts["strengths"]:
                document.add_paragraph(_("优势：") + text, style="List Bullet")
            for text in texts["opportunities"]:
                document.add_paragraph(_("改进机会：") + text, style="List Bullet")
    if ctx["visits"]:
        document.add_heading(_("四、现场评审情况"), level=1)
        for visit in ctx["visits"]:
            document.add_heading(f"{visit.application.reference} {visit.application}", 2)
            document.add_paragraph(
                _("日期：%(date)s；地点：%(place)s；现场评审组：%(team)s")
                % {
                    "date": visit.visit_date.strftime("%Y-%m-%d"),
                    "place": visit.place,
                    "team": "、".join(e.name for e in visit.team.all()),
                }
            )
            word.grid_table(
                document,
                [_("核查事项"), _("结论"), _("说明")],
                [[c.item.name, c.get_verdict_display(), c.note] for c in visit.checks.all()],
            )
            if visit.findings:
                document.add_paragraph(_("现场发现：") + visit.findings)
    if review_round.stage == Stage.DEFENSE and ctx["slots"]:
        document.add_heading(_("四、陈述答辩安排"), level=1)
        word.grid_table(
            document,
            [_("顺序"), _("申报名称"), _("时间"), _("地点"), _("陈述人")],
            [
                [
                    s.order,
                    s.application.applicant_name,
                    timezone.localtime(s.starts_at).strftime("%Y-%m-%d %H:%M"),
                    s.place,
                    s.presenter,
                ]
                for s in ctx["slots"]
            ],
        )
    document.add_heading(_("晋级名单"), level=1)
    for position, row in enumerate(ctx["advancing"], start=1):
        document.add_paragraph(
            f"{position}. {row.application.applicant_name}（{row.application.reference}）"
        )
    if not ctx["advancing"]:
        document.add_paragraph(_("（无）"))
    document.add_heading(_("评审组意见"), level=1)
    document.add_paragraph(review_round.report_summary or _("（尚未填写）"))
    document.add_paragraph(ctx["authority"])
    document.add_paragraph(ctx["generated_at"].strftime("%Y-%m-%d"))
    return word.to_bytes(document)


# --- PDF ---------------------------------------------------------------------------------------


def _pdf(template: str, context: dict, base_url: str) -> bytes:
    return pdf.render_pdf(
        render_to_string(template, context), stylesheets=[REPORT_CSS], base_url=base_url
    )


def round_report_pdf(review_round: ReviewRound, *, base_url: str = "") -> bytes:
    return _pdf("review/report_pdf.html", report_context(review_round), base_url)


def feedback_pdf(application: Application, *, base_url: str = "") -> bytes:
    return _pdf(
        "review/feedback_pdf.html",
        {
            "application": application,
            "rounds": selectors.feedback_for(application),
            "authority": settings.AWARD_AUTHORITY,
            "generated_at": timezone.localtime(),
        },
        base_url,
    )


# --- Excel -------------------------------------------------------------------------------------


def scores_xlsx(review_round: ReviewRound) -> bytes:
    workbook = excel.workbook()
    summary = workbook.active
    summary.title = _("汇总")
    excel.append(
        summary,
        [*_result_headers(), _("标准化得分"), _("晋级"), _("晋级理由")],
    )
    for r in selectors.round_results(review_round):
        excel.append(
            summary,
            [
                *_result_cells(r),
                r.normalised,
                (_("是") if r.decision.advances else _("否")) if r.decision else "",
                r.decision.reason if r.decision else "",
            ],
        )
    sheets = workbook.create_sheet(_("评分表"))
    excel.append(
        sheets,
        [
            _("申报编号"),
            _("申报名称"),
            _("专家"),
            _("工作单位"),
            _("状态"),
            _("总分"),
            _("提交时间"),
            _("免评理由"),
        ],
    )
    sheet_rows = (
        selectors.active_sheets(review_round)
        .exclude(status=ScoreSheet.Status.VOID)
        .select_related("assignment__application", "assignment__expert")
        .order_by("assignment__application__reference", "assignment__expert__name")
    )
    for s in sheet_rows:
        excel.append(
            sheets,
            [
                s.assignment.application.reference,
                s.assignment.application.applicant_name,
                s.assignment.expert.name,
                s.assignment.expert.employer,
                s.get_status_display(),
                s.total,
                timezone.localtime(s.submitted_at).strftime("%Y-%m-%d %H:%M")
                if s.submitted_at
                else "",
                s.status_reason,
            ],
        )
    items = workbook.create_sheet(_("条目得分"))
    excel.append(
        items,
        [
            _("申报编号"),
            _("专家"),
            _("评分标准"),
            _("条款号"),
            _("类目"),
            _("评分条目"),
            _("分值"),
            _("得分"),
        ],
    )
    scores = (
        ItemScore.objects.filter(
            sheet__assignment__round=review_round,
            sheet__assignment__is_active=True,
            sheet__status=ScoreSheet.Status.SUBMITTED,
        )
        .select_related(
            "sheet__assignment__application", "sheet__assignment__expert", "sheet__rubric", "item"
        )
        .order_by(
            "sheet__assignment__application__reference",
            "sheet__assignment__expert__name",
            "item__order",
        )
    )
    for s in scores:
        excel.append(
            items,
            [
                s.sheet.assignment.application.reference,
                s.sheet.assignment.expert.name,
                str(s.sheet.rubric),
                s.item.code,
                s.item.category,
                s.item.name,
                s.item.points,
                s.score,
            ],
        )
    decisions = workbook.create_sheet(_("晋级决定"))
    excel.append(decisions, [_("申报编号"), _("申报名称"), _("晋级"), _("决定方式"), _("理由")])
    for d in AdvancementDecision.objects.filter(round=review_round).select_related("application"):
        excel.append(
            decisions,
            [
                d.application.reference,
                d.application.applicant_name,
                _("是") if d.advances else _("否"),
                d.get_method_display(),
                d.reason,
            ],
        )
    for worksheet in workbook.worksheets:
        excel.header_row(worksheet)
    return excel.to_bytes(workbook)
