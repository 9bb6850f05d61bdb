"""Every write on objections: checking the evidence files, filing an objection against an entry
of an open window, investigating and deciding it, and what an upheld one sets off.

Each function is one atomic step. Bad input raises `PublicityError` with a Chinese message and
leaves nothing stored; repeating a finished step is an error, never a double effect.
"""

from __future__ import annotations

import hashlib
import logging
import secrets
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import filetype
from django.conf import settings
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from award_portal.accounts.models import User
from award_portal.workflow.engine import check, transition
from publicity import hooks, selectors
from publicity.emails import office_emails, queue_emails
from publicity.errors import PublicityError
from publicity.models import (
    Objection,
    ObjectionEvidence,
    PublicityEntry,
    PublicityWindow,
    WindowEvent,
)
from publicity.notice import chinese_date
from publicity.windows.services import fire_outcome

logger = logging.getLogger(__name__)

Window = PublicityWindow.Status


EVIDENCE_TYPES = {
    "application/pdf": ("pdf", {".pdf"}),
    "image/jpeg": ("jpg", {".jpg", ".jpeg"}),
    "image/png": ("png", {".png"}),
}


@dataclass(frozen=True)
class EvidenceFile:
    upload: UploadedFile
    extension: str
    content_type: str
    sha256: str


def inspect_evidence(upload: UploadedFile) -> EvidenceFile:
    """Check one evidence file by its size and its content, not by what its name claims."""
    name = Path(upload.name or "").name
    max_mb = settings.EVIDENCE_MAX_FILE_MB
    if upload.size > max_mb * 1024 * 1024:
        raise PublicityError(
            _("文件“%(name)s”超过%(mb)sMB的大小限制，请压缩或拆分后上传。")
            % {"name": name, "mb": max_mb}
        )
    if upload.size == 0:
        raise PublicityError(_("文件“%(name)s”是空文件。") % {"name": name})
    upload.seek(0)
    head = upload.read(8192)
    upload.seek(0)
    kind = filetype.guess(head)
    spec = EVIDENCE_TYPES.get(kind.mime) if kind else None
    if spec is None:
        raise PublicityError(
            _("文件“%(name)s”不是PDF、JPG或PNG文件（按文件内容检查），请上传这三种格式的证明材料。")
            % {"name": name}
        )
    extension, suffixes = spec
    if Path(name).suffix.lower() not in suffixes:
        raise PublicityError(
            _("文件“%(name)s”的扩展名与其实际内容（%(type)s）不符，请检查后重新上传。")
            % {"name": name, "type": extension.upper()}
        )
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    return EvidenceFile(
        upload=upload, extension=extension, content_type=kind.mime, sha256=digest.hexdigest()
    )


_REFERENCE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"


def _new_reference(today: date) -> str:
    suffix = "".join(secrets.choice(_REFERENCE_ALPHABET) for _ in range(6))
    return f"YY{today:%Y%m%d}-{suffix}"


def file_objection(
    *,
    window: PublicityWindow,
    entry: PublicityEntry,
    filer_name: str,
    filer_identity: str,
    phone: str,
    email: str,
    reasons: str,
    evidence: Sequence[UploadedFile] = (),
    ip: str | None = None,
) -> Objection:
    """Record an objection against an entry of an open window, with its evidence files."""
    today = timezone.localdate()
    if len(evidence) > settings.PUBLICITY_EVIDENCE_MAX_FILES:
        raise PublicityError(
            _("证明材料最多上传%(n)s个文件。") % {"n": settings.PUBLICITY_EVIDENCE_MAX_FILES}
        )
    files = [inspect_evidence(upload) for upload in evidence]
    stored: list[str] = []
    try:
        with transaction.atomic():
            window = PublicityWindow.objects.select_for_update().get(pk=window.pk)
            check_accepts_objections(window, today=today)
            if entry.window_id != window.pk:
                raise PublicityError(_("所选异议对象不在本公示名单中。"))
            objection = Objection.objects.create(
                reference=_new_reference(today),
                window=window,
                entry=entry,
                filer_name=filer_name.strip(),
                filer_identity=filer_identity.strip(),
                phone=phone.strip(),
                email=email.strip(),
                reasons=reasons.strip(),
                ip_address=ip,
            )
            for item in files:
                name = default_storage.save(
                    f"publicity/evidence/{uuid.uuid4().hex}.{item.extension}", item.upload
                )
                stored.append(name)
                ObjectionEvidence.objects.create(
                    objection=objection,
                    file=name,
                    original_name=Path(item.upload.name).name[:200],
                    content_type=item.content_type,
                    size=item.upload.size,
                    sha256=item.sha256,
                )
            _queue_objection_emails(objection)
    except BaseException:
        for name in stored:
            default_storage.delete(name)
        raise
    return objection


def check_accepts_objections(window: PublicityWindow, *, today: date) -> None:
    check(window, "object", None)
    if today < window.start_date:
        raise PublicityError(
            _("公示将于%(start)s开始，开始后方可提出异议。")
            % {"start": chinese_date(window.start_date)}
        )
    if not window.is_open_on(today):
        raise PublicityError(
            _("该公示已于%(end)s结束，公示期满后不再受理异议。")
            % {"end": chinese_date(window.end_date)}
        )


def _email_filer(objection: Objection, subject: str, body: str, **values) -> None:
    """Write to the filer, when they left an address. `subject` and `body` may use %(name)s,
    %(ref)s and %(authority)s besides `values`."""
    if not objection.email:
        return
    values = {
        "name": objection.filer_name,
        "ref": objection.reference,
        "authority": settings.AWARD_AUTHORITY,
        **values,
    }
    queue_emails([objection.email], subject % values, body % values)


def _queue_objection_emails(objection: Objection) -> None:
    window = objection.window
    lookup = settings.SITE_URL + reverse("publicity:objection_lookup")
    _email_filer(
        objection,
        _("您提出的异议已受理（编号 %(ref)s）"),
        _(
            "%(name)s：\n\n您对“%(title)s”中“%(entry)s”提出的异议已受理，异议编号为 %(ref)s。"
            "\n请凭异议编号和您填写的联系电话或邮箱在 %(url)s 查询办理结果。\n\n%(authority)s"
        ),
        title=window.title,
        entry=objection.entry.display_name,
        url=lookup,
    )
    queue_emails(
        office_emails(),
        _("收到新的公示异议（%(ref)s）") % {"ref": objection.reference},
        _(
            "“%(title)s”收到一件新的异议，异议对象为“%(entry)s”，编号 %(ref)s。"
            "请登录平台调查处理：%(url)s"
        )
        % {
            "title": window.title,
            "entry": objection.entry.display_name,
            "ref": objection.reference,
            "url": settings.SITE_URL
            + reverse("publicity:objection_detail", kwargs={"pk": objection.pk}),
        },
    )


def record_investigation(*, objection: Objection, actor: User, note: str) -> Objection:
    """Start or continue the investigation of an objection, keeping the investigation record."""
    note = note.strip()
    if not note:
        raise PublicityError(_("请填写调查记录。"))
    return transition(objection, "investigate", actor, note=note)


def take_upheld_objection(objection: Objection, actor: User) -> None:
    """An upheld objection marks its entry and fires the OBJECTION_UPHELD hook of the window's
    kind (the window is locked by the decision)."""
    window = objection.window
    PublicityEntry.objects.filter(pk=objection.entry_id).update(objection_upheld=True)
    objection.entry.objection_upheld = True
    WindowEvent.objects.create(
        window=window,
        kind=WindowEvent.Kind.OBJECTION_UPHELD,
        actor=actor,
        note=objection.reference,
    )
    try:
        hooks.fire(hooks.OBJECTION_UPHELD, kind=window.kind, objection=objection, actor=actor)
    except Exception as exc:
        logger.exception("objection-upheld step of objection %s failed", objection.pk)
        raise PublicityError(
            _("异议成立后的后续处理失败：%(error)s") % {"error": getattr(exc, "message", exc)}
        ) from exc


def decide_objection(*, objection: Objection, actor: User, upheld: bool, finding: str) -> Objection:
    """Close an objection as upheld or dismissed with the finding. An upheld objection fires the
    OBJECTION_UPHELD hook of the window's kind; the last decision on an ended window takes the
    window's closing step."""
    finding = finding.strip()
    if not finding:
        raise PublicityError(_("请填写核查结论，结论将告知异议人。"))
    with transaction.atomic():
        # Lock the window before the objection, in the same order as close_window.
        window = PublicityWindow.objects.select_for_update().get(pk=objection.window_id)
        objection = transition(objection, "uphold" if upheld else "dismiss", actor, finding=finding)
        objection.window = window
        _email_filer(
            objection,
            _("您提出的异议已办结（编号 %(ref)s）"),
            _(
                "%(name)s：\n\n您提出的异议（编号 %(ref)s）经调查核实，结论为：%(status)s。"
                "\n%(finding)s\n\n%(authority)s"
            ),
            status=objection.get_status_display(),
            finding=finding,
        )
        if (
            window.status == Window.CLOSED
            and window.outcome_fired_at is None
            and not selectors.open_objections(window).exists()
        ):
            fire_outcome(window, actor)
    return objection
