"""python-docx helpers: an A4 page, Chinese styles, page numbers, paragraphs and table cells in
a Chinese font, shaded header cells, column widths that every word processor reads, header rows
repeated on every page.

Word sizes a table's columns from each cell's width (w:tcW), LibreOffice and WPS from the
table's grid (w:tblGrid), which python-docx fills with equal columns; `set_widths` sets both
(and `ooxml.finish` checks every table of every file once more).
"""

from __future__ import annotations

import io
from collections.abc import Sequence

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from award_portal.documents import ooxml
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
    a4(document.sections[0], margins_cm or (2.54, 2.5, 2.54, 2.5))
    set_font(document.styles["Normal"], font, latin=latin, size=size)
    return document


def a4(section, margins_cm: tuple[float, float, float, float]) -> None:
    """An A4 portrait page with `margins_cm` (top, right, bottom, left)."""
    section.page_height, section.page_width = Cm(29.7), Cm(21.0)
    top, right, bottom, left = (Cm(value) for value in margins_cm)
    section.top_margin, section.right_margin = top, right
    section.bottom_margin, section.left_margin = bottom, left


def chinese_style(
    style, east_asian: str, *, size: float, bold: bool = False, latin: str = LATIN
) -> None:
    """`style` in black `east_asian` text of `size` points: the theme fonts, colours and
    borders of python-docx's default template (blue English headings) taken away."""
    element = style.element
    for found in element.xpath("./w:pPr/w:pBdr | ./w:rPr/w:color | ./w:rPr/w:rFonts"):
        found.getparent().remove(found)
    set_font(style, east_asian, latin=latin, size=size, bold=bold)
    fonts = element.get_or_add_rPr().get_or_add_rFonts()
    fonts.set(qn("w:hAnsi"), latin)
    size_cs = OxmlElement("w:szCs")
    size_cs.set(qn("w:val"), str(int(size * 2)))
    element.get_or_add_rPr().append(size_cs)
    style.font.italic = False


def page_numbers(document, *, official: bool) -> None:
    """ "— 1 —" at the foot of every page in 宋体 四号: outside corners of an official document
    (odd pages right, even pages left, as GB/T 9704-2012 7.5 asks), centred otherwise."""
    section = document.sections[0]
    footers = [(section.footer, WD_ALIGN_PARAGRAPH.CENTER)]
    if official:
        document.settings.odd_and_even_pages_header_footer = True
        footers = [
            (section.footer, WD_ALIGN_PARAGRAPH.RIGHT),
            (section.even_page_footer, WD_ALIGN_PARAGRAPH.LEFT),
        ]
    for footer, align in footers:
        footer.is_linked_to_previous = False
        line = footer.paragraphs[0]
        line.alignment = align
        if official:  # a character's room from the edge
            indent = Pt(14)
            if align == WD_ALIGN_PARAGRAPH.RIGHT:
                line.paragraph_format.right_indent = indent
            else:
                line.paragraph_format.left_indent = indent
        set_font(line.add_run("— "), SONG, size=14)
        field = OxmlElement("w:fldSimple")
        field.set(qn("w:instr"), "PAGE")
        run = line.add_run("1")
        set_font(run, SONG, size=14)
        field.append(run._element)
        line._p.append(field)
        set_font(line.add_run(" —"), SONG, size=14)


def repeat_header(row) -> None:
    """`row` repeated at the top of each page the table runs over."""
    properties = row._tr.get_or_add_trPr()
    properties.append(OxmlElement("w:tblHeader"))


def fixed_table(container, rows: int, widths_cm: Sequence[float], *, style="Table Grid"):
    """A table of `rows` rows whose columns are `widths_cm` wide, centred, laid out fixed."""
    table = container.add_table(rows=rows, cols=len(widths_cm))
    if style:
        table.style = style
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    set_widths(table, widths_cm)
    return table


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


def to_bytes(document) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)
    return ooxml.finish(buffer.getvalue())
