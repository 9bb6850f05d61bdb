"""A long organization name on a certificate is never broken inside a word: it is set smaller
until it fits one line; only a name too long for the least size goes on two balanced lines,
broken where Chinese line-breaking rules allow. Checked on the PDF's text (pdftotext) and on
its page count."""

import io
import subprocess
from datetime import date

import pytest
from pypdf import PdfReader

from applications.models import Application
from award_portal.documents.linebreak import CLOSING
from review.certificates import (
    HOLDER_LEAST_PT,
    HOLDER_PT,
    HOLDER_WIDTH_MM,
    MM_PER_PT,
    holder_layout,
    render_certificate_pdf,
    text_width_em,
)
from review.models import Certificate

LONG = "攀钢集团攀枝花钢铁研究院有限公司钒钛资源综合利用国家重点实验室"
LONGER = (
    "四川省攀枝花市钒钛高新技术产业开发区管理委员会直属攀枝花钒钛新材料科技创新研究院"
    "（国家钒钛资源综合利用产业技术创新战略联盟秘书处）"
)


def _certificate(name: str) -> Certificate:
    """A certificate as issued, not stored: only its page is drawn."""
    return Certificate(
        application=Application(applicant_name=name),
        number="PZHZLJ-03-ZZ001",
        holder_name=name,
        award_name="第三届攀枝花市政府质量奖",
        kind="organization",
        issuer="攀枝花市人民政府",
        issued_on=date(2023, 12, 28),
        document_number="攀府函〔2023〕88号",
    )


def _pdf_lines(pdf: bytes) -> list[str]:
    text = subprocess.run(
        ["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True
    ).stdout.decode()
    return [line.strip() for line in text.splitlines() if line.strip()]


def test_a_short_name_keeps_the_full_size():
    assert holder_layout("攀钢集团有限公司") == (["攀钢集团有限公司"], HOLDER_PT)


def test_a_long_organization_name_shrinks_onto_one_line():
    lines, size = holder_layout(LONG)

    assert lines == [LONG]
    assert HOLDER_LEAST_PT <= size < HOLDER_PT
    assert text_width_em(LONG) * size * MM_PER_PT <= HOLDER_WIDTH_MM


@pytest.mark.django_db
def test_the_certificate_prints_the_long_name_on_one_line_of_one_page():
    pdf = render_certificate_pdf(_certificate(LONG))

    assert len(PdfReader(io.BytesIO(pdf)).pages) == 1
    lines = _pdf_lines(pdf)
    assert LONG in lines
    assert not any(line != LONG and line in LONG for line in lines)  # no piece of it alone


@pytest.mark.django_db
def test_a_name_too_long_for_the_least_size_goes_on_two_balanced_lines():
    lines, size = holder_layout(LONGER)

    assert lines == [
        "四川省攀枝花市钒钛高新技术产业开发区管理委员会直属",
        "攀枝花钒钛新材料科技创新研究院（国家钒钛资源综合利用产业技术创新战略联盟秘书处）",
    ]
    assert lines[1][0] not in CLOSING
    assert text_width_em(lines[0]) * size * MM_PER_PT <= HOLDER_WIDTH_MM
    pdf = render_certificate_pdf(_certificate(LONGER))
    assert len(PdfReader(io.BytesIO(pdf)).pages) == 1
    printed = _pdf_lines(pdf)
    assert lines[0] in printed and lines[1] in printed
