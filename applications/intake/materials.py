"""Checks of uploaded materials: Word or PDF by content, never by name, and no zip bombs.

A file is read and judged completely before anything is stored, so a refused file leaves
nothing behind.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
import zipfile
from dataclasses import dataclass
from pathlib import PurePosixPath
from xml.etree import ElementTree

import filetype
from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from award_portal.actions import Refusal

PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
DOC = "application/msword"
EXTENSIONS = {PDF: "pdf", DOCX: "docx", DOC: "doc"}
WORD_EXTENSIONS = {"doc", "docx"}
ALLOWED_NAME_EXTENSIONS = {"pdf", "doc", "docx"}

# A Word document is a zip archive. These bounds let through any real report with photos
# and stop an archive built to explode when opened.
ZIP_MAX_ENTRIES = 5000
ZIP_MAX_RATIO = 100  # uncompressed / compressed, per entry and overall
ZIP_RATIO_FLOOR = 1024 * 1024  # entries smaller than this may compress as well as they like
ZIP_MAX_UNCOMPRESSED_FACTOR = 10  # x the file size limit
MAX_NAME_LENGTH = 200
W_NS = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


class MaterialRejected(Refusal):
    """A file that is not accepted; `message` says why, in Chinese, naming the file."""


@dataclass(frozen=True)
class CheckedFile:
    original_name: str
    content_type: str
    extension: str
    size: int
    sha256: str


def max_file_bytes() -> int:
    return settings.MATERIAL_MAX_FILE_MB * 1024 * 1024


def max_total_bytes() -> int:
    return settings.MATERIAL_MAX_TOTAL_MB * 1024 * 1024


def clean_original_name(name: str) -> str:
    """The name as shown to people. A name that tries to be a path is refused, not repaired."""
    name = unicodedata.normalize("NFC", name or "").strip()
    if not name:
        raise MaterialRejected(_("文件没有名称，请重新选择文件。"))
    if (
        "/" in name
        or "\\" in name
        or name in {".", ".."}
        or name.startswith("..")
        or re.search(r"[\x00-\x1f\x7f]", name)
        or re.match(r"^[A-Za-z]:", name)
    ):
        raise MaterialRejected(
            _("文件名“%(name)s”包含路径或控制字符，已拒收。请将文件改为普通文件名后重新上传。")
            % {"name": name[:80]}
        )
    if len(name) > MAX_NAME_LENGTH:
        raise MaterialRejected(
            _("文件名过长（超过%(n)d个字符），请缩短后重新上传。") % {"n": MAX_NAME_LENGTH}
        )
    return name


def _extension(name: str) -> str:
    return PurePosixPath(name).suffix.lower().lstrip(".")


def _sha256(upload: UploadedFile) -> str:
    digest = hashlib.sha256()
    upload.seek(0)
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    return digest.hexdigest()


def _check_docx(upload: UploadedFile, name: str) -> None:
    """A .docx must be a sane zip holding word/document.xml."""
    upload.seek(0)
    try:
        with zipfile.ZipFile(upload) as archive:
            entries = archive.infolist()
            if len(entries) > ZIP_MAX_ENTRIES:
                raise MaterialRejected(_("“%(name)s”内部文件数量异常，已拒收。") % {"name": name})
            names = {entry.filename for entry in entries}
            if "word/document.xml" not in names or "[Content_Types].xml" not in names:
                raise MaterialRejected(
                    _("“%(name)s”不是有效的 Word 文档（缺少正文部分），已拒收。") % {"name": name}
                )
            total = 0
            compressed_total = 0
            for entry in entries:
                total += entry.file_size
                compressed_total += entry.compress_size
                if entry.file_size > ZIP_RATIO_FLOOR and entry.file_size > ZIP_MAX_RATIO * max(
                    entry.compress_size, 1
                ):
                    raise MaterialRejected(_bomb_message(name))
            limit = ZIP_MAX_UNCOMPRESSED_FACTOR * max_file_bytes()
            if total > limit or (
                total > ZIP_RATIO_FLOOR and total > ZIP_MAX_RATIO * max(compressed_total, 1)
            ):
                raise MaterialRejected(_bomb_message(name))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, ValueError) as exc:
        raise MaterialRejected(
            _("“%(name)s”已损坏，无法作为 Word 文档打开，已拒收。") % {"name": name}
        ) from exc
    finally:
        upload.seek(0)


def _bomb_message(name: str) -> str:
    return _("“%(name)s”解压后的体积异常（疑似压缩炸弹），已拒收。请用 Word 另存为后重新上传。") % {
        "name": name
    }


def _detect(upload: UploadedFile, name: str) -> str:
    upload.seek(0)
    head = upload.read(8192)
    upload.seek(0)
    if head.startswith(b"%PDF-"):
        return PDF
    if head.startswith(b"PK\x03\x04"):
        _check_docx(upload, name)
        return DOCX
    kind = filetype.guess(head)
    if kind is not None and kind.mime == DOC:
        return DOC
    detected = kind.extension if kind is not None else _("未知")
    raise MaterialRejected(
        _(
            "“%(name)s”不是 Word 或 PDF 文件（按文件内容识别为：%(kind)s），已拒收。"
            "只接受 Word（.doc、.docx）和 PDF 文件。"
        )
        % {"name": name, "kind": detected}
    )


def check_upload(upload: UploadedFile) -> CheckedFile:
    """Judge one uploaded file completely, or raise MaterialRejected."""
    name = clean_original_name(upload.name)
    size = upload.size or 0
    if size <= 0:
        raise MaterialRejected(_("“%(name)s”是空文件，已拒收。") % {"name": name})
    if size > max_file_bytes():
        raise MaterialRejected(
            _("“%(name)s”大小为%(size)s，超过单个文件%(limit)dMB的上限，已拒收。")
            % {"name": name, "size": filesizeformat(size), "limit": settings.MATERIAL_MAX_FILE_MB}
        )
    ext = _extension(name)
    if ext not in ALLOWED_NAME_EXTENSIONS:
        raise MaterialRejected(
            _("“%(name)s”的扩展名不是 .pdf、.doc 或 .docx，已拒收。") % {"name": name}
        )
    content_type = _detect(upload, name)
    actual = EXTENSIONS[content_type]
    same_family = ext == actual or (ext in WORD_EXTENSIONS and actual in WORD_EXTENSIONS)
    if not same_family:
        raise MaterialRejected(
            _("“%(name)s”的扩展名与文件内容（%(actual)s）不符，已拒收。请核对后重新上传。")
            % {"name": name, "actual": actual.upper()}
        )
    return CheckedFile(
        original_name=name,
        content_type=content_type,
        extension=actual,
        size=size,
        sha256=_sha256(upload),
    )


# --- the length of a report ---------------------------------------------------------------------


def text_length(upload, content_type: str) -> int | None:
    """Characters of text (whitespace not counted), or None when the text cannot be read."""
    upload.seek(0)
    try:
        if content_type == DOCX:
            return _docx_length(upload)
        if content_type == PDF:
            return _pdf_length(upload)
    except Exception:  # an unreadable body is not a reason to refuse the file
        return None
    finally:
        upload.seek(0)
    return None


def _count(text: str) -> int:
    return sum(1 for char in text if not char.isspace())


def _docx_length(handle) -> int:
    with zipfile.ZipFile(handle) as archive, archive.open("word/document.xml") as xml:
        total = 0
        for _event, element in ElementTree.iterparse(xml):
            if element.tag == f"{W_NS}t" and element.text:
                total += _count(element.text)
            element.clear()
        return total


def _pdf_length(handle) -> int | None:
    try:
        from pypdf import PdfReader
    except ImportError:
        return None
    reader = PdfReader(handle)
    return sum(_count(page.extract_text() or "") for page in reader.pages)
