"""Every Word and Excel document the portal makes, opened in LibreOffice as a clerk would open
it: the demo's editions are seeded through the portal's services, each document is written by
the code its download view calls, all of them are converted to PDF in one `soffice` run, and
each PDF is checked for A4 pages, a sensible number of them and its text (pdftotext).

Before any of that, every .docx is checked against the OOXML schema order of the elements it
holds (award_portal.documents.ooxml.SEQUENCES), which needs no office suite.

`OFFICE_GALLERY=1` also writes page images of the five 申报表, the letter and a report to
static/gallery/office/ (pdftoppm), the pictures of the README's gallery.
"""

from __future__ import annotations

import io
import os
import re
import shutil
import subprocess
import tempfile
import zipfile
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.http import QueryDict

from applications.intake.documents import application_docx
from applications.models import Application, Category, Edition, RecommendingUnit
from applications.precheck import exports
from applications.precheck import selectors as precheck
from applications.precheck.letters import recommendation_letter
from award_portal.accounts.models import User
from award_portal.documents import ooxml
from review import certificates, reports
from review.awards import selectors as awards
from review.deliberation import reports as deliberation_reports
from review.models import ProposedList, ReviewRound
from review.pool.workbook import template_xlsx
from tests.applications.helpers import valid_data
from tests.factories import UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.now("2026-12-04")]

A4_POINTS = (595.3, 841.9)
GALLERY = Path(settings.BASE_DIR) / "static" / "gallery" / "office"
ARTIFACTS = Path(settings.BASE_DIR) / "test-artifacts" / "office"
SOFFICE = shutil.which("soffice")
POPPLER = shutil.which("pdftotext") and shutil.which("pdfinfo")


def _word_documents() -> dict[str, tuple[bytes, tuple[int, int], list[str]]]:
    """name → (file, (fewest, most) pages, texts the PDF must hold)."""
    third = Edition.objects.get(number=3)
    documents = {}
    for application in Application.objects.filter(edition=third).select_related(
        "category", "unit", "edition"
    ):
        name = f"form-{application.category.code}-{application.owner.username}"
        documents[name] = (
            application_docx(application),
            (4, 9),
            ["申　报　表", "填 表 说 明", application.applicant_name, "推荐单位意见", "— 3 —"],
        )
    team = _team_draft(third)
    documents["form-team"] = (
        application_docx(team),
        (4, 9),
        ["申　报　表", "班组成员名单", "班组基本情况"],
    )
    dongqu = RecommendingUnit.objects.get(name="东区")
    letter_for = list(
        Application.objects.filter(edition=third, unit=dongqu).select_related("category", "edition")
    )
    documents["letter"] = (
        recommendation_letter(unit=dongqu, applications=letter_for),
        (1, 4),
        ["初核和推荐意见", "一、", dongqu.seal_name, "— 1 —"],
    )
    for review_round in ReviewRound.objects.filter(edition=third):
        documents[f"round-report-{review_round.stage}"] = (
            reports.round_report_docx(review_round),
            (1, 30),  # every expert's strengths and opportunities, as the PDF report has them
            ["一、评审组", "二、评审得分", settings.AWARD_AUTHORITY, "— 1 —"],
        )
    for proposed in ProposedList.objects.filter(edition=third):
        documents[f"deliberation-report-{proposed.pk}"] = (
            deliberation_reports.report_docx(proposed),
            (1, 8),
            ["综合评审报告", "二、综合得分排名", "— 1 —"],
        )
    return documents


def _team_draft(edition: Edition) -> Application:
    """The demo has no team; one is written as a draft's answers are kept (the 4th edition is
    past its application stage, so not through the intake service)."""
    unit = RecommendingUnit.objects.get(name="东区")
    data = valid_data("team", unit.pk)
    return Application.objects.create(
        edition=edition,
        category=Category.objects.get(code="team"),
        owner=UserFactory(username="team-owner"),
        unit=unit,
        reference="PZH3-TEAM-0001",
        applicant_name=data["team_name"],
        data=data,
    )


def _excel_documents() -> dict[str, tuple[bytes, tuple[int, int], list[str]]]:
    third = Edition.objects.get(number=3)
    fourth = Edition.objects.get(number=4)
    officer = User.objects.get(username="dongqu")
    office = User.objects.get(username="office")
    material = ReviewRound.objects.filter(edition=third).order_by("id").first()
    winners = [a.certificate for a in awards.winners(third).filter(status="awarded")]

    def unfiltered(listing, user, statuses):
        """The rows of a list of the 4th edition as `user` sees it, with no filter typed."""
        filters = precheck.parse_filters(QueryDict(""), statuses=statuses)
        return listing(user=user, edition=fourth, filters=filters)

    return {
        "unit-queue": (
            exports.unit_queue_xlsx(
                rows=unfiltered(precheck.unit_queue, officer, precheck.UNIT_STATUSES),
                unit=officer.unit,
                edition=fourth,
            ),
            (1, 6),
            ["申报编号"],
        ),
        "office-list": (
            exports.office_list_xlsx(
                rows=unfiltered(precheck.office_list, office, precheck.OFFICE_STATUSES),
                edition=fourth,
            ),
            (1, 6),
            ["申报编号"],
        ),
        "acceptance-list": (
            exports.acceptance_list_xlsx(
                rows=precheck.acceptance_list(edition=third), edition=third
            ),
            (1, 4),
            ["攀枝花钒钛新材料有限公司"],
        ),
        "overview": (
            exports.overview_xlsx(overview=precheck.overview(edition=fourth), edition=fourth),
            (1, 8),
            ["东区"],
        ),
        "scores": (reports.scores_xlsx(material), (1, 30), ["申报编号"]),
        "statistics": (
            deliberation_reports.statistics_xlsx(third, awards.statistics_for(third)),
            (1, 10),
            ["申报总数"],
        ),
        "plaques": (certificates.plaques_xlsx(winners), (1, 4), ["吴国强"]),
        "expert-import-template": (template_xlsx(), (1, 4), ["姓名"]),
    }


@pytest.fixture
def documents(capsys):
    call_command("seed_demo")
    capsys.readouterr()
    return {
        **{f"{name}.docx": value for name, value in _word_documents().items()},
        **{f"{name}.xlsx": value for name, value in _excel_documents().items()},
    }


def _convert(folder: Path, names: list[str]) -> None:
    profile = tempfile.mkdtemp(prefix="office-profile-")
    try:
        subprocess.run(
            [
                SOFFICE,
                f"-env:UserInstallation=file://{profile}",
                "--headless",
                "--convert-to",
                "pdf",
                "--outdir",
                str(folder),
                *names,
            ],
            cwd=folder,
            check=True,
            capture_output=True,
            timeout=600,
        )
    finally:
        shutil.rmtree(profile, ignore_errors=True)


def _page_sizes(pdf: Path) -> list[tuple[float, float]]:
    info = subprocess.run(
        ["pdfinfo", "-f", "1", "-l", "999", str(pdf)], check=True, capture_output=True, text=True
    ).stdout
    return [
        (float(width), float(height))
        for width, height in re.findall(r"Page\s+\d+ size:\s+([\d.]+) x ([\d.]+) pts", info)
    ]


def _is_a4(size: tuple[float, float]) -> bool:
    return sorted(size) == pytest.approx(sorted(A4_POINTS), abs=2)


def test_every_document_opens_as_a4_in_libreoffice(documents):
    docx_problems = {
        name: ooxml.problems_in(content)
        for name, (content, _pages, _texts) in documents.items()
        if name.endswith(".docx")
    }
    assert {name: found for name, found in docx_problems.items() if found} == {}
    for name, (content, _pages, _texts) in documents.items():
        if name.endswith(".docx"):
            text = zipfile.ZipFile(io.BytesIO(content)).read("word/document.xml").decode()
            assert "{{" not in text and "{%" not in text, name
            assert 'w:type="fixed"' in text and "<w:cantSplit/>" in text, name
    if not SOFFICE or not POPPLER:
        pytest.skip("LibreOffice (soffice) or poppler-utils is missing: ./portal setup test")

    folder = Path(tempfile.mkdtemp(prefix="office-suite-"))
    try:
        for name, (content, _pages, _texts) in documents.items():
            (folder / name).write_bytes(content)
        _convert(folder, list(documents))
        if os.environ.get("OFFICE_GALLERY"):
            shutil.copytree(folder, ARTIFACTS, dirs_exist_ok=True)

        for name, (_content, (fewest, most), texts) in documents.items():
            pdf = folder / (Path(name).stem + ".pdf")
            assert pdf.exists(), f"LibreOffice did not convert {name}"
            sizes = _page_sizes(pdf)
            assert fewest <= len(sizes) <= most, (name, len(sizes))
            assert all(_is_a4(size) for size in sizes), (name, sizes[:3])
            text = subprocess.run(
                ["pdftotext", str(pdf), "-"], check=True, capture_output=True, text=True
            ).stdout
            # pdftotext drops or adds spaces between CJK characters as it likes; compare without
            text = re.sub(r"\s+", "", text)
            for expected in texts:
                assert re.sub(r"\s+", "", expected) in text, (name, expected)
        if os.environ.get("OFFICE_GALLERY"):
            _gallery(folder, list(documents))
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _gallery(folder: Path, names: list[str]) -> None:
    """Page images of the five 申报表, the letter and the comprehensive report."""
    GALLERY.mkdir(parents=True, exist_ok=True)
    wanted = {
        "form-general-company": 3,
        "form-medical-hospital": 3,
        "form-education-school": 3,
        "form-team": 3,
        "form-individual-person": 3,
        "letter": 1,
    }
    reports_ = sorted(n for n in names if n.startswith("deliberation-report"))
    if reports_:
        wanted[Path(reports_[0]).stem] = 1
    for stem, pages in wanted.items():
        pdf = folder / f"{stem}.pdf"
        if not pdf.exists():
            continue
        target = GALLERY / re.sub(r"-\d+$", "", stem)
        subprocess.run(
            ["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", str(pages), str(pdf), str(target)],
            check=True,
        )
