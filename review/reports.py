"""Review reports: Word (from a template, docx_templates), PDF (WeasyPrint) and the Excel
export of all scores.

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

from applications.editions import word
from applications.editions.selectors import chinese_number
from applications.models import Application, Stage
from applications.word_templates.official import RESULT_COLUMNS
from award_portal.documents import docx_templates, excel, pdf
from review.models import (
    AdvancementDecision,
    ItemScore,
    OnsiteVisit,
    ReviewRound,
    ScoreSheet,
)
from review.rounds import results, selectors

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
    rows = results.round_results(review_round)
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


def _day(value) -> str:
    return timezone.localtime(value).strftime("%Y-%m-%d") if value else "—"


def _fmt(value) -> str:
    return "—" if value is None else str(value)


def _applicant(application) -> dict:
    return {"name": application.applicant_name, "reference": application.reference}


def _visit(number: int, visit) -> dict:
    return {
        **_applicant(visit.application),
        "number": chinese_number(number),
        "day": visit.visit_date.strftime("%Y-%m-%d"),
        "place": visit.place,
        "team": "、".join(e.name for e in visit.team.all()),
        "checks": [
            {"item": c.item.name, "verdict": c.get_verdict_display(), "note": c.note}
            for c in visit.checks.all()
        ],
        "findings": visit.findings,
    }


def word_context(review_round: ReviewRound) -> dict:
    """What the round report template is given (docx_templates, README "Word templates")."""
    ctx = report_context(review_round)
    slots = list(ctx["slots"]) if review_round.stage == Stage.DEFENSE else []
    visits = [_visit(n, v) for n, v in enumerate(ctx["visits"], start=1)]
    fourth = bool(visits or slots)
    return {
        "title": ctx["title"] + (_("（草稿）") if ctx["draft"] else ""),
        "opened": _day(review_round.opened_at),
        "closed": _day(review_round.closed_at),
        "aggregation": ctx["aggregation"],
        "members": [
            {
                "name": m.expert.name,
                "employer": m.expert.employer,
                "title": m.expert.title,
                "specialty": m.expert.specialty,
                "role": _("组长") if m.is_leader else _("成员"),
            }
            for m in ctx["members"]
        ],
        "rows": [
            dict(
                zip(
                    RESULT_COLUMNS,
                    _result_cells(r, _fmt),
                    strict=True,
                ),
                advances=(_("是") if r.decision.advances else _("否")) if r.decision else "—",
            )
            for r in ctx["rows"]
        ],  # fmt: skip
        "comments": [
            {
                **_applicant(row.application),
                "number": chinese_number(number),
                "categories": [
                    {"name": category, **texts} for category, texts in row.comments.items()
                ],
            }
            for number, row in enumerate(ctx["rows"], start=1)
        ],
        "visits": visits,
        "slots": [
            {
                "order": s.order,
                "name": s.application.applicant_name,
                "time": timezone.localtime(s.starts_at).strftime("%Y-%m-%d %H:%M"),
                "place": s.place,
                "presenter": s.presenter,
            }
            for s in slots
        ],
        "numbers": {
            "advancing": chinese_number(5 if fourth else 4),
            "opinion": chinese_number(6 if fourth else 5),
        },
        "advancing": [_applicant(row.application) for row in ctx["advancing"]],
        "summary": review_round.report_summary or _("（尚未填写）"),
        "authority": ctx["authority"],
        "day": docx_templates.day(ctx["generated_at"]),
    }


def round_report_docx(review_round: ReviewRound) -> bytes:
    return word.render("round_report", word_context(review_round), edition=review_round.edition)


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


def _score_sheet_rows(review_round: ReviewRound):
    """The round's score sheets (not the voided ones), one row each, read as plain values: a
    province's round has a hundred thousand, and building three models a row is most of the
    export's time."""
    labels = dict(ScoreSheet.Status.choices)
    sheets = (
        selectors.active_sheets(review_round)
        .exclude(status=ScoreSheet.Status.VOID)
        .order_by("assignment__application__reference", "assignment__expert__name")
        .values_list(
            "assignment__application__reference",
            "assignment__application__applicant_name",
            "assignment__expert__name",
            "assignment__expert__employer",
            "status",
            "total",
            "submitted_at",
            "status_reason",
        )
    )
    for reference, name, expert, employer, status, total, submitted_at, reason in sheets:
        yield [
            reference,
            name,
            expert,
            employer,
            labels.get(status, status),
            total,
            submitted_at,
            reason,
        ]


def _item_score_rows(review_round: ReviewRound):
    """Every item score of the round's submitted sheets, one row each."""
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
        item = s.item
        yield [
            s.sheet.assignment.application.reference,
            s.sheet.assignment.expert.name,
            str(s.sheet.rubric),
            item.code,
            item.category,
            item.name,
            item.points,
            s.score,
        ]


def scores_xlsx(review_round: ReviewRound) -> bytes:
    """The round's results, score sheets, item scores and decisions, a sheet each, titled as
    the results page is."""
    yes_no = {True: _("是"), False: _("否")}  # translated once, not once a row
    summary = [
        [
            *_result_cells(r),
            r.normalised,
            yes_no[r.decision.advances] if r.decision else "",
            r.decision.reason if r.decision else "",
        ]
        for r in results.round_results(review_round)
    ]
    methods = {value: str(label) for value, label in AdvancementDecision.Method.choices}
    decisions = (
        [reference, name, yes_no[advances], methods.get(method, method), reason]
        for reference, name, advances, method, reason in AdvancementDecision.objects.filter(
            round=review_round
        ).values_list(
            "application__reference", "application__applicant_name", "advances", "method", "reason"
        )
    )
    sheets = (
        (_("汇总"), _("%(round)s · 评审结果汇总"),
         [*_result_headers(), _("标准化得分"), _("晋级"), _("晋级理由")], summary),
        (_("评分表"), _("%(round)s · 专家评分表"),
         [_("申报编号"), _("申报名称"), _("专家"), _("工作单位"), _("状态"), _("总分"),
          _("提交时间"), _("免评理由")], _score_sheet_rows(review_round)),
        (_("条目得分"), _("%(round)s · 条目得分"),
         [_("申报编号"), _("专家"), _("评分标准"), _("条款号"), _("类目"), _("评分条目"),
          _("分值"), _("得分")], _item_score_rows(review_round)),
        (_("晋级决定"), _("%(round)s · 晋级决定"),
         [_("申报编号"), _("申报名称"), _("晋级"), _("决定方式"), _("理由")], decisions),
    )  # fmt: skip
    workbook = excel.workbook(write_only=True)
    for title, heading, headers, rows in sheets:
        excel.table(
            workbook,
            title=title,
            heading=heading % {"round": review_round},
            headers=headers,
            rows=rows,
        )
    return excel.to_bytes(workbook)
