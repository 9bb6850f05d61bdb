"""Uploaded files are served inline only as PDF or image, never as HTML, script or SVG."""

import io

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from award_portal.downloads import private_file_response


def _headers(content_type, filename="材料.bin"):
    response = private_file_response(
        io.BytesIO(b"<html><script>alert(1)</script></html>"),
        filename=filename,
        content_type=content_type,
    )
    return response


@pytest.mark.parametrize("content_type", ["application/pdf", "image/png", "image/jpeg"])
def test_private_file_response_shows_pdf_and_images_inline(content_type):
    response = _headers(content_type, filename="证书.pdf")

    assert response["Content-Type"] == content_type
    assert response["Content-Disposition"].startswith("inline;")
    assert response["X-Content-Type-Options"] == "nosniff"


@pytest.mark.parametrize(
    "content_type",
    [
        "text/html",
        "text/html; charset=utf-8",
        "TEXT/HTML",
        "application/javascript",
        "text/javascript",
        "image/svg+xml",
        "application/xhtml+xml",
        "text/xml",
        "application/rss+xml",
        "",
        None,
        "not a type",
        "text/html\r\nX-Injected: 1",
    ],
)
def test_private_file_response_serves_markup_and_script_as_opaque_attachment(content_type):
    response = _headers(content_type)

    assert response["Content-Type"] == "application/octet-stream"
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "X-Injected" not in response


@pytest.mark.parametrize(
    "content_type",
    [
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "application/zip",
        "text/plain",
    ],
)
def test_private_file_response_downloads_other_types_with_their_type(content_type):
    response = _headers(content_type)

    assert response["Content-Type"] == content_type
    assert response["Content-Disposition"].startswith("attachment;")


def test_private_file_response_keeps_a_chinese_name_and_drops_paths_and_newlines():
    response = _headers("application/pdf", filename="../../etc/质量\r\n手册.pdf")

    disposition = response["Content-Disposition"]
    assert "filename*=utf-8''%E8%B4%A8%E9%87%8F%E6%89%8B%E5%86%8C.pdf" in disposition
    assert "etc" not in disposition and "\n" not in disposition


def test_private_file_response_is_never_cached_by_shared_caches():
    assert _headers("application/pdf")["Cache-Control"] == "private, no-store"


def test_private_file_response_opens_a_stored_file():
    name = default_storage.save("materials/test/证明.pdf", ContentFile(b"%PDF-1.4 test"))
    field_file = default_storage.open(name)
    field_file.close()

    response = private_file_response(
        field_file, filename="证明.pdf", content_type="application/pdf"
    )

    assert b"".join(response.streaming_content) == b"%PDF-1.4 test"
