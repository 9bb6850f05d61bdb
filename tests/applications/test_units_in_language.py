"""The unit after a number (人, 项, 万元) is written in the reader's language on the form and on
the filled application; the Word form printed from it stays Chinese."""

from __future__ import annotations

import io

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation
from pypdf import PdfReader

from applications.intake.documents import application_docx, application_pdf
from tests.badinput.test_escaping import _docx_text

pytestmark = [pytest.mark.django_db, pytest.mark.now("2026-11-16 10:00")]


def _page(client, application, name: str, language: str) -> str:
    client.force_login(application.owner)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    html = client.get(reverse(f"applications:{name}", kwargs={"pk": application.pk})).content
    return " ".join(html.decode().split())


@pytest.mark.parametrize(
    ("language", "shown"),
    [
        ("zh-hans", ["356 人", "12 项", "万元"]),
        ("en", ["356 people", "12 items", "10k yuan"]),
    ],
)
def test_the_application_page_writes_units_in_the_readers_language(
    client, make_draft, language, shown
):
    application = make_draft("general", materials=False)

    html = _page(client, application, "detail", language)

    for text in shown:
        assert text in html


@pytest.mark.parametrize(
    ("language", "word"), [("zh-hans", "人"), ("en", "people"), ("en", "10k yuan")]
)
def test_the_form_shows_the_unit_beside_the_box_in_the_readers_language(
    client, make_draft, language, word
):
    application = make_draft("general", materials=False)

    html = _page(client, application, "edit", language)

    assert f'<span class="input-group-text">{word}</span>' in html


def test_the_printed_form_keeps_chinese_units_for_an_english_reader(make_draft):
    application = make_draft("general", materials=False)

    with translation.override("en"):
        text = _docx_text(application_docx(application))
        pdf = application_pdf(application)

    assert "356 人" in text
    assert "万元" in text
    assert "people" not in text and "10k yuan" not in text
    pages = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    assert "people" not in pages and "10k yuan" not in pages
