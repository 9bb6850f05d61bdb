import hashlib

import pytest

from applications.intake import services
from applications.intake.materials import DOCX, PDF, MaterialRejected
from applications.models import Material, MaterialKind
from tests.applications import helpers

# Working days are counted from today here: a day of a year the calendar knows.
pytestmark = pytest.mark.now("2026-11-16")


def _stored_files(settings):
    root = settings.MEDIA_ROOT
    return sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []


@pytest.fixture
def draft(make_draft):
    return make_draft("general", materials=False)


def _add(application, name, content, kind=MaterialKind.EVIDENCE):
    return services.add_material(
        application=application,
        actor=application.owner,
        kind=kind,
        upload=helpers.upload(name, content),
    )


def test_add_material_pdf_is_stored_privately_under_a_generated_name(draft, pdf_content, settings):
    material = _add(draft, "质量 报告.pdf", pdf_content)

    stored = _stored_files(settings)
    assert len(stored) == 1
    assert stored[0].name != "质量 报告.pdf"
    assert stored[0].suffix == ".pdf"
    assert str(stored[0]).startswith(str(settings.MEDIA_ROOT))
    assert material.original_name == "质量 报告.pdf"
    assert material.content_type == PDF
    assert material.sha256 == hashlib.sha256(pdf_content).hexdigest()
    assert material.size == len(pdf_content)


def test_add_material_docx_self_assessment_counts_characters(draft):
    content = helpers.docx_bytes("领导 战略 顾客")

    material = _add(draft, "自评.docx", content, kind=MaterialKind.SELF_ASSESSMENT)

    assert material.content_type == DOCX
    assert material.text_length == 6


def test_add_material_renamed_executable_is_refused_and_nothing_stored(draft, settings):
    with pytest.raises(MaterialRejected) as exc:
        _add(draft, "证明材料.pdf", helpers.EXE_BYTES)

    assert "不是 Word 或 PDF 文件" in exc.value.message
    assert "exe" in exc.value.message
    assert Material.objects.count() == 0
    assert _stored_files(settings) == []


def test_add_material_oversize_file_is_refused(draft, settings):
    settings.MATERIAL_MAX_FILE_MB = 1
    content = b"%PDF-1.4\n" + b"0" * (1024 * 1024 + 10)

    with pytest.raises(MaterialRejected) as exc:
        _add(draft, "大文件.pdf", content)

    assert "超过单个文件1MB的上限" in exc.value.message
    assert Material.objects.count() == 0
    assert _stored_files(settings) == []


def test_add_material_total_above_limit_is_refused(draft, pdf_content, settings):
    settings.MATERIAL_MAX_TOTAL_MB = 1
    _add(draft, "一.pdf", pdf_content + b"0" * (700 * 1024))

    with pytest.raises(MaterialRejected) as exc:
        _add(draft, "二.pdf", pdf_content + b"1" * (700 * 1024))

    assert "总大小将超过每份申报1MB的上限" in exc.value.message
    assert Material.objects.count() == 1
    assert len(_stored_files(settings)) == 1


def test_add_material_zip_bomb_posing_as_docx_is_refused(draft, settings):
    with pytest.raises(MaterialRejected) as exc:
        _add(draft, "自评报告.docx", helpers.zip_bomb_docx(), kind=MaterialKind.SELF_ASSESSMENT)

    assert "疑似压缩炸弹" in exc.value.message
    assert Material.objects.count() == 0
    assert _stored_files(settings) == []


def test_add_material_zip_without_word_body_is_refused(draft):
    import io
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("readme.txt", "hello")

    with pytest.raises(MaterialRejected) as exc:
        _add(draft, "材料.docx", buffer.getvalue())

    assert "不是有效的 Word 文档" in exc.value.message


@pytest.mark.parametrize(
    "name", ["..\\..\\windows\\证明.pdf", "C:证明.pdf", "..证明.pdf", "证\x00明.pdf"]
)
def test_add_material_path_like_name_is_refused(draft, pdf_content, settings, name):
    with pytest.raises(MaterialRejected) as exc:
        _add(draft, name, pdf_content)

    assert "包含路径或控制字符" in exc.value.message
    assert Material.objects.count() == 0
    assert _stored_files(settings) == []


def test_add_material_pdf_named_docx_is_refused(draft, pdf_content):
    with pytest.raises(MaterialRejected) as exc:
        _add(draft, "报告.docx", pdf_content)

    assert "扩展名与文件内容（PDF）不符" in exc.value.message


def test_add_material_text_file_named_txt_is_refused(draft):
    with pytest.raises(MaterialRejected) as exc:
        _add(draft, "说明.txt", "纯文本".encode())

    assert "扩展名不是 .pdf、.doc 或 .docx" in exc.value.message


def test_add_material_single_kind_replaces_previous_file(
    draft, pdf_content, settings, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        first = _add(draft, "公示一.pdf", pdf_content, kind=MaterialKind.PUBLICITY_PROOF)
    with django_capture_on_commit_callbacks(execute=True):
        second = _add(draft, "公示二.pdf", pdf_content + b"%", kind=MaterialKind.PUBLICITY_PROOF)

    assert list(draft.materials.values_list("pk", flat=True)) == [second.pk]
    assert not Material.objects.filter(pk=first.pk).exists()
    assert len(_stored_files(settings)) == 1


def test_add_material_evidence_accumulates_but_duplicates_are_refused(draft, pdf_content):
    _add(draft, "一.pdf", pdf_content)
    _add(draft, "二.pdf", pdf_content + b"%")

    with pytest.raises(MaterialRejected) as exc:
        _add(draft, "三.pdf", pdf_content)

    assert "完全相同" in exc.value.message
    assert draft.materials.count() == 2


def test_add_material_after_submission_is_refused(make_draft, pdf_content):
    application = make_draft("general")
    services.submit_application(application=application, actor=application.owner)

    with pytest.raises(MaterialRejected) as exc:
        _add(application, "补充.pdf", pdf_content)

    assert "不能修改" in exc.value.message
