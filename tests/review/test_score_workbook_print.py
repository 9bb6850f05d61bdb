"""The score workbook of a round prints as a clerk files it: converted by LibreOffice Calc to
PDF, every sheet is A4 landscape with all its columns on the page's width, and the whole
workbook takes a number of pages bounded by its rows, not one page per column slice.

LibreOffice is a test tool here, not a part of the portal: without `soffice` the test is
skipped with its reason.
"""

import io
import math
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from review.models import Assignment
from review.reports import scores_xlsx
from tests.review.helpers import attest, make_applications, make_pool, open_round, score_sheet

pytestmark = [pytest.mark.django_db, pytest.mark.now("2026-03-02")]

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
A4_LANDSCAPE = (842, 595)  # points
ROWS_PER_PAGE = 30  # an A4 landscape page holds 35 rows of 14.25 pt between its margins


def to_pdf(data: bytes, folder: Path, name: str = "workbook.xlsx") -> bytes:
    """`data` (an .xlsx file) printed to PDF by LibreOffice with a private profile, so that
    runs never share or wait for a user's settings."""
    source = folder / name
    source.write_bytes(data)
    profile = (folder / "profile").as_uri()
    subprocess.run(
        [
            SOFFICE,
            f"-env:UserInstallation={profile}",
            "--headless",
            "--norestore",
            "--convert-to",
            "pdf",
            "--outdir",
            str(folder),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=180,
        env={**os.environ, "HOME": str(folder)},
    )
    return source.with_suffix(".pdf").read_bytes()


@pytest.fixture
def scored_round(review_edition, office):
    """A material round of four organizations, five experts each, every sheet submitted."""
    make_applications(review_edition, organizations=4)
    make_pool(review_edition, 5)
    review_round = open_round(review_edition, office)
    for n, assignment in enumerate(
        Assignment.objects.filter(round=review_round, is_active=True).select_related(
            "expert__user", "sheet"
        )
    ):
        attest(assignment)
        score_sheet(assignment.sheet, assignment.expert.user, 0.6 + (n % 4) / 10)
    return review_round


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed")
def test_score_workbook_prints_on_a_bounded_number_of_a4_landscape_pages(scored_round, tmp_path):
    data = scores_xlsx(scored_round)
    workbook = load_workbook(io.BytesIO(data))
    bound = sum(math.ceil((sheet.max_row - 2) / ROWS_PER_PAGE) + 1 for sheet in workbook.worksheets)

    pages = PdfReader(io.BytesIO(to_pdf(data, tmp_path))).pages

    sizes = {tuple(round(float(v)) for v in page.mediabox[2:]) for page in pages}
    assert sizes == {A4_LANDSCAPE}
    assert len(workbook.worksheets) <= len(pages) <= bound, (len(pages), bound)
    text = "".join(page.extract_text() for page in pages)
    for heading in ("评审结果汇总", "专家评分表", "条目得分", "晋级决定", "第 1 页 共"):
        assert heading in text
    # Every column is on the page: the last header of each sheet is printed.
    for sheet in workbook.worksheets:
        assert str(sheet.cell(row=3, column=sheet.max_column).value) in text
