"""Hostile uploads through the material page: a clear message or a correct save, never a 500,
and nothing stored for a refused file."""

import io
import zipfile

import pytest
from django.contrib import messages
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from applications.models import Material, MaterialKind
from tests.applications import helpers
from tests.badinput.helpers import NUL_REFUSED, answered, client_file_name, hostile, multipart
from tests.badinput.strategies import hostile_text


def _upload(client, application, name: str, content: bytes, kind=MaterialKind.EVIDENCE):
    return client.post(
        reverse("applications:material_upload", args=[application.pk]),
        {"kind": kind, "files": SimpleUploadedFile(name, content)},
    )


def _messages(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def _errors(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request) if m.level == messages.ERROR]


def _truncated_pdf() -> bytes:
    whole = helpers.pdf_bytes("证实性材料")
    return whole[: len(whole) // 3]


def _bomb_with_many_entries() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
        for n in range(5001):
            archive.writestr(f"word/media/{n}.bin", b"")
    return buffer.getvalue()


REFUSED_FILES = {
    "executable named pdf": ("报告.pdf", helpers.EXE_BYTES),
    "executable named docx": ("报告.docx", helpers.EXE_BYTES),
    "executable": ("setup.exe", helpers.EXE_BYTES),
    "zip bomb": ("自我评价报告.docx", helpers.zip_bomb_docx(60)),
    "zip of many entries": ("自我评价报告.docx", _bomb_with_many_entries()),
    "zip that is not Word": ("报告.docx", helpers.zip_bomb_docx(0).replace(b"word/", b"xord/")),
    "truncated zip": ("报告.docx", helpers.docx_bytes()[:300]),
    "html named pdf": ("报告.pdf", b"<html><script>alert(1)</script></html>"),
    "empty": ("报告.pdf", b""),
    "dot-dot name": ("..报告.pdf", b"%PDF-1.4\n"),
    "over-long name": ("长" * 250 + ".pdf", b"%PDF-1.4\n"),
}


@pytest.mark.django_db
@pytest.mark.parametrize("case", sorted(REFUSED_FILES))
def test_material_upload_of_hostile_file_is_refused_with_message(make_draft, client, case):
    application = make_draft("general", materials=False)
    client.force_login(application.owner)
    name, content = REFUSED_FILES[case]

    response = _upload(client, application, name, content)

    assert answered(response) == 302
    assert Material.objects.count() == 0
    assert _errors(response), case


@pytest.mark.django_db
def test_material_upload_over_the_size_limit_is_refused_with_message(make_draft, client, settings):
    settings.MATERIAL_MAX_FILE_MB = 1
    application = make_draft("general", materials=False)
    client.force_login(application.owner)

    response = _upload(client, application, "大文件.pdf", b"%PDF-1.4\n" + b"0" * 1_200_000)

    assert answered(response) == 302
    assert Material.objects.count() == 0
    assert any("超过单个文件1MB的上限" in m for m in _messages(response))


@pytest.mark.django_db
def test_material_upload_of_truncated_pdf_is_saved_as_sent_or_refused(make_draft, client):
    application = make_draft("general", materials=False)
    client.force_login(application.owner)
    content = _truncated_pdf()

    response = _upload(
        client, application, "自我评价报告.pdf", content, MaterialKind.SELF_ASSESSMENT
    )

    assert answered(response) == 302
    material = Material.objects.get()
    downloaded = client.get(
        reverse("applications:material_download", args=[application.pk, material.pk])
    )
    assert b"".join(downloaded.streaming_content) == content
    assert material.text_length is None  # unreadable text is not counted, not a failure


@pytest.mark.django_db
def test_material_upload_with_hostile_file_names_is_saved_or_refused(make_draft, client):
    application = make_draft("general", materials=False)
    client.force_login(application.owner)
    content = helpers.pdf_bytes("证实性材料")

    @hostile
    @given(name=hostile_text(max_size=250), suffix=st.sampled_from([".pdf", ".PDF", ".exe", ""]))
    def upload(name, suffix):
        Material.objects.all().delete()

        response = _upload(client, application, client_file_name(name + suffix), content)

        status = answered(response)
        # 400: Django's own refusal of a body it cannot parse (e.g. a part header over 1 KB,
        # some 300 Chinese characters of file name)
        assert status in (302, 400, NUL_REFUSED)
        stored = list(Material.objects.values_list("original_name", flat=True))
        if stored:
            assert stored == [stored[0]] and "/" not in stored[0] and "\x00" not in stored[0]
            page = client.get(reverse("applications:edit", args=[application.pk]))
            assert "<script>" not in page.content.decode().split("<main", 1)[-1]

    upload()


@pytest.mark.django_db
def test_material_upload_with_invalid_utf8_name_and_kind_is_saved_or_refused(make_draft, client):
    application = make_draft("general", materials=False)
    client.force_login(application.owner)
    body, content_type = multipart(
        {"kind": b"evidence\xff\xfe"},
        {"files": (b"\xff\xfe\xc3\x28\xe8\xaf\x81\xe6\x98\x8e.pdf", helpers.pdf_bytes())},
    )

    response = client.generic(
        "POST", reverse("applications:material_upload", args=[application.pk]), body, content_type
    )

    assert answered(response) in (302, 400)
    if response.status_code == 302:
        assert Material.objects.count() == 0, _messages(response)
        assert _errors(response)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "raw_name",
    [b"../../etc/passwd.pdf", b"C:\\Windows\\system32\\..\\report.pdf", b"/var/media/x.pdf"],
)
def test_material_upload_with_path_name_keeps_no_path(make_draft, client, raw_name):
    application = make_draft("general", materials=False)
    client.force_login(application.owner)
    body, content_type = multipart(
        {"kind": b"evidence"}, {"files": (raw_name, helpers.pdf_bytes())}
    )

    response = client.generic(
        "POST", reverse("applications:material_upload", args=[application.pk]), body, content_type
    )

    assert answered(response) == 302
    names = list(Material.objects.values_list("original_name", flat=True))
    assert names == [] or ("/" not in names[0] and "\\" not in names[0] and ".." not in names[0])
    assert names or _errors(response)
    for material in Material.objects.all():
        assert material.file.name.startswith(f"materials/{application.pk}/")
