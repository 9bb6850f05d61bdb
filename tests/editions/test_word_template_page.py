"""The city office replaces an edition's Word templates on the edition's page: download the one in
use, upload a replacement (tried once before it is kept), go back to the shipped one."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from docx import Document

from applications.editions import word
from applications.models import EditionTemplate
from award_portal.documents import docx_templates
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _url(name: str, edition, kind: str = "letter") -> str:
    return reverse(name, kwargs={"pk": edition.pk, "kind": kind})


def _own_letter() -> bytes:
    """The shipped letter with a line of the office's own on top."""
    document = Document(str(docx_templates.shipped("letter")))
    document.paragraphs[0].insert_paragraph_before("本届自定版式")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _upload(client: Client, edition, content: bytes, name: str = "letter.docx"):
    upload = SimpleUploadedFile(name, content, "application/octet-stream")
    return client.post(_url("editions:word_template_upload", edition), {"file": upload})


def _text(content: bytes) -> str:
    return "\n".join(p.text for p in Document(io.BytesIO(content)).paragraphs)


def test_the_edition_page_lists_every_kind_with_the_shipped_template(office_client, edition):
    response = office_client.get(reverse("editions:detail", kwargs={"pk": edition.pk}))

    html = response.content.decode()
    assert response.status_code == 200
    assert html.count("平台自带") == len(docx_templates.KINDS)
    for kind in docx_templates.KINDS.values():
        assert str(kind.label) in html


def test_the_template_in_use_downloads_as_the_shipped_one(office_client, edition):
    response = office_client.get(_url("editions:word_template", edition))

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == docx_templates.shipped("letter").read_bytes()


def test_an_uploaded_template_makes_the_editions_documents(office_client, edition):
    response = _upload(office_client, edition, _own_letter())

    assert response.status_code == 302
    assert EditionTemplate.objects.filter(edition=edition, kind="letter").exists()
    assert "本届自定版式" in _text(word.render("letter", {}, edition=edition))
    page = office_client.get(reverse("editions:detail", kwargs={"pk": edition.pk}))
    assert "本届上传" in page.content.decode()
    assert "已改用上传的模板" in " ".join(str(m) for m in page.context["messages"])


def test_a_second_upload_replaces_the_first(office_client, edition):
    _upload(office_client, edition, _own_letter())
    _upload(office_client, edition, docx_templates.shipped("letter").read_bytes())

    assert EditionTemplate.objects.filter(edition=edition, kind="letter").count() == 1
    assert "本届自定版式" not in _text(word.render("letter", {}, edition=edition))


def test_a_file_word_cannot_open_is_refused_in_chinese_and_nothing_is_kept(office_client, edition):
    response = _upload(office_client, edition, b"not a word file")

    assert response.status_code == 400
    assert "这不是一个能打开的 Word（.docx）文件。" in response.content.decode()
    assert not EditionTemplate.objects.exists()


def test_going_back_to_the_shipped_template(office_client, edition):
    _upload(office_client, edition, _own_letter())

    response = office_client.post(_url("editions:word_template_reset", edition))

    assert response.status_code == 302
    assert not EditionTemplate.objects.exists()
    assert "本届自定版式" not in _text(word.render("letter", {}, edition=edition))


def test_resetting_a_kind_without_an_own_template_is_explained(office_client, edition):
    office_client.post(_url("editions:word_template_reset", edition))

    page = office_client.get(reverse("editions:detail", kwargs={"pk": edition.pk}))
    assert "使用的就是平台自带的模板" in " ".join(str(m) for m in page.context["messages"])


def test_an_unknown_kind_is_not_found(office_client, edition):
    assert office_client.get(_url("editions:word_template", edition, "poster")).status_code == 404


def test_only_the_city_office_replaces_templates(client, edition):
    client.force_login(UserFactory())
    upload = SimpleUploadedFile("letter.docx", _own_letter(), "application/octet-stream")

    response = client.post(_url("editions:word_template_upload", edition), {"file": upload})

    assert response.status_code in (403, 404)
    assert not EditionTemplate.objects.exists()


def test_the_edition_page_reads_its_templates_in_one_query(
    office_client, edition, django_assert_max_num_queries
):
    office_client.get(reverse("editions:detail", kwargs={"pk": edition.pk}))
    EditionTemplate.objects.create(
        edition=edition, kind="letter", file=SimpleUploadedFile("a.docx", _own_letter())
    )
    with django_assert_max_num_queries(30) as before:
        office_client.get(reverse("editions:detail", kwargs={"pk": edition.pk}))
    EditionTemplate.objects.create(
        edition=edition, kind="round_report", file=SimpleUploadedFile("b.docx", _own_letter())
    )
    with django_assert_max_num_queries(len(before.captured_queries)):
        office_client.get(reverse("editions:detail", kwargs={"pk": edition.pk}))
