"""The published notice (公示) of a window as a PDF, in Chinese, with real CJK glyphs.

The notice is drawn directly with fpdf2 instead of being laid out from HTML: WeasyPrint spent
7-9 ms of CPU per table row, so a list of 2,000 entries took 35 s. Here a cell that fits on one
line (measured with the font's widths) is drawn as is, and only the text that does not fit is
broken into lines, by Chinese line-breaking rules (award_portal.documents.linebreak): no line
starts with "。" or "）", none ends with "（", and a Latin word or a number stays whole.

The fonts are the Noto CJK fonts found through fontconfig. Their outlines are CFF, which fpdf2
embeds behind an encoding of its own that some readers (pypdf among them) cannot turn back into
text; so the glyphs a notice uses are first redrawn as a small TrueType font, which fpdf2 embeds
with the standard Identity-H encoding that every reader knows.

Noto CJK stops at the characters of GB 18030's first levels; a name with a character of the CJK
extensions B–H (𠀀, 𪚥 …) takes its glyph from the next font of `FALLBACK_FAMILIES` that has it
(Hanazono, BabelStone Han), else from any installed font that does, scaled to the same em, into
the same small font. A character that no font has never reaches the renderer: publishing refuses
it (see award_portal.documents.glyphs).
"""

from __future__ import annotations

import functools
import subprocess
import tempfile
from dataclasses import dataclass
from datetime import date
from itertools import chain
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils import translation
from django.utils.translation import gettext as _
from fontTools.fontBuilder import FontBuilder
from fontTools.pens.cu2quPen import Cu2QuPen
from fontTools.pens.recordingPen import DecomposingRecordingPen
from fontTools.pens.transformPen import TransformPen
from fontTools.pens.ttGlyphPen import TTGlyphPen
from fontTools.ttLib import TTFont
from fpdf import FPDF

from award_portal.documents import fonts, glyphs
from award_portal.documents.linebreak import break_lines

PT = 25.4 / 72  # millimetres in a point
TOP, SIDE, BOTTOM = 25, 22, 22  # page margins, mm
BODY_SIZE, BODY_LEADING = 12, 1.8  # pt, line height as a multiple of the size
TITLE_SIZE, TABLE_SIZE, TABLE_LEADING = 18, 10, 1.35
PAD_X, PAD_Y = 1.5, 0.8  # cell padding, mm
NUMBER_WIDTH, CATEGORY_SHARE, UNIT_SHARE = 13, 0.36, 0.21  # mm, shares of the text width
ASCENT = 0.88  # baseline below the top of the em box, in em (the CJK ideographic box)
INDENT = "\u3000\u3000"  # two ideographic spaces: the first-line indent of Chinese paragraphs
FOOTER = "0123456789 /{nb}"  # what the "page / pages" footer draws

SERIF = f"{fonts.SERIF}:style=Regular"
SANS_BOLD = f"{fonts.SANS}:style=Bold"


def chinese_date(day: date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


@functools.cache
def font_file(pattern: str) -> tuple[str, int]:
    """The file and face index that fontconfig holds for `pattern` ("Family:style=Style")."""
    family = pattern.split(":")[0]
    try:
        found = subprocess.run(
            ["fc-match", "-f", "%{file}\n%{index}\n%{family}", pattern],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.split("\n")
    except (OSError, subprocess.CalledProcessError):
        found = []
    # fc-match answers with its closest font: check that it is the family asked for.
    if len(found) < 3 or family not in found[2].split(","):
        raise ImproperlyConfigured(
            f"The font {family} is not installed: install the Debian package fonts-noto-cjk."
        )
    return found[0], int(found[1])


# Fonts that cover the CJK extensions, in the order they are asked for a glyph Noto lacks.
FALLBACK_FAMILIES = fonts.EXTENSION_FALLBACKS


@dataclass
class _Source:
    """An opened font the glyphs are drawn from, and the scale to the primary font's em."""

    face: TTFont
    scale: float
    cmap: dict[int, str]
    is_cff: bool


def _open(fname: str, index: int, units_per_em: int | None = None) -> _Source:
    face = TTFont(fname, fontNumber=index, lazy=True)
    own = face["head"].unitsPerEm
    return _Source(
        face=face,
        scale=(units_per_em or own) / own,
        cmap=face.getBestCmap() or {},
        is_cff="CFF " in face or "CFF2" in face,
    )


def _glyph_sources(primary: _Source, text: str, units_per_em: int) -> dict[int, tuple]:
    """{code point: (source, glyph name)} for every character of `text` some font draws."""
    opened: dict[tuple[str, int], _Source] = {}
    chosen: dict[int, tuple] = {}
    for char in sorted(set(text + " ")):
        code = ord(char)
        if code in primary.cmap:
            chosen[code] = (primary, primary.cmap[code])
            continue
        face = glyphs.face_for(char, prefer=FALLBACK_FAMILIES)
        if face is None:
            continue  # nothing draws it: publishing refuses such a text before it gets here
        key = (face.file, face.index)
        if key not in opened:
            opened[key] = _open(face.file, face.index, units_per_em)
        source = opened[key]
        if code in source.cmap:
            chosen[code] = (source, source.cmap[code])
    return chosen


def _draw(source: _Source, name: str):
    """The glyph `name` of `source` as a TrueType glyph at the primary font's em: components
    decomposed, cubic curves turned into quadratic ones at most 1/1000 em apart."""
    recording = DecomposingRecordingPen(source.face.getGlyphSet())
    source.face.getGlyphSet()[name].draw(recording)
    pen = TTGlyphPen(None)
    target = pen
    if source.is_cff:
        target = Cu2QuPen(pen, max_err=1, reverse_direction=True)
    if source.scale != 1:
        target = TransformPen(target, (source.scale, 0, 0, source.scale, 0, 0))
    recording.replay(target)
    return pen.glyph()


def truetype_font(pattern: str, text: str, path: Path) -> Path:
    """Write the glyphs of `text` in the font `pattern` to `path` as a TrueType font; the
    characters that font lacks come from the fallback fonts."""
    fname, index = font_file(pattern)
    primary = _open(fname, index)
    face = primary.face
    units_per_em = face["head"].unitsPerEm
    sources = _glyph_sources(primary, text, units_per_em)
    names: dict[tuple[int, str], str] = {}  # (source, glyph) -> glyph name in the new font
    notdef = (id(primary), ".notdef")
    names[notdef] = ".notdef"
    drawn = {".notdef": (primary, ".notdef")}
    cmap = {}
    for code, (source, name) in sorted(sources.items()):
        key = (id(source), name)
        if key not in names:
            names[key] = name if source is primary else f"u{code:04X}"
            drawn[names[key]] = (source, name)
        cmap[code] = names[key]
    order = [".notdef", *sorted(set(drawn) - {".notdef"})]
    glyph_table, metrics = {}, {}
    for new_name in order:
        source, name = drawn[new_name]
        glyph_table[new_name] = _draw(source, name)
        advance, lsb = source.face["hmtx"][name]
        metrics[new_name] = (round(advance * source.scale), round(lsb * source.scale))
    font = FontBuilder(units_per_em, isTTF=True)
    font.setupGlyphOrder(order)
    font.setupCharacterMap(cmap)
    font.setupGlyf(glyph_table)
    font.setupHorizontalMetrics(metrics)
    font.setupHorizontalHeader(ascent=face["hhea"].ascent, descent=face["hhea"].descent)
    names_table = face["name"]
    font.setupNameTable(
        {"familyName": names_table.getDebugName(1), "styleName": names_table.getDebugName(2)}
    )
    os2 = face["OS/2"]
    font.setupOS2(
        **{field: getattr(os2, field) for field in ("usWeightClass", "sCapHeight", "achVendID")}
    )
    font.setupPost()
    font.save(path)
    return path


class Notice(FPDF):
    """An A4 page with the notice's margins and fonts, and a "page / pages" footer."""

    def __init__(self, *, serif: Path, sans_bold: Path):
        super().__init__(unit="mm", format="A4")
        self.set_margins(SIDE, TOP, SIDE)
        self.set_auto_page_break(False)
        self.bottom = self.h - BOTTOM
        self.c_margin = 0
        self.add_font("serif", "", fname=serif)
        self.add_font("sans", "B", fname=sans_bold)
        self.alias_nb_pages()
        self.set_line_width(0.6 * PT)
        self._wrapped: dict[tuple, list[str]] = {}
        self._widths: dict[tuple, float] = {}

    def footer(self):
        self.set_font("serif", size=9)
        self.set_text_color(0x55)
        self.set_xy(SIDE, self.h - BOTTOM / 2 - 2)
        self.cell(self.epw, 4, f"{self.page_no()} / {{nb}}", align="C")

    def lines(self, text: str, width: float) -> list[str]:
        """`text` broken into lines of at most `width` mm in the current font, by Chinese
        line-breaking rules: no line starts with a closing mark such as "。" or "）"."""
        if self.get_string_width(text) <= width:
            return [text]
        key = (self.font_family, self.font_size_pt, width, text)
        if key not in self._wrapped:
            self._wrapped[key] = break_lines(text, width, self.char_width)
        return self._wrapped[key]

    def char_width(self, char: str) -> float:
        """The width of `char` in mm in the current font, measured once."""
        key = (self.font_family, self.font_style, self.font_size_pt, char)
        if key not in self._widths:
            self._widths[key] = self.get_string_width(char)
        return self._widths[key]

    def paragraph(self, text, *, family="serif", size=BODY_SIZE, align="J", after=0.0):
        """`text` across the text width, on as many pages as it needs. A justified paragraph
        has the first-line indent, and its lines but the last fill the width exactly."""
        self.set_font(family, "B" if family == "sans" else "", size)
        height = size * PT * BODY_LEADING
        lines = self.lines(INDENT + text if align == "J" else text, self.epw)
        for number, line in enumerate(lines, start=1):
            if self.y + height > self.bottom:
                self.add_page()
            spare = self.epw - self.get_string_width(line)
            x = SIDE + {"C": spare / 2, "R": spare}.get(align, 0)
            if align == "J" and number < len(lines) and len(line) > 1:
                self.set_char_spacing(spare / (len(line) - 1) * self.k)  # in points
            self.text(x, baseline(self.y, size, BODY_LEADING), line)
            self.set_char_spacing(0)
            self.y += height
        self.y += after

    def table(self, header: tuple[str, ...], rows: list[tuple[str, ...]]):
        """The rows under `header`, a row never split across pages, the header on every page."""
        self.widths = column_widths(self.epw)
        header_lines = self.cell_lines(header, bold=True)
        self.y += 6
        for number, cells in enumerate(rows):
            lines = self.cell_lines(cells)
            if number == 0 or self.y + row_height(lines) > self.bottom:
                if self.y + row_height(header_lines) + row_height(lines) > self.bottom:
                    self.add_page()
                self.draw_row(header_lines, bold=True)
            self.draw_row(lines)
        if not rows:
            self.draw_row(header_lines, bold=True)

    def cell_lines(self, cells, *, bold=False) -> list[list[str]]:
        self.set_font(*(("sans", "B") if bold else ("serif", "")), size=TABLE_SIZE)
        return [self.lines(text, w - 2 * PAD_X) for text, w in zip(cells, self.widths, strict=True)]

    def draw_row(self, lines: list[list[str]], *, bold=False):
        self.set_font(*(("sans", "B") if bold else ("serif", "")), size=TABLE_SIZE)
        self.set_fill_color(0xEE if bold else 0)
        top, height, x = self.y, row_height(lines), SIDE
        for column, (cell, w) in enumerate(zip(lines, self.widths, strict=True)):
            self.rect(x, top, w, height, style="DF" if bold else "D")
            y = baseline(top + PAD_Y, TABLE_SIZE, TABLE_LEADING)
            for line in cell:
                left = (w - self.get_string_width(line)) / 2 if column == 0 else PAD_X
                self.text(x + left, y, line)
                y += TABLE_SIZE * PT * TABLE_LEADING
            x += w
        self.y = top + height


def baseline(top: float, size: float, leading: float) -> float:
    """The baseline of a line of `size` pt starting at `top`, the em box centred in the line."""
    return top + size * PT * ((leading - 1) / 2 + ASCENT)


def row_height(lines: list[list[str]]) -> float:
    return max(map(len, lines), default=1) * TABLE_SIZE * PT * TABLE_LEADING + 2 * PAD_Y


def column_widths(width: float) -> tuple[float, ...]:
    category, unit = CATEGORY_SHARE * width, UNIT_SHARE * width
    return NUMBER_WIDTH, width - NUMBER_WIDTH - category - unit, category, unit


def render_notice_pdf(*, window, entries, published_on: date) -> bytes:
    """Render the notice of `window` listing `entries`, dated `published_on`."""
    with translation.override("zh-hans"):
        header = (_("序号"), _("名称"), _("申报类别"), _("推荐单位"))
        period = _(
            "公示期：%(start)s至%(end)s（%(days)s个工作日）。公示期内，任何单位和个人对名单有异议的，"
            "可通过市政府质量奖评选管理平台实名提出，并提供必要的证明材料。"
        ) % {
            "start": chinese_date(window.start_date),
            "end": chinese_date(window.end_date),
            "days": window.workdays,
        }
    paragraphs = [text for text in window.body.splitlines() if text.strip()]
    rows = [
        (str(e.position), str(e.display_name), str(e.category_name), str(e.unit_name))
        for e in entries
    ]
    signature = (settings.AWARD_AUTHORITY, chinese_date(published_on))
    serif_text = "".join(
        chain([window.document_number, INDENT, period, FOOTER], paragraphs, signature, *rows)
    )

    with tempfile.TemporaryDirectory() as folder:
        pdf = Notice(
            serif=truetype_font(SERIF, serif_text, Path(folder, "serif.ttf")),
            sans_bold=truetype_font(
                SANS_BOLD, window.title + "".join(header), Path(folder, "sans.ttf")
            ),
        )
        pdf.set_title(window.title)
        pdf.set_lang("zh-CN")
        pdf.add_page()
        pdf.paragraph(window.title, family="sans", size=TITLE_SIZE, align="C", after=4)
        if window.document_number:
            pdf.paragraph(window.document_number, align="C", after=6)
        for text in paragraphs:
            pdf.paragraph(text, after=2)
        pdf.y += 2
        pdf.paragraph(period)
        pdf.table(header, rows)
        pdf.y += 12
        if pdf.y + BODY_SIZE * PT * (2 * BODY_LEADING + 1) > pdf.bottom:
            pdf.add_page()  # the authority and the date stay together
        pdf.paragraph(signature[0], align="R", after=BODY_SIZE * PT)
        pdf.paragraph(signature[1], align="R")
        return bytes(pdf.output())
