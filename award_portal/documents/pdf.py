"""HTML and CSS to PDF: WeasyPrint lays out every PDF of the portal but the publicity notice.

The application for the record, the review reports and the applicant's feedback, the
comprehensive review report and the certificate are templates under `templates/` with a
stylesheet each; `render_pdf` puts `fonts.PDF_FONT_CSS` first, so each stylesheet names its
fonts as `var(--serif)` and `var(--sans)` and every PDF draws Chinese, rare characters included,
from the same installed fonts.

One document does not use WeasyPrint: the publicity notice (publicity.notice) is drawn with
fpdf2. A notice lists every entry of a window, 2,000 on a large acceptance list, and WeasyPrint
spends 7–9 ms of CPU on each table row (35 s for 2,000); fpdf2 draws the same list in about a
second. The other documents are a few pages each and keep WeasyPrint's CSS layout. No document
is converted from Word by LibreOffice or any other program.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from award_portal.documents.fonts import PDF_FONT_CSS


def render_pdf(html: str, *, stylesheets: Sequence[Path | str] = (), base_url: str = "") -> bytes:
    """The PDF of `html` laid out with `stylesheets` (a file, or CSS text), after the fonts.
    `base_url` resolves the page's relative links and images."""
    from weasyprint import CSS, HTML  # imported on first use: it loads Pango and the fonts

    sheets = [CSS(string=PDF_FONT_CSS)]
    for sheet in stylesheets:
        sheets.append(CSS(filename=str(sheet)) if isinstance(sheet, Path) else CSS(string=sheet))
    return HTML(string=html, base_url=base_url).write_pdf(stylesheets=sheets)
