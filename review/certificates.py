"""The certificate (荣誉证书) as a PDF, in WeasyPrint, and the plaque text list for the engraver.

The certificate is set in "Noto Serif CJK SC": the full font, never a GB2312 subset, so rare
characters in a winner's name (堃 喆 犇 镕 …) are real glyphs, and the PDF's text layer gives
the name back as it was typed.
"""

from __future__ import annotations

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
from award_portal.documents.fonts import PDF_FONT_CSS
from publicity.notice import chinese_date
from review.models import Certificate

STYLESHEET = Path(__file__).resolve().parent / "certificate.css"
STORED_DIR = "certificates"


def certificate_context(certificate: Certificate) -> dict:
    revocation = getattr(certificate.application, "revocation", None)
    return {
        "certificate": certificate,
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
    workbook = excel.workbook(write_only=True)
    excel.table(
        workbook,
        title=_("奖牌刻字清单"),
        heading=_("%(edition)s奖牌刻字清单") % {"edition": edition or ""},
        headers=PLAQUE_HEADERS,
        rows=plaque_rows(certificates),
        formats={5: excel.CHINESE_DATE_FORMAT},
    )
    return excel.to_bytes(workbook)
