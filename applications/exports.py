"""Excel workbooks of stages 2 and 3, with Chinese headers: a unit's queue, the office's list
of recommended applications, the acceptance list and the overview."""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from copy import copy
from datetime import datetime
from urllib.parse import quote

from django.core.exceptions import ObjectDoesNotExist
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as L
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from applications.models import Application, Edition, RecommendingUnit, Status

HEADER_FILL = PatternFill("solid", fgColor="F2DCDB")
HEADER_FONT = Font(name="宋体", bold=True)
TITLE_FONT = Font(name="黑体", size=14, bold=True)
BODY_FONT = Font(name="宋体")


def attachment(filename: str) -> str:
    """A Content-Disposition header that keeps a Chinese file name in every browser."""
    ascii_name = filename.encode("ascii", "ignore").decode() or "export"
    return f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(filename)}"


def _local(value: datetime | None) -> str:
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if value else ""


def _yes_no(value: bool | None) -> str:
    if value is None:
        return ""
    return _("是") if value else _("否")


def _sheet(ws: Worksheet, *, title: str, heading: str, headers: Sequence[str]) -> Worksheet:
    headers = [str(h) for h in headers]
    ws.title = title[:31]
    ws.append([heading])
    ws["A1"].font = TITLE_FONT
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(headers))
    ws.append([_("导出时间：%(at)s") % {"at": _local(timezone.now())}])
    ws.append(list(headers))
    for cell in ws[3]:
        cell.font = HEADER_FONT
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    ws.freeze_panes = "A4"
    return ws


def _finish(ws: Worksheet, widths: Sequence[int]) -> None:
    for index, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(index)].width = width
    body = None
    for row in ws.iter_rows(min_row=4):
        for cell in row:
            if body is None:
                cell.font = BODY_FONT
                cell.alignment = Alignment(vertical="top", wrap_text=True)
                body = cell._style
            else:
                # Every body cell has the same style: copying its index array skips openpyxl's
                # hashing of a Font and an Alignment per cell (seconds for 2,000 rows).
                cell._style = copy(body)
    if ws.max_row > 3:
        ws.auto_filter.ref = f"A3:{get_column_letter(len(widths))}{ws.max_row}"


def _save(wb: Workbook) -> bytes:
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def _check(application: Application, name: str) -> str:
    review = application.precheck if _has(application, "precheck") else None
    if review is None:
        return ""
    ok = getattr(review, f"{name}_ok")
    note = getattr(review, f"{name}_note")
    return f"{_yes_no(ok)}{('：' + note) if note else ''}"


def _status_labels() -> dict[str, str]:
    """Status labels translated once per export; `get_status_display()` rebuilds and hashes
    the whole choice list on every call."""
    return {value: str(label) for value, label in Status.choices}


def _has(application: Application, relation: str) -> bool:
    try:
        return getattr(application, relation) is not None
    except ObjectDoesNotExist:  # the reverse one-to-one row does not exist
        return False


QUEUE_HEADERS = (
    L("序号"),
    L("申报编号"),
    L("申报组织/个人名称"),
    L("申报类别"),
    L("状态"),
    L("提交时间"),
    L("完整性"),
    L("真实性"),
    L("准确性"),
    L("合法性"),
    L("征求意见（条）"),
    L("纸质材料接收日期"),
    L("初核和推荐意见"),
)


def unit_queue_xlsx(
    *, rows: Iterable[Application], unit: RecommendingUnit, edition: Edition
) -> bytes:
    wb = Workbook()
    ws = _sheet(
        wb.active,
        title=_("初核推荐清单"),
        heading=_("%(edition)s %(unit)s初核推荐清单")
        % {"edition": edition.name, "unit": unit.name},
        headers=QUEUE_HEADERS,
    )
    labels = _status_labels()
    for index, application in enumerate(rows, start=1):
        receipt = application.paper_copy if _has(application, "paper_copy") else None
        review = application.precheck if _has(application, "precheck") else None
        ws.append(
            [
                index,
                application.reference,
                application.applicant_name,
                application.category.name,
                labels[application.status],
                _local(application.submitted_at),
                _check(application, "completeness"),
                _check(application, "authenticity"),
                _check(application, "accuracy"),
                _check(application, "legality"),
                getattr(application, "consultation_count", 0),
                receipt.received_on.strftime("%Y-%m-%d") if receipt else "",
                review.opinion if review else "",
            ]
        )
    _finish(ws, (6, 16, 34, 22, 12, 17, 14, 14, 14, 14, 10, 14, 40))
    return _save(wb)


OFFICE_HEADERS = (
    L("序号"),
    L("申报编号"),
    L("申报组织/个人名称"),
    L("申报类别"),
    L("推荐单位"),
    L("状态"),
    L("提交时间"),
    L("资格复核"),
    L("资料复核"),
    L("征求意见（条）"),
    L("初核和推荐意见"),
)


def office_list_xlsx(*, rows: Iterable[Application], edition: Edition) -> bytes:
    wb = Workbook()
    ws = _sheet(
        wb.active,
        title=_("推荐申报汇总"),
        heading=_("%(edition)s推荐申报汇总") % {"edition": edition.name},
        headers=OFFICE_HEADERS,
    )
    labels = _status_labels()
    for index, application in enumerate(rows, start=1):
        check = application.acceptance_review if _has(application, "acceptance_review") else None
        review = application.precheck if _has(application, "precheck") else None
        ws.append(
            [
                index,
                application.reference,
                application.applicant_name,
                application.category.name,
                application.unit.name if application.unit_id else "",
                labels[application.status],
                _local(application.submitted_at),
                _yes_no(check.qualification_ok) if check else "",
                _yes_no(check.materials_ok) if check else "",
                getattr(application, "consultation_count", 0),
                review.opinion if review else "",
            ]
        )
    _finish(ws, (6, 16, 34, 22, 20, 12, 17, 10, 10, 10, 40))
    return _save(wb)


ACCEPTANCE_HEADERS = (
    L("序号"),
    L("申报组织/个人名称"),
    L("申报类别"),
    L("推荐单位"),
    L("申报编号"),
    L("状态"),
)


def acceptance_list_xlsx(*, rows: Iterable[Application], edition: Edition) -> bytes:
    wb = Workbook()
    ws = _sheet(
        wb.active,
        title=_("受理名单"),
        heading=_("%(edition)s申报受理名单") % {"edition": edition.name},
        headers=ACCEPTANCE_HEADERS,
    )
    labels = _status_labels()
    for index, application in enumerate(rows, start=1):
        ws.append(
            [
                index,
                application.applicant_name,
                application.category.name,
                application.unit.name if application.unit_id else "",
                application.reference,
                labels[application.status],
            ]
        )
    _finish(ws, (6, 36, 24, 22, 16, 14))
    return _save(wb)


def overview_xlsx(*, overview, edition: Edition) -> bytes:
    from applications.precheck_selectors import PROGRESS_GROUPS, progress_labels

    labels = progress_labels()
    keys = [key for key, _statuses in PROGRESS_GROUPS]
    wb = Workbook()
    ws = _sheet(
        wb.active,
        title=_("按推荐单位"),
        heading=_("%(edition)s申报统计（按推荐单位）") % {"edition": edition.name},
        headers=[_("推荐单位"), _("申报总数"), *[labels[k] for k in keys]],
    )
    for row in overview.units:
        ws.append([row["name"], row["total"], *[row[k] for k in keys]])
    ws.append([_("合计"), overview.total, *[sum(r[k] for r in overview.units) for k in keys]])
    _finish(ws, (24, 10, *([12] * len(keys))))

    ws = _sheet(
        wb.create_sheet(),
        title=_("按申报类别"),
        heading=_("%(edition)s申报统计（按申报类别）") % {"edition": edition.name},
        headers=[_("申报类别"), _("申报总数")],
    )
    for row in overview.categories:
        ws.append([row["name"], row["total"]])
    _finish(ws, (32, 10))

    ws = _sheet(
        wb.create_sheet(),
        title=_("按状态"),
        heading=_("%(edition)s申报统计（按状态）") % {"edition": edition.name},
        headers=[_("状态"), _("数量")],
    )
    for row in overview.statuses:
        ws.append([str(row["label"]), row["count"]])
    _finish(ws, (20, 10))
    return _save(wb)
