"""Downloads: an uploaded file served so that a browser never runs it as part of the portal,
and a document the portal wrote served as a file with its Chinese name.

Applicants and the public upload files; the type they claim (or that was sniffed) must not
decide how the portal's own origin renders them. Only PDFs and raster images are shown in
the browser; everything else is a download, and markup or script types are served as opaque
bytes.
"""

from __future__ import annotations

import os
import re
from urllib.parse import quote

from django.http import FileResponse, Http404, HttpResponse

# Shown in the browser tab: the materials people review on screen.
INLINE_TYPES = frozenset(
    {"application/pdf", "image/png", "image/jpeg", "image/gif", "image/webp", "image/bmp"}
)

# Never with their own type: a browser would run them on the portal's origin.
REFUSED_TYPES = frozenset(
    {
        "text/html",
        "application/xhtml+xml",
        "application/javascript",
        "application/x-javascript",
        "application/ecmascript",
        "text/javascript",
        "text/ecmascript",
        "image/svg+xml",
        "text/xml",
        "application/xml",
        "text/xsl",
        "application/x-shockwave-flash",
        "multipart/x-mixed-replace",
    }
)

OPAQUE_TYPE = "application/octet-stream"
_TYPE_RE = re.compile(r"^[a-z0-9][a-z0-9!#$&^_.+-]*/[a-z0-9][a-z0-9!#$&^_.+-]*$")


def safe_content_type(content_type: str | None) -> str:
    """The type to send: the given one unless it could be executed (then opaque bytes)."""
    value = (content_type or "").split(";", 1)[0].strip().lower()
    if (
        not _TYPE_RE.match(value)
        or value in REFUSED_TYPES
        or value.endswith("+xml")
        or "script" in value
        or value.startswith("text/html")
    ):
        return OPAQUE_TYPE
    return value


def _clean_filename(filename: str) -> str:
    name = os.path.basename((filename or "").replace("\\", "/"))
    name = "".join(ch for ch in name if ch.isprintable())
    return name.strip() or "download"


def private_file_response(file, *, filename: str, content_type: str | None) -> FileResponse:
    """A FileResponse for a private upload, already permission-checked by the caller.

    `file` is an open binary file, or a Django `File`/`FieldFile` (opened here). PDFs and
    images are shown inline; anything else is an attachment; HTML, JavaScript, SVG and other
    markup are sent as `application/octet-stream`. `nosniff` stops the browser from guessing
    otherwise, and the response is kept out of shared caches.
    """
    if hasattr(file, "open") and getattr(file, "closed", False):
        file = file.open("rb")
    sent_type = safe_content_type(content_type)
    response = FileResponse(
        file,
        as_attachment=sent_type not in INLINE_TYPES,
        filename=_clean_filename(filename),
        content_type=sent_type,
    )
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Cache-Control"] = "private, no-store"
    return response


def open_or_404(stored):
    """A stored file (a FieldFile) opened for reading; a 404 when there is none, or when it is
    gone from the storage."""
    if not stored:
        raise Http404
    try:
        return stored.open("rb")
    except FileNotFoundError:
        raise Http404 from None


def upload_response(upload) -> FileResponse:
    """`private_file_response` for a stored upload with its `file`, `original_name` and
    `content_type` (a material, a piece of evidence); a 404 when the file is gone."""
    handle = open_or_404(upload.file)
    return private_file_response(
        handle, filename=upload.original_name, content_type=upload.content_type
    )


def attachment_header(filename: str) -> str:
    """A Content-Disposition header that keeps a Chinese file name in every browser: the name's
    ASCII letters for the oldest, the whole name (RFC 5987) for the others."""
    ascii_name = filename.encode("ascii", "ignore").decode() or "download"
    return f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(filename)}"


def document_response(content: bytes, *, filename: str, content_type: str) -> HttpResponse:
    """A document the portal wrote (Word, PDF, Excel) as a download, kept out of caches: it
    holds what only the signed-in user may read."""
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = attachment_header(filename)
    response["Cache-Control"] = "private, no-store"
    return response
