"""The published notice of a window as a PDF, in Chinese, with real CJK glyphs."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from django.conf import settings
from django.template.loader import render_to_string

STYLESHEET = Path(__file__).resolve().parent / "notice.css"


def chinese_date(day: date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def render_notice_pdf(*, window, entries, published_on: date) -> bytes:
    """Render the notice of `window` listing `entries`, dated `published_on`."""
    from weasyprint import CSS, HTML

    html = render_to_string(
        "publicity/notice_pdf.html",
        {
            "window": window,
            "entries": entries,
            "authority": settings.AWARD_AUTHORITY,
            "published_on": chinese_date(published_on),
            "start": chinese_date(window.start_date),
            "end": chinese_date(window.end_date),
        },
    )
    return HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf(
        stylesheets=[CSS(filename=str(STYLESHEET))]
    )
