"""Writes of editions: the draft of a new edition, its call notice file, its own Word templates,
and its publication."""

from __future__ import annotations

import logging
import uuid
from collections.abc import Mapping

from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from applications import lifecycle
from applications.editions.selectors import EDITION_FIELDS, PLANNED_STAGES, REVIEW_FIELDS
from applications.intake.materials import DOC, MaterialRejected, check_upload
from applications.models import Edition, EditionEvent, EditionTemplate
from award_portal import access
from award_portal.accounts.models import User
from award_portal.actions import Refusal

logger = logging.getLogger(__name__)


class EditionError(Refusal):
    """A refused write; `message` is Chinese and is shown as is."""


def _require_office(actor: User) -> None:
    if not access.may(actor, access.MANAGE, access.EDITION):
        raise EditionError(_("只有市质量强市办可以开启和发布新一届评选。"), code="forbidden")


def save_edition_draft(
    *,
    actor: User,
    values: Mapping,
    edition: Edition | None = None,
    notice_upload: UploadedFile | None = None,
) -> Edition:
    """Create a new edition as a draft (not public), or change a draft, from the cleaned data
    of the edition form; its review settings (weights, minimum composite score) with it.

    A published edition is not changed here: its settings have their own pages.
    """
    from review.errors import ReviewError
    from review.pool.services import update_settings

    _require_office(actor)
    checked = _check_notice_file(notice_upload) if notice_upload else None
    stored_name = ""
    try:
        with transaction.atomic():
            if edition is None:
                edition = Edition(is_draft=True, is_current=False)
                reason = _("开启新一届（草稿）")
            else:
                edition = Edition.objects.select_for_update().get(pk=edition.pk)
                if not edition.is_draft:
                    raise EditionError(
                        _("%(name)s已经发布，不能在此修改。") % {"name": edition.name},
                        code="already_done",
                    )
                reason = _("修改新一届草稿")
            for name in EDITION_FIELDS:
                setattr(edition, name, values[name])
            edition.stage_plan = {
                stage: values[f"plan_{stage}"].isoformat()
                for stage in PLANNED_STAGES
                if values.get(f"plan_{stage}")
            }
            if checked is not None:
                old_name = edition.notice_file.name if edition.notice_file else ""
                notice_upload.seek(0)
                edition.notice_file.save(
                    f"{uuid.uuid4().hex}.{checked.extension}", notice_upload, save=False
                )
                stored_name = edition.notice_file.name
                edition.notice_file_name = checked.original_name
                edition.notice_file_type = checked.content_type
                if old_name:
                    storage = edition.notice_file.storage
                    transaction.on_commit(lambda: storage.delete(old_name))
            edition._history_user = actor
            edition._change_reason = reason
            try:
                with transaction.atomic():
                    edition.save()
            except IntegrityError:
                raise EditionError(
                    _("第%(n)d届已经存在，请核对届次。") % {"n": values["number"]}
                ) from None
            edition.categories.set(values["categories"])
            edition.units.set(values["units"])
            try:
                update_settings(
                    edition=edition,
                    actor=actor,
                    changes={name: values[name] for name in REVIEW_FIELDS},
                )
            except ReviewError as exc:
                raise EditionError(exc.message) from exc
    except BaseException:
        if stored_name:
            Edition.notice_file.field.storage.delete(stored_name)
        raise
    return edition


def _check_notice_file(upload: UploadedFile):
    try:
        checked = check_upload(upload)
    except MaterialRejected as exc:
        raise EditionError(exc.message) from exc
    if checked.content_type == DOC:
        raise EditionError(
            _("“%(name)s”是旧版 Word（.doc）文件，请另存为 .docx 或 PDF 后上传。")
            % {"name": checked.original_name}
        )
    return checked


def publish_edition(*, edition: Edition, actor: User) -> EditionEvent:
    """Publish the call notice: the draft becomes the current edition, at stage 自愿申报, and
    the edition that was current stops being so, in one transaction. Who and when are kept in
    the editions' history and in the edition's stage trail."""
    _require_office(actor)
    with transaction.atomic():
        locked = Edition.objects.select_for_update().get(pk=edition.pk)
        if not locked.is_draft:
            raise EditionError(
                _("%(name)s的征集通知已经发布。") % {"name": locked.name}, code="already_done"
            )
        if not all(locked.planned_end(stage) for stage in PLANNED_STAGES):
            raise EditionError(_("请先填写各阶段的计划完成日期。"))
        previous = Edition.objects.select_for_update().filter(is_current=True).first()
        if previous is not None:
            previous.is_current = False
            previous._history_user = actor
            previous._change_reason = _("%(name)s发布征集通知，本届不再是当前届次") % {
                "name": locked.name
            }
            previous.save(update_fields=["is_current"])
        locked.is_draft = False
        locked.is_current = True
        locked.published_at = timezone.now()
        locked.published_by = actor
        locked._history_user = actor
        locked._change_reason = _("发布征集通知")
        locked.save(update_fields=["is_draft", "is_current", "published_at", "published_by"])
        event = lifecycle.open_edition(edition=locked, actor=actor, reason=_("发布征集通知"))
    for name in ("is_draft", "is_current", "published_at", "published_by", "stage"):
        setattr(edition, name, getattr(locked, name))
    return event


def set_word_template(*, edition: Edition, kind: str, upload, actor: User) -> EditionTemplate:
    """The edition's own Word template of `kind` (a checked upload, EditionTemplateForm): the
    edition's documents of that kind are made from it from now on."""
    _require_office(actor)
    with transaction.atomic():
        found = EditionTemplate.objects.select_for_update().filter(edition=edition, kind=kind)
        found = found.first() or EditionTemplate(edition=edition, kind=kind)
        replaced = found.file.name if found.file else None
        found.file = upload
        found.save()
        if replaced:
            _delete_after_commit(found.file.storage, replaced)
    logger.info("%s set the %s template of %s", actor, kind, edition)
    return found


def reset_word_template(*, edition: Edition, kind: str, actor: User) -> None:
    """Back to the shipped template of `kind` for the edition's documents."""
    _require_office(actor)
    found = EditionTemplate.objects.filter(edition=edition, kind=kind).first()
    if found is None:
        raise EditionError(_("本届没有上传这种文书的模板，使用的就是平台自带的模板。"))
    with transaction.atomic():
        found.delete()
        _delete_after_commit(found.file.storage, found.file.name)
    logger.info("%s reset the %s template of %s", actor, kind, edition)


def _delete_after_commit(storage, name: str) -> None:
    """A stored file removed once the rows that named it are gone for good."""
    transaction.on_commit(lambda: storage.delete(name))
