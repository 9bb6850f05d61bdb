"""The page, styles and table cells the shipped Word templates are built from.

Official documents (the letter, the reports) follow GB/T 9704-2012: A4, margins 3.7 cm top,
3.5 cm bottom, 2.8 cm left, 2.6 cm right (a 15.6 cm line), 仿宋 三号 body on a 28 pt line, the
title in 小标宋 二号, first-level headings in 黑体 and second-level ones in 楷体, page numbers
"— 1 —" at the outside corners. The 申报表 is a form: A4 with 2.5 cm margins (a 16 cm line),
宋体 小四 in the tables.
"""

from __future__ import annotations

from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK, WD_LINE_SPACING
from docx.shared import Cm, Pt

from award_portal.documents import word
from award_portal.documents.fonts import FANGSONG, HEI, SONG, XIAOBIAOSONG, set_font

KAI = "楷体"
OFFICIAL_MARGINS = (3.7, 2.6, 3.5, 2.8)  # top, right, bottom, left
FORM_MARGINS = (2.5, 2.5, 2.5, 2.5)
OFFICIAL_WIDTH = 15.6
FORM_WIDTH = 16.0
LEADING = Pt(28)
CELL_STYLE = "表格文字"


def document(*, official: bool):
    """An empty template: A4, Chinese styles, page numbers."""
    result = word.new_document(
        font=FANGSONG if official else SONG,
        size=16 if official else 12,
        margins_cm=OFFICIAL_MARGINS if official else FORM_MARGINS,
    )
    styles = result.styles
    normal = styles["Normal"]
    word.chinese_style(normal, FANGSONG if official else SONG, size=16 if official else 12)
    if official:
        normal.paragraph_format.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        normal.paragraph_format.line_spacing = LEADING
    normal.paragraph_format.space_after = Pt(0)
    word.chinese_style(styles["Title"], XIAOBIAOSONG, size=22)
    title = styles["Title"].paragraph_format
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    title.space_before, title.space_after = Pt(0), Pt(28)
    title.line_spacing_rule = WD_LINE_SPACING.MULTIPLE
    title.line_spacing = 1.2
    for name, font, bold in (
        ("Heading 1", HEI, False),
        ("Heading 2", KAI, False),
        ("Heading 3", FANGSONG, True),
    ):
        word.chinese_style(styles[name], font, size=16 if official else 14, bold=bold)
        layout = styles[name].paragraph_format
        layout.space_before, layout.space_after = Pt(6), Pt(0)
        layout.first_line_indent = Pt(32) if official else None
        layout.keep_with_next = True
    cell_style = styles.add_style(CELL_STYLE, WD_STYLE_TYPE.PARAGRAPH)
    cell_style.base_style = normal
    word.chinese_style(cell_style, FANGSONG if official else SONG, size=12 if official else 10.5)
    cell_layout = cell_style.paragraph_format
    cell_layout.line_spacing_rule = WD_LINE_SPACING.SINGLE
    cell_layout.space_before = cell_layout.space_after = Pt(0)
    cell_layout.first_line_indent = Pt(0)
    word.page_numbers(result, official=official)
    result.core_properties.author = ""
    return result


def text(container, value: str = "", *, style=None, align=None, indent: bool = False, **font):
    """A paragraph of one run (so that a {{ tag }} stays whole for docxtpl)."""
    paragraph = container.add_paragraph(style=style)
    if align is not None:
        paragraph.alignment = align
    if indent:
        paragraph.paragraph_format.first_line_indent = Pt(32)
    if value:
        run = paragraph.add_run(value)
        if font:
            set_font(run, font.pop("east_asian", FANGSONG), **font)
    return paragraph


def tag(expression: str) -> str:
    """A docxtpl value tag, `{{ expression }}`."""
    return "{{ " + expression + " }}"


def tags(name: str, *keys: str) -> list[str]:
    """The tags of `keys` of the item `name`: tags("r", "name") → ["{{ r.name }}"]."""
    return [tag(f"{name}.{key}") for key in keys]


def heading(container, value: str, level: int = 1):
    return container.add_paragraph(value, style=f"Heading {level}")


def page_break(container) -> None:
    container.add_paragraph().add_run().add_break(WD_BREAK.PAGE)


def cell(target, value: str = "", *, bold: bool = False, align=None, font: str | None = None):
    """`target` holding `value` in the table text style, vertically centred."""
    paragraph = target.paragraphs[0]
    paragraph.style = CELL_STYLE
    if align is not None:
        paragraph.alignment = align
    if value:
        run = paragraph.add_run(value)
        run.bold = bold or None
        if font:
            set_font(run, font)
    target.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER


def header_row(table, row_index: int, labels, *, font: str = HEI) -> None:
    """A shaded row of centred bold labels, repeated on every page the table runs over."""
    row = table.rows[row_index]
    for target, label in zip(row.cells, labels, strict=True):
        cell(target, label, align=WD_ALIGN_PARAGRAPH.CENTER, font=font)
        word.shade(target)
    word.repeat_header(row)


def loop_rows(table, first: int, tag: str) -> None:
    """Rows `first` and `first + 2` of `table` carry docxtpl's `{%tr for … %}` and
    `{%tr endfor %}`, so that row `first + 1` is written once per item."""
    cell(table.rows[first].cells[0], "{%tr " + tag + " %}")
    cell(table.rows[first + 2].cells[0], "{%tr endfor %}")


def min_height(row, cm: float) -> None:
    row.height = Cm(cm)
