"""The fonts the documents name, and the one way to set a Chinese font on Word text.

Word documents and Excel workbooks name the faces a Chinese office has (宋体, 黑体, 仿宋,
方正小标宋简体); Word and Excel substitute their own when one is missing. Word keeps a run's
Latin and East-Asian fonts apart (w:ascii/w:hAnsi and w:eastAsia) and python-docx sets only the
Latin one, so Chinese text stays in the template's face unless `set_font` sets both.

PDFs are drawn on the server from the installed fonts (fonts-noto-cjk, fonts-hanazono,
fonts-babelstone-han): Noto CJK for the text, and for the characters of the CJK extensions B–H
that Noto lacks (𠀀 𪚥 …), Hanazono then BabelStone Han. WeasyPrint's stylesheets read these
families as the CSS custom properties of `PDF_FONT_CSS` (`font-family: var(--serif)`); the
publicity notice, drawn with fpdf2, asks fontconfig for the same families.
"""

from __future__ import annotations

from docx.oxml.ns import qn
from docx.shared import Pt

# Word and Excel
SONG = "宋体"  # body text
HEI = "黑体"  # headings and titles
FANGSONG = "仿宋"  # the body of an official letter (公文)
XIAOBIAOSONG = "方正小标宋简体"  # the title of an official letter
LATIN = "Times New Roman"  # Latin letters and digits beside Chinese text

# PDF
SERIF = "Noto Serif CJK SC"
SANS = "Noto Sans CJK SC"
EXTENSION_FALLBACKS = ("HanaMinA", "HanaMinB", "BabelStone Han")


def set_font(
    target,
    east_asian: str,
    *,
    latin: str = LATIN,
    size: float | None = None,
    bold: bool | None = None,
) -> None:
    """Set the font of a python-docx run or style: `east_asian` for Chinese text (w:eastAsia),
    `latin` for the rest (w:ascii, w:hAnsi); the size in points and the weight when given."""
    target.font.name = latin
    target.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), east_asian)
    if size is not None:
        target.font.size = Pt(size)
    if bold is not None:
        target.font.bold = bold


def css_families(*families: str, generic: str) -> str:
    """A CSS font-family list: each family quoted, the generic family last."""
    return ", ".join([*(f'"{family}"' for family in families), generic])


PDF_FONT_CSS = (
    ":root {"
    f" --serif: {css_families(SERIF, *EXTENSION_FALLBACKS, generic='serif')};"
    f" --sans: {css_families(SANS, *EXTENSION_FALLBACKS, generic='sans-serif')};"
    " }"
)
