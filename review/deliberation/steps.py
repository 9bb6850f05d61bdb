"""What every write of stages 7 and 8 does: check the edition's stage and the input, move an
application through the lifecycle, leave a DeliberationEvent, store a scanned document."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date

from django.core.files.storage import default_storage
from django.core.files.uploadedfile import UploadedFile
from django.utils import timezone
from django.utils.translation import gettext as _

from applications.lifecycle import TransitionError
from applications.lifecycle import transition as move_application
from applications.models import Application, Edition, Stage
from award_portal.accounts.models import User
from publicity.errors import PublicityError
from publicity.objections.services import inspect_evidence
from review.errors import ReviewError
from review.models import DeliberationEvent, ProposedList


def require_stage(edition: Edition, stage: str) -> None:
    if edition.stage == Stage.CLOSED:
        raise ReviewError(_("本届评选已结束归档，不能再修改。"))
    if edition.stage != stage:
        raise ReviewError(
            _("本届评选当前处于“%(current)s”阶段，此操作属于“%(stage)s”阶段。")
            % {"current": Stage(edition.stage).label, "stage": Stage(stage).label}
        )


def locked_edition(edition: Edition, stage: str) -> Edition:
    """The edition, locked until the transaction ends, once it is found to be in `stage`."""
    locked = Edition.objects.select_for_update().get(pk=edition.pk)
    require_stage(locked, stage)
    return locked


def required(value: str, message: str) -> str:
    value = (value or "").strip()
    if not value:
        raise ReviewError(message)
    return value


def not_future(day: date, label: str) -> None:
    if day > timezone.localdate():
        raise ReviewError(_("%(label)s不能晚于今天。") % {"label": label})


def record_event(
    *,
    kind: str,
    actor: User | None,
    note: str = "",
    edition: Edition | None = None,
    application: Application | None = None,
    proposed_list: ProposedList | None = None,
) -> DeliberationEvent:
    """An event of the `edition`; one about an application is of the application's edition."""
    return DeliberationEvent.objects.create(
        edition_id=edition.pk if edition is not None else application.edition_id,
        kind=kind,
        actor=actor,
        note=note,
        application=application,
        proposed_list=proposed_list,
    )


def move(*, application: Application, to: str, actor: User, reason: str, **kwargs) -> None:
    try:
        move_application(application=application, to=to, actor=actor, reason=reason, **kwargs)
    except TransitionError as exc:
        raise ReviewError(
            _("“%(name)s”：%(message)s")
            % {"name": application.applicant_name or application.reference, "message": exc.message}
        ) from exc


def store_attachment(upload: UploadedFile | None) -> tuple[str, str]:
    """Check a scanned document by its content (PDF, JPG or PNG) and store it under a
    server-generated name. Returns (stored name, original name), or two blanks."""
    if upload is None:
        return "", ""
    try:
        checked = inspect_evidence(upload)
    except PublicityError as exc:
        raise ReviewError(exc.message) from exc
    stored = default_storage.save(
        f"review/decisions/{uuid.uuid4().hex}.{checked.extension}", checked.upload
    )
    return stored, (upload.name or "")[:200]


@contextmanager
def attachment_storage() -> Iterator[Callable[[UploadedFile | None], dict[str, str]]]:
    """`store_attachment` for the block, giving a decision's fields `attachment` (the stored
    name) and `attachment_name` (the original one): what it stored is deleted again when the
    block fails, so a refused or rolled-back step leaves no file behind."""
    stored: list[str] = []

    def store(upload: UploadedFile | None) -> dict[str, str]:
        name, original_name = store_attachment(upload)
        if name:
            stored.append(name)
        return {"attachment": name, "attachment_name": original_name}

    try:
        yield store
    except BaseException:
        for name in stored:
            default_storage.delete(name)
        raise
