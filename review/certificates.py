"""The certificate (荣誉证书) as a PDF, in WeasyPrint, and the plaque text list for the engraver.

The certificate is set in "Noto Serif CJK SC": the full font, never a GB2312 subset, so rare
characters in a winner's name (堃 喆 犇 镕 …) are real glyphs, and the PDF's text layer gives
the name back as it was typed.

The winner's name is one line: a long organization name is set smaller until it fits the
line (measured with the bold face's own advance widths), never broken inside a word. Only a
name that would need a size below `HOLDER_LEAST_PT` goes on two lines as balanced as its
words allow: broken after the name of a body (…公司, …委员会) or before a bracket, else where
Chinese line-breaking rules allow.
"""

from __future__ import annotations

import functools
import hashlib
from pathlib import Path
from urllib.parse import quote

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from award_portal.documents import excel, pdf
from award_portal.documents.fonts import PDF_FONT_CSS, SERIF
from award_portal.documents.linebreak import units
from publicity.notice import chinese_date, font_file
from review.models import Certificate

STYLESHEET = Path(__file__).resolve().parent / "certificate.css"
STORED_DIR = "certificates"

# The winner's line (certificate.css, .holder): 205.8 mm inside the frame less the 8 mm
# padding on each side, with 4 mm to spare.
HOLDER_WIDTH_MM = 185
HOLDER_PT, HOLDER_LEAST_PT = 26, 16
MM_PER_PT = 25.4 / 72
NAME_ENDS = (
    "公司", "集团", "委员会", "管委会", "研究院", "研究所", "实验室", "中心", "大学", "学院",
    "学校", "医院", "协会", "学会", "商会", "联盟", "政府", "局", "厅", "办公室", "分公司",
    "工厂", "厂", "直属",
)  # fmt: skip


@functools.cache
def _advances() -> tuple[dict[int, float], float]:
    """The advance widths of the holder's face (Noto Serif CJK SC Bold) in em, by code point,
    and the width taken for a character it lacks (drawn from a fallback font)."""
    from fontTools.ttLib import TTFont

    fname, index = font_file(f"{SERIF}:style=Bold")
    face = TTFont(fname, fontNumber=index, lazy=True)
    em = face["head"].unitsPerEm
    metrics = face["hmtx"].metrics
    widths = {code: metrics[name][0] / em for code, name in face.getBestCmap().items()}
    return widths, 1.0


def text_width_em(text: str) -> float:
    """The width of `text` in the holder's face, in em."""
    widths, missing = _advances()
    return sum(widths.get(ord(char), missing) for char in text)


def holder_layout(name: str) -> tuple[list[str], float]:
    """The lines of the winner's name and their size in points: one line, set smaller when
    it is long; two balanced lines for a name too long for `HOLDER_LEAST_PT`."""
    width = text_width_em(name) or 1
    fitting = HOLDER_WIDTH_MM / MM_PER_PT / width
    if fitting >= HOLDER_LEAST_PT:
        return [name], round(min(HOLDER_PT, fitting), 1)
    pieces = units(name)
    cuts = range(1, len(pieces))
    # Where an organization name may break without splitting a word: after the name of a
    # body (…公司, …委员会, …研究院) or before a bracket.
    words = [c for c in cuts if "".join(pieces[:c]).endswith(NAME_ENDS) or pieces[c][0] == "（"]
    best: tuple[float, list[str]] | None = None
    for cut in words or cuts:
        lines = ["".join(pieces[:cut]), "".join(pieces[cut:])]
        widest = max(text_width_em(line) for line in lines)
        if best is None or widest < best[0]:
            best = (widest, lines)
    if best is None:  # one piece: a single word wider than the line
        return [name], round(fitting, 1)
    widest, lines = best
    return lines, round(min(HOLDER_PT, HOLDER_WIDTH_MM / MM_PER_PT / widest), 1)


def certificate_context(certificate: Certificate) -> dict:
    revocation = getattr(certificate.application, "revocation", None)
    holder_lines, holder_size = holder_layout(certificate.holder_name)
    return {
        "certificate": certificate,
        "holder_lines": holder_lines,
        "holder_size": holder_size,
        "kind_label": _("组织") if certificate.kind == "organization" else _("个人"),
        "issued_on": chinese_date(certificate.issued_on),
        "verify_url": settings.SITE_URL + reverse("review:certificate_verify"),
        "revocation": revocation,
    }


def certificate_html(certificate: Certificate) -> str:
    return render_to_string("review/certificate_pdf.html", certificate_context(certificate))


def render_certificate_pdf(certificate: Certificate, html: str | None = None) -> bytes:
    """Lay out and draw the certificate: most of the time goes into embedding the glyphs of
    the CJK faces, so a download is served from `certificate_pdf`'s stored copy."""
    if html is None:
        html = certificate_html(certificate)
    return pdf.render_pdf(html, stylesheets=[STYLESHEET], base_url=str(settings.BASE_DIR))


def stored_name(certificate: Certificate, html: str) -> str:
    """Where the PDF of this page of the certificate is kept: named by a digest of its HTML,
    stylesheet and fonts, so a revocation mark, a new verification address or a changed
    template gives a new file, and an unchanged page its old one."""
    digest = hashlib.sha256(
        html.encode() + STYLESHEET.read_bytes() + PDF_FONT_CSS.encode()
    ).hexdigest()[:32]
    return f"{STORED_DIR}/{certificate.pk}/{digest}.pdf"


def certificate_pdf(certificate: Certificate) -> bytes:
    """The certificate's PDF for a download: rendered the first time, then read from storage.
    Its texts are a snapshot taken at issue and never change, so the stored file stays right
    until the page itself changes (see `stored_name`)."""
    html = certificate_html(certificate)
    name = stored_name(certificate, html)
    try:
        with default_storage.open(name, "rb") as stored:
            return stored.read()
    except FileNotFoundError:
        pass
    pdf = render_certificate_pdf(certificate, html)
    saved = default_storage.save(name, ContentFile(pdf))
    if saved != name:  # another request stored it meanwhile: keep one copy
        default_storage.delete(saved)
    return pdf


def certificate_filename(certificate: Certificate) -> str:
    return quote(f"{certificate.number}.pdf")


def plaque_rows(certificates) -> list[list]:
    """One line per plaque: what the engraver cuts, exactly as on the certificate (the date
    is a real date, shown as the certificate writes it)."""
    return [
        [
            c.number,
            c.holder_name,
            c.award_name,
            _("组织奖") if c.kind == "organization" else _("个人奖"),
            c.issuer,
            c.issued_on,
        ]
        for c in certificates
    ]


PLAQUE_HEADERS = [
    gettext_lazy("证书编号"),
    gettext_lazy("获奖组织/个人（刻字）"),
    gettext_lazy("奖项名称"),
    gettext_lazy("奖项类别"),
    gettext_lazy("颁发机关"),
    gettext_lazy("颁发日期"),
]


def plaques_xlsx(certificates, *, edition=None) -> bytes:
    """The engraver's list, titled with the edition when it is given."""
    workbook = excel.workbook(write_only=True)
    excel.table(
        workbook,
        title=_("奖牌刻字清单"),
        heading=_("%(edition)s · 奖牌刻字清单") % {"edition": edition}
        if edition
        else _("奖牌刻字清单"),
        headers=PLAQUE_HEADERS,
        rows=plaque_rows(certificates),
        formats={5: excel.CHINESE_DATE_FORMAT},
    )
    return excel.to_bytes(workbook)
