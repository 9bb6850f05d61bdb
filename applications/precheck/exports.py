"""Excel workbooks of stages 2 and 3, with Chinese headers: a unit's queue, the office's list
of recommended applications, the acceptance list and the overview."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from typing import NamedTuple

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


class Column(NamedTuple):
    """One column of a list: its header, the fields it reads (see `_records`) and its cell,
    made of the record and the status labels."""

    header: str
    fields: tuple[str, ...]
    cell: Callable[[dict, dict[str, str]], object]


def _value(header: str, field: str, *, blank: bool = False) -> Column:
    """The column of one field as it is; with `blank`, an empty cell where it has none."""
    if blank:
        return Column(header, (field,), lambda r, _labels: r[field] or "")
    return Column(header, (field,), lambda r, _labels: r[field])


def _check_column(header: str, name: str) -> Column:
    """One check of the pre-check (`_check`): its verdict and note."""
    fields = ("precheck__id", f"precheck__{name}_ok", f"precheck__{name}_note")
    return Column(header, fields, lambda r, _labels: _check(r, name))


def _review_column(header: str, name: str) -> Column:
    """One verdict of the acceptance re-check, empty until the re-check is made."""
    ok = f"acceptance_review__{name}_ok"
    return Column(
        header,
        ("acceptance_review__id", ok),
        lambda r, _labels: "" if r["acceptance_review__id"] is None else _yes_no(r[ok]),
    )


NUMBER = L("序号")
REFERENCE = _value(L("申报编号"), "reference")
APPLICANT = _value(L("申报组织/个人名称"), "applicant_name")
CATEGORY = _value(L("申报类别"), "category__name")
UNIT = _value(L("推荐单位"), "unit__name", blank=True)
STATUS = Column(L("状态"), ("status",), lambda r, labels: labels[r["status"]])
SUBMITTED = _value(L("提交时间"), "submitted_at")
CONSULTATIONS = _value(L("征求意见（条）"), "consultation_count")
OPINION = _value(L("初核和推荐意见"), "precheck__opinion", blank=True)
APPLICATION = (REFERENCE, APPLICANT, CATEGORY)

QUEUE_COLUMNS = (
    *APPLICATION,
    STATUS,
    SUBMITTED,
    _check_column(L("完整性"), "completeness"),
    _check_column(L("真实性"), "authenticity"),
    _check_column(L("准确性"), "accuracy"),
    _check_column(L("合法性"), "legality"),
    CONSULTATIONS,
    _value(L("纸质材料接收日期"), "paper_copy__received_on"),
    OPINION,
)
OFFICE_COLUMNS = (
    *APPLICATION,
    UNIT,
    STATUS,
    SUBMITTED,
    _review_column(L("资格复核"), "qualification"),
    _review_column(L("资料复核"), "materials"),
    CONSULTATIONS,
    OPINION,
)
ACCEPTANCE_COLUMNS = (APPLICANT, CATEGORY, UNIT, REFERENCE, STATUS)

QUEUE_HEADERS = (NUMBER, *(column.header for column in QUEUE_COLUMNS))
OFFICE_HEADERS = (NUMBER, *(column.header for column in OFFICE_COLUMNS))
ACCEPTANCE_HEADERS = (NUMBER, *(column.header for column in ACCEPTANCE_COLUMNS))


def _numbered_list_xlsx(
    title: str, heading: str, columns: Sequence[Column], rows: QuerySet[Application]
) -> bytes:
    """A workbook of one list for print: a row of `columns` for each of `rows`, numbered in
    the first column (序号)."""
    labels = _status_labels()
    fields = list(dict.fromkeys(field for column in columns for field in column.fields))
    wb = excel.workbook(write_only=True)
    excel.table(
        wb,
        title=title,
        heading=heading,
        headers=[NUMBER, *(column.header for column in columns)],
        rows=(
            [index, *(column.cell(record, labels) for column in columns)]
            for index, record in enumerate(_records(rows, fields), start=1)
        ),
    )
    return excel.to_bytes(wb)


def unit_queue_xlsx(
    *, rows: QuerySet[Application], unit: RecommendingUnit, edition: Edition
) -> bytes:
    names = {"edition": edition.name, "unit": unit.name}
    heading = _("%(edition)s %(unit)s初核推荐清单") % names
    return _numbered_list_xlsx(_("初核推荐清单"), heading, QUEUE_COLUMNS, rows)


def office_list_xlsx(*, rows: QuerySet[Application], edition: Edition) -> bytes:
    heading = _("%(edition)s推荐申报汇总") % {"edition": edition.name}
    return _numbered_list_xlsx(_("推荐申报汇总"), heading, OFFICE_COLUMNS, rows)


def acceptance_list_xlsx(*, rows: QuerySet[Application], edition: Edition) -> bytes:
    heading = _("%(edition)s申报受理名单") % {"edition": edition.name}
    return _numbered_list_xlsx(_("受理名单"), heading, ACCEPTANCE_COLUMNS, rows)


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
