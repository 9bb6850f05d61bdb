"""python-docx helpers: an A4 page, paragraphs and table cells in a Chinese font, shaded header
cells, column widths that every word processor reads, plain grid tables.

Word sizes a table's columns from each cell's width (w:tcW), LibreOffice and WPS from the
table's grid (w:tblGrid), which python-docx fills with equal columns; `set_widths` sets both.
"""

from __future__ import annotations

import io
from collections.abc import Sequence

from docx import Document
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Length

from award_portal.documents.fonts import LATIN, SONG, set_font


def new_document(
    *,
    font: str,
    latin: str = LATIN,
    size: float | None = None,
    margins_cm: tuple[float, float, float, float] | None = None,
):
    """A document whose Normal style is set in `font` (and `latin`); with `margins_cm` (top,
    right, bottom, left) its page is A4 portrait with those margins."""
    document = Document()
    if margins_cm is not None:
        section = document.sections[0]
        section.page_height, section.page_width = Cm(29.7), Cm(21.0)
        top, right, bottom, left = (Cm(value) for value in margins_cm)
        section.top_margin, section.right_margin = top, right
        section.bottom_margin, section.left_margin = bottom, left
    set_font(document.styles["Normal"], font, latin=latin, size=size)
    return document


def paragraph(
    container,
    text: str = "",
    *,
    font: str = SONG,
    size: float = 12,
    bold: bool = False,
    align=None,
    line_spacing: Length | None = None,
    first_line_indent: Length | None = None,
):
    """A paragraph of `container` (the document or a cell) holding `text` in one run."""
    result = container.add_paragraph()
    if align is not None:
        result.alignment = align
    if line_spacing is not None:
        result.paragraph_format.line_spacing = line_spacing
    if first_line_indent is not None:
        result.paragraph_format.first_line_indent = first_line_indent
    if text:
        set_font(result.add_run(text), font, size=size, bold=bold)
    return result


def cell_text(
    cell, text: str, *, font: str = SONG, size: float = 10.5, bold: bool = False, align=None
) -> None:
    """Replace what `cell` holds with `text`, a paragraph per line, centred vertically."""
    cell.text = ""
    for index, line in enumerate(str(text).split("\n")):
        line_paragraph = cell.paragraphs[0] if index == 0 else cell.add_paragraph()
        if align is not None:
            line_paragraph.alignment = align
        set_font(line_paragraph.add_run(line), font, size=size, bold=bold)
    cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER


def shade(cell, fill: str = "E7E6E6") -> None:
    """A background colour for `cell`, e.g. a header row's grey."""
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), fill)
    cell._element.get_or_add_tcPr().append(shading)


def set_widths(table, widths_cm: Sequence[float]) -> None:
    """The columns' widths in centimetres, in the table's grid and in every cell."""
    for column, width in zip(table.columns, widths_cm, strict=False):
        column.width = Cm(width)
    for row in table.rows:
        for cell, width in zip(row.cells, widths_cm, strict=False):
            cell.width = Cm(width)


def grid_table(document, headers: Sequence[str], rows: Sequence[Sequence]):
    """A plain "Table Grid" table: `headers`, then `rows`, each value as text in the
    document's Normal style (None as an empty cell)."""
    table = document.add_table(rows=1, cols=len(headers))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, headers, strict=True):
        cell.text = text
    for values in rows:
        cells = table.add_row().cells
        for cell, text in zip(cells, values, strict=True):
            cell.text = "" if text is None else str(text)
    return table


def to_bytes(document) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
