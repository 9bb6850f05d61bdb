"""Excel workbooks of stages 2 and 3, with Chinese headers: a unit's queue, the office's list
of recommended applications, the acceptance list and the overview."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence

from django.db.models import QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as L

from applications.models import Application, Edition, RecommendingUnit, Status
from award_portal.documents import excel


def _yes_no(value: bool | None) -> str:
    if value is None:
        return ""
    return _("是") if value else _("否")


def _records(rows: QuerySet[Application], fields: Sequence[str]) -> Iterator[dict]:
    """The rows as plain values, streamed from one query: no model instances are built, and
    nothing is read row by row."""
    return rows.values(*fields).iterator(chunk_size=500)


def _check(record: dict, name: str) -> str:
    if record["precheck__id"] is None:
        return ""
    ok = record[f"precheck__{name}_ok"]
    note = record[f"precheck__{name}_note"]
    return f"{_yes_no(ok)}{('：' + note) if note else ''}"


def _status_labels() -> dict[str, str]:
    """Status labels translated once per export; `get_status_display()` rebuilds and hashes
    the whole choice list on every call."""
    return {value: str(label) for value, label in Status.choices}


CHECKS = ("completeness", "authenticity", "accuracy", "legality")


def _numbered_list_xlsx(
    *, title: str, heading: str, headers: Sequence, rows: Iterable[list]
) -> bytes:
    """A workbook of one list for print, its rows numbered in the first column (序号)."""
    wb = excel.workbook(write_only=True)
    excel.table(
        wb,
        title=title,
        heading=heading,
        headers=headers,
        rows=([index, *cells] for index, cells in enumerate(rows, start=1)),
    )
    return excel.to_bytes(wb)


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
    *, rows: QuerySet[Application], unit: RecommendingUnit, edition: Edition
) -> bytes:
    labels = _status_labels()
    fields = [
        "reference",
        "applicant_name",
        "category__name",
        "status",
        "submitted_at",
        "consultation_count",
        "paper_copy__received_on",
        "precheck__id",
        "precheck__opinion",
        *[f"precheck__{name}_{part}" for name in CHECKS for part in ("ok", "note")],
    ]

    def cells(r: dict) -> list:
        return [
            r["reference"],
            r["applicant_name"],
            r["category__name"],
            labels[r["status"]],
            r["submitted_at"],
            *[_check(r, name) for name in CHECKS],
            r["consultation_count"],
            r["paper_copy__received_on"],
            r["precheck__opinion"] or "",
        ]

    return _numbered_list_xlsx(
        title=_("初核推荐清单"),
        heading=_("%(edition)s %(unit)s初核推荐清单")
        % {"edition": edition.name, "unit": unit.name},
        headers=QUEUE_HEADERS,
        rows=map(cells, _records(rows, fields)),
    )


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


def office_list_xlsx(*, rows: QuerySet[Application], edition: Edition) -> bytes:
    labels = _status_labels()
    fields = (
        "reference",
        "applicant_name",
        "category__name",
        "unit__name",
        "status",
        "submitted_at",
        "acceptance_review__id",
        "acceptance_review__qualification_ok",
        "acceptance_review__materials_ok",
        "consultation_count",
        "precheck__opinion",
    )

    def cells(r: dict) -> list:
        checked = r["acceptance_review__id"] is not None
        return [
            r["reference"],
            r["applicant_name"],
            r["category__name"],
            r["unit__name"] or "",
            labels[r["status"]],
            r["submitted_at"],
            _yes_no(r["acceptance_review__qualification_ok"]) if checked else "",
            _yes_no(r["acceptance_review__materials_ok"]) if checked else "",
            r["consultation_count"],
            r["precheck__opinion"] or "",
        ]

    return _numbered_list_xlsx(
        title=_("推荐申报汇总"),
        heading=_("%(edition)s推荐申报汇总") % {"edition": edition.name},
        headers=OFFICE_HEADERS,
        rows=map(cells, _records(rows, fields)),
    )


ACCEPTANCE_HEADERS = (
    L("序号"),
    L("申报组织/个人名称"),
    L("申报类别"),
    L("推荐单位"),
    L("申报编号"),
    L("状态"),
)


def acceptance_list_xlsx(*, rows: QuerySet[Application], edition: Edition) -> bytes:
    labels = _status_labels()
    fields = ("applicant_name", "category__name", "unit__name", "reference", "status")
    return _numbered_list_xlsx(
        title=_("受理名单"),
        heading=_("%(edition)s申报受理名单") % {"edition": edition.name},
        headers=ACCEPTANCE_HEADERS,
        rows=(
            [
                r["applicant_name"],
                r["category__name"],
                r["unit__name"] or "",
                r["reference"],
                labels[r["status"]],
            ]
            for r in _records(rows, fields)
        ),
    )


def overview_xlsx(*, overview, edition: Edition) -> bytes:
    from applications.precheck.selectors import PROGRESS_GROUPS, progress_labels

    labels = progress_labels()
    keys = [key for key, _statuses in PROGRESS_GROUPS]
    units = [[row["name"], row["total"], *[row[k] for k in keys]] for row in overview.units]
    units.append([_("合计"), overview.total, *[sum(r[k] for r in overview.units) for k in keys]])
    sheets = (
        (
            _("按推荐单位"),
            _("%(edition)s申报统计（按推荐单位）"),
            [_("推荐单位"), _("申报总数"), *[labels[k] for k in keys]],
            units,
        ),
        (
            _("按申报类别"),
            _("%(edition)s申报统计（按申报类别）"),
            [_("申报类别"), _("申报总数")],
            [[row["name"], row["total"]] for row in overview.categories],
        ),
        (
            _("按状态"),
            _("%(edition)s申报统计（按状态）"),
            [_("状态"), _("数量")],
            [[str(row["label"]), row["count"]] for row in overview.statuses],
        ),
    )
    wb = excel.workbook(write_only=True)
    for title, heading, headers, rows in sheets:
        excel.table(
            wb, title=title, heading=heading % {"edition": edition.name}, headers=headers, rows=rows
        )
    return excel.to_bytes(wb)
