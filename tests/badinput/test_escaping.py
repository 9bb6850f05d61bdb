"""Hostile text is shown as text: escaped in pages, literal in Word files and PDFs."""

import io
import zipfile

import pytest
from django.urls import reverse
from django.utils import timezone
from docx import Document
from pypdf import PdfReader

from applications.models import Application
from publicity.models import WindowKind
from publicity.windows import services as windows
from review.models import Assignment
from tests.badinput.strategies import SCRIPT
from tests.publicity.factories import AcceptedApplicationFactory, CityOfficeFactory
from tests.review.helpers import attest, make_applications, make_pool, open_round, score_sheet

# Working days are counted from today here: a day of a year the calendar knows.
pytestmark = pytest.mark.now("2026-11-16")

ESCAPED = "&lt;script&gt;alert(1)&lt;/script&gt;"


def _docx_text(content: bytes) -> str:
    document = Document(io.BytesIO(content))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts += [cell.text for cell in row.cells]
    return "\n".join(parts)


def _pdf_text(content: bytes) -> str:
    return "".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


@pytest.mark.django_db
def test_script_name_of_an_application_is_text_in_its_page_word_file_and_pdf(make_draft, client):
    application = make_draft("general", materials=False)
    client.force_login(application.owner)
    saved = client.post(
        reverse("applications:autosave", args=[application.pk]),
        {**application.data, "org_name": SCRIPT, "profile": f"简介{SCRIPT}"},
    )
    assert saved.json()["saved"] is True
    assert Application.objects.get(pk=application.pk).applicant_name == SCRIPT

    page = client.get(reverse("applications:detail", args=[application.pk])).content.decode()
    docx = client.get(reverse("applications:export_docx", args=[application.pk])).content
    pdf = client.get(reverse("applications:export_pdf", args=[application.pk])).content

    assert SCRIPT not in page and ESCAPED in page
    assert SCRIPT in _docx_text(docx)
    with zipfile.ZipFile(io.BytesIO(docx)) as archive:
        assert ESCAPED in archive.read("word/document.xml").decode()
    assert SCRIPT in _pdf_text(pdf).replace("\n", "")


@pytest.mark.django_db
def test_script_name_on_a_publicity_list_is_text_on_the_page_and_in_the_notice(client):
    office = CityOfficeFactory()
    application = AcceptedApplicationFactory(applicant_name=SCRIPT)
    window = windows.create_window(
        edition=application.edition,
        kind=WindowKind.ACCEPTANCE,
        title=f"受理名单公示{SCRIPT}",
        body=f"现予公示。{SCRIPT}",
        start_date=timezone.localdate(),
        workdays=5,
        applications=[application],
        actor=office,
    )
    window = windows.publish_window(window=window, actor=office)

    page = client.get(reverse("publicity:public_detail", args=[window.pk])).content.decode()
    notice = client.get(reverse("publicity:notice_pdf", args=[window.pk]))
    pdf = b"".join(notice.streaming_content)

    assert SCRIPT not in page
    assert page.count(ESCAPED) >= 3  # title, body and the entry
    assert SCRIPT in _pdf_text(pdf).replace("\n", "")


@pytest.mark.django_db
def test_script_comment_of_an_expert_is_text_in_the_round_report(review_edition, office, client):
    applications = make_applications(review_edition, organizations=1)
    Application.objects.filter(pk=applications[0].pk).update(applicant_name=SCRIPT)
    make_pool(review_edition, 5)
    review_round = open_round(review_edition, office)
    for assignment in Assignment.objects.filter(round=review_round, is_active=True):
        attest(assignment)
        score_sheet(assignment.sheet, assignment.expert.user, 0.7)
    client.force_login(office)

    page = client.get(reverse("review:round_results", args=[review_round.pk])).content.decode()
    docx = client.get(reverse("review:round_report_docx", args=[review_round.pk])).content
    pdf = client.get(reverse("review:round_report_pdf", args=[review_round.pk])).content

    assert SCRIPT not in page and ESCAPED in page
    assert SCRIPT in _docx_text(docx)
    assert SCRIPT in _pdf_text(pdf).replace("\n", "")
