"""Every write of the publicity app: windows, their lists, objections, reminders.

Each function is one atomic step. Bad input raises `PublicityError` with a Chinese message and
leaves nothing stored; repeating a finished step is an error or a no-op, never a double effect.
"""

from __future__ import annotations

import hashlib
import logging
import secrets
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import filetype
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from applications import outbox
from applications.models import Application, Edition, Notification
from award_portal.accounts.models import Role, User
from award_portal.documents import glyphs
from award_portal.workflow.engine import transition
from publicity import calendar, hooks, selectors
from publicity.holiday_notice import Schedule
from publicity.models import (
    CalendarOverride,
    DeadlineReminder,
    HolidaySchedule,
    Objection,
    ObjectionEvidence,
    PublicityEntry,
    PublicityWindow,
    WindowEvent,
    WindowKind,
)
from publicity.notice import chinese_date, render_notice_pdf

logger = logging.getLogger(__name__)

Window = PublicityWindow.Status


class PublicityError(Exception):
    """A step that cannot be taken; `message` says why, in Chinese."""

    def __init__(self, message: str):
        self.message = str(message)
        super().__init__(self.message)


# --- working days ----------------------------------------------------------------------------


def compute_end_date(*, start_date: date, workdays: int) -> date:
    """The last day of a window of `workdays` working days starting on `start_date`."""
    minimum = settings.PUBLICITY_MIN_WORKDAYS
    if workdays < minimum:
        raise PublicityError(
            _("公示期不得少于%(n)s个工作日（通知要求“不少于5个工作日”）。") % {"n": minimum}
        )
    try:
        return calendar.add_workdays(start_date, workdays)
    except calendar.CalendarDataMissing as exc:
        raise PublicityError(exc.message) from exc


# --- holiday schedules -----------------------------------------------------------------------


def check_schedule(*, schedule: Schedule) -> None:
    """Refuse a schedule `save_schedule` would refuse, so the preview can say so first.

    A year the `chinesecalendar` library knows is not entered from its yearly notice: the
    library also holds what later notices changed (the 2019 Labour Day, the 2020 Spring Festival
    extension), and the yearly notice would silently undo it. A day the notice names in another
    year (the New Year item) is stored only when that year is known, so that one day never
    makes a year without a schedule look known."""
    if schedule.year in calendar.LIBRARY_YEARS:
        raise PublicityError(
            _(
                "%(year)s年的节假日安排已内置在系统的节假日数据中（%(first)s年至%(last)s年），"
                "其中还包括年度通知之后另行发布的调整（如2020年春节延长假期），"
                "用年度通知覆盖会丢失这些调整，因此不在此录入。"
                "个别日期确需更正的，请系统管理员在后台“节假日调整”中逐日修改。"
            )
            % {
                "year": schedule.year,
                "first": calendar.LIBRARY_YEARS.start,
                "last": calendar.LIBRARY_YEARS.stop - 1,
            }
        )
    for day in schedule.other_year_days():
        if not calendar.year_is_known(day.year):
            raise PublicityError(
                _(
                    "通知中的%(day)s属于%(other)s年，但%(other)s年的节假日安排尚未录入。"
                    "请先录入%(other)s年的通知，再录入%(year)s年的通知。"
                )
                % {"day": chinese_date(day), "other": day.year, "year": schedule.year}
            )


def save_schedule(*, schedule: Schedule, text: str, actor: User) -> HolidaySchedule:
    """Store a parsed notice as its year's schedule, replacing what that year had.

    In one transaction: the year's record keeps the pasted text, who entered it and when (the
    history keeps earlier versions); the overrides written from the previous version of this
    notice, and those entered day by day in the admin for the year, are replaced by one per day
    the notice names. Days the next year's notice set in this year (its New Year item) stay."""
    check_schedule(schedule=schedule)
    try:
        with transaction.atomic():
            record = _store_schedule(schedule=schedule, text=text, actor=actor)
            # Another process may read the old rows before the commit and keep them.
            transaction.on_commit(calendar.invalidate)
    except IntegrityError:  # another user entered the same new year at the same moment
        raise PublicityError(
            _("%(year)s年的安排刚刚已由他人保存，请重新粘贴通知并预览。") % {"year": schedule.year}
        ) from None
    calendar.invalidate()
    return record


def _store_schedule(*, schedule: Schedule, text: str, actor: User) -> HolidaySchedule:
    named = schedule.named_days()
    record = HolidaySchedule.objects.select_for_update().filter(year=schedule.year).first()
    if record is None:
        record = HolidaySchedule(year=schedule.year)
    record.text = text
    record.source = schedule.source[:200]
    record.entered_by = actor
    record.entered_at = timezone.now()
    record.save()
    CalendarOverride.objects.filter(
        Q(schedule=record)
        | Q(day__year=schedule.year, schedule__isnull=True)
        | Q(day__in=[day for day, _work, _name in named])
    ).delete()
    kinds = CalendarOverride.Kind
    bulk_create_with_history(
        [
            CalendarOverride(
                day=day,
                kind=kinds.WORKDAY if is_workday else kinds.HOLIDAY,
                name=name[:50],
                source=record.source,
                schedule=record,
            )
            for day, is_workday, name in named
        ],
        CalendarOverride,
        default_user=actor,
    )
    return record


# --- windows ---------------------------------------------------------------------------------


def _check_applications(
    *, edition: Edition, kind: str, applications: Sequence[Application]
) -> None:
    if not applications:
        raise PublicityError(_("公示名单不能为空，请至少选择一项申报。"))
    allowed = selectors.ELIGIBLE_STATUSES[kind]
    for application in applications:
        if application.edition_id != edition.pk:
            raise PublicityError(
                _("“%(name)s”不属于%(edition)s，不能列入本公示。")
                % {"name": application.applicant_name or application.reference, "edition": edition}
            )
        if application.status not in allowed:
            raise PublicityError(
                _("“%(name)s”当前状态为“%(status)s”，不能列入“%(kind)s”。")
                % {
                    "name": application.applicant_name or application.reference,
                    "status": application.get_status_display(),
                    "kind": WindowKind(kind).label,
                }
            )


def _snapshot_entries(window: PublicityWindow, applications: Sequence[Application]) -> None:
    window.entries.all().delete()
    PublicityEntry.objects.bulk_create(
        PublicityEntry(
            window=window,
            application=application,
            position=position,
            display_name=application.applicant_name or application.reference,
            category_name=application.category.name,
            unit_name=application.unit.name if application.unit_id else "",
        )
        for position, application in enumerate(applications, start=1)
    )


def _preview_end_date(start_date: date, workdays: int) -> date | None:
    try:
        return compute_end_date(start_date=start_date, workdays=workdays)
    except PublicityError:
        return None  # a draft may wait for next year's schedule; publishing checks again


@transaction.atomic
def create_window(
    *,
    edition: Edition,
    kind: str,
    title: str,
    body: str,
    start_date: date,
    workdays: int,
    applications: Sequence[Application],
    actor: User,
    document_number: str = "",
    replaces: PublicityWindow | None = None,
) -> PublicityWindow:
    """A draft window with its list. Nothing is public until `publish_window`."""
    if workdays < settings.PUBLICITY_MIN_WORKDAYS:
        compute_end_date(start_date=start_date, workdays=workdays)  # raises the message
    _check_applications(edition=edition, kind=kind, applications=applications)
    if replaces is not None and replaces.status != Window.WITHDRAWN:
        raise PublicityError(_("只能替代已撤回的公示。"))
    window = PublicityWindow.objects.create(
        edition=edition,
        kind=kind,
        title=title.strip(),
        body=body.strip(),
        document_number=document_number.strip(),
        start_date=start_date,
        workdays=workdays,
        end_date=_preview_end_date(start_date, workdays),
        replaces=replaces,
        created_by=actor,
    )
    _snapshot_entries(window, applications)
    return window


@transaction.atomic
def update_window(
    *,
    window: PublicityWindow,
    title: str,
    body: str,
    start_date: date,
    workdays: int,
    applications: Sequence[Application],
    actor: User,
    document_number: str = "",
) -> PublicityWindow:
    """Change a draft. A published window's list and dates never change."""
    window = PublicityWindow.objects.select_for_update().get(pk=window.pk)
    if window.status != Window.DRAFT:
        raise PublicityError(_("公示已发布，名单和日期不能再修改；如有错误请撤回后重新发布。"))
    if workdays < settings.PUBLICITY_MIN_WORKDAYS:
        compute_end_date(start_date=start_date, workdays=workdays)
    _check_applications(edition=window.edition, kind=window.kind, applications=applications)
    window.title, window.body = title.strip(), body.strip()
    window.document_number = document_number.strip()
    window.start_date, window.workdays = start_date, workdays
    window.end_date = _preview_end_date(start_date, workdays)
    window.save(
        update_fields=["title", "body", "document_number", "start_date", "workdays", "end_date"]
    )
    _snapshot_entries(window, applications)
    return window


def _ensure_drawable(window: PublicityWindow, entries: Sequence) -> None:
    """Refuse a notice that would come out with a character missing or drawn as a box."""
    texts = [
        (_("公示标题"), window.title),
        (_("文号"), window.document_number),
        (_("公示正文"), window.body),
    ]
    texts += [
        (
            _("第%(n)d项“%(name)s”") % {"n": entry.position, "name": entry.display_name},
            f"{entry.display_name}{entry.category_name}{entry.unit_name}",
        )
        for entry in entries
    ]
    found = glyphs.problems(texts)
    if found:
        raise PublicityError(
            _(
                "公示内容中有系统已安装的字体均无法显示的字符，公示文件会缺字，不能发布："
                "%(problems)s。请核实写法（生僻字须使用标准字符），或由系统管理员安装包含"
                "该字的字体后再发布。"
            )
            % {"problems": "；".join(found)}
        )


def publish_window(*, window: PublicityWindow, actor: User) -> PublicityWindow:
    """Fix the dates, render the notice and make the window public."""
    today = timezone.localdate()
    stored_name = None
    try:
        with transaction.atomic():
            window = (
                PublicityWindow.objects.select_for_update()
                .select_related("edition")
                .get(pk=window.pk)
            )
            if window.status != Window.DRAFT:
                raise PublicityError(
                    _("该公示当前状态为“%(status)s”，不能再次发布。")
                    % {"status": window.get_status_display()}
                )
            if window.start_date < today:
                raise PublicityError(
                    _("公示开始日期（%(start)s）已过，请改为今天或以后的日期再发布。")
                    % {"start": chinese_date(window.start_date)}
                )
            end_date = compute_end_date(start_date=window.start_date, workdays=window.workdays)
            window.end_date = end_date
            entries = list(selectors.window_entries(window))
            if not entries:
                raise PublicityError(_("公示名单不能为空，请至少选择一项申报。"))
            if (
                window.kind != WindowKind.SUBSTITUTE
                and PublicityWindow.objects.filter(
                    edition=window.edition, kind=window.kind, status=Window.PUBLISHED
                )
                .exclude(pk=window.pk)
                .exists()
            ):
                raise PublicityError(
                    _("本届已有一份“%(kind)s”正在公示，请先撤回或待其结束后再发布。")
                    % {"kind": window.get_kind_display()}
                )
            _ensure_drawable(window, entries)
            pdf = render_notice_pdf(window=window, entries=entries, published_on=today)
            stored_name = default_storage.save(
                f"publicity/notices/{window.pk}-{uuid.uuid4().hex}.pdf", ContentFile(pdf)
            )
            window = transition(window, "publish", actor, end_date=end_date, notice_pdf=stored_name)
    except BaseException:
        if stored_name:
            default_storage.delete(stored_name)
        raise
    return window


@transaction.atomic
def withdraw_window(*, window: PublicityWindow, actor: User, reason: str) -> PublicityWindow:
    """Take a published window down, with the reason shown to the public."""
    reason = reason.strip()
    if not reason:
        raise PublicityError(_("请填写撤回理由，撤回理由将向社会公开。"))
    window = PublicityWindow.objects.select_for_update().get(pk=window.pk)
    if window.status != Window.PUBLISHED:
        raise PublicityError(
            _("只有正在公示的公示可以撤回，该公示当前状态为“%(status)s”。")
            % {"status": window.get_status_display()}
        )
    return transition(window, "withdraw", actor, reason=reason)


def replace_window(*, window: PublicityWindow, actor: User) -> PublicityWindow:
    """A new draft with the withdrawn window's texts and list, starting today, to be corrected
    and published in its place."""
    if window.status != Window.WITHDRAWN:
        raise PublicityError(_("只能替代已撤回的公示。"))
    if hasattr(window, "replaced_by"):
        raise PublicityError(_("该公示已有替代公示。"))
    applications = [
        entry.application
        for entry in window.entries.select_related(
            "application__category", "application__unit"
        ).order_by("position")
    ]
    with transaction.atomic():
        draft = PublicityWindow.objects.create(
            edition=window.edition,
            kind=window.kind,
            title=window.title,
            body=window.body,
            document_number=window.document_number,
            start_date=timezone.localdate(),
            workdays=window.workdays,
            end_date=_preview_end_date(timezone.localdate(), window.workdays),
            replaces=window,
            created_by=actor,
        )
        # The replaced list is copied as it is; the office removes or adds entries in the draft.
        _snapshot_entries(draft, applications)
    return draft


def _fire_outcome(window: PublicityWindow, actor: User | None) -> None:
    try:
        count = hooks.fire(hooks.WINDOW_CLOSED, kind=window.kind, window=window, actor=actor)
    except Exception as exc:
        logger.exception("window-closed step of window %s failed", window.pk)
        raise PublicityError(
            _("公示结束后的后续处理失败：%(error)s") % {"error": getattr(exc, "message", exc)}
        ) from exc
    window.outcome_fired_at = timezone.now()
    window.save(update_fields=["outcome_fired_at"])
    WindowEvent.objects.create(
        window=window, kind=WindowEvent.Kind.OUTCOME_FIRED, actor=actor, note=str(count)
    )


def close_window(*, window_id: int, actor: User | None = None, today: date | None = None) -> bool:
    """Close a window whose end has passed and, once every objection is decided, take the next
    step of the lifecycle (the WINDOW_CLOSED hook) exactly once. Returns whether it did
    anything; running it again does nothing."""
    today = today or timezone.localdate()
    with transaction.atomic():
        window = PublicityWindow.objects.select_for_update().filter(pk=window_id).first()
        if window is None:
            return False
        changed = False
        if window.status == Window.PUBLISHED and window.has_ended_on(today):
            window = transition(window, "close", actor, today=today)
            changed = True
        if (
            window.status == Window.CLOSED
            and window.outcome_fired_at is None
            and not selectors.open_objections(window).exists()
        ):
            _fire_outcome(window, actor)
            changed = True
        return changed


# --- objections ------------------------------------------------------------------------------

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


def _office_emails() -> list[str]:
    office = User.objects.filter(role=Role.CITY_OFFICE, is_active=True).exclude(email="")
    return sorted(set(office.values_list("email", flat=True)))


def _queue_emails(recipients: Iterable[str], subject: str, body: str) -> list[int]:
    """Write emails into the outbox in the current transaction; send them after commit."""
    rows = Notification.objects.bulk_create(
        Notification(recipient=email, subject=subject[:200], body=body)
        for email in sorted(set(recipients))
        if email
    )
    ids = [row.pk for row in rows if row.pk]
    outbox.send_after_commit(ids)
    return ids


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
    if window.status == Window.WITHDRAWN:
        raise PublicityError(_("该公示已撤回，不再受理异议。"))
    if window.status == Window.DRAFT:
        raise PublicityError(_("该公示尚未发布。"))
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


def _queue_objection_emails(objection: Objection) -> None:
    window = objection.window
    lookup = settings.SITE_URL + reverse("publicity:objection_lookup")
    if objection.email:
        _queue_emails(
            [objection.email],
            _("您提出的异议已受理（编号 %(ref)s）") % {"ref": objection.reference},
            _(
                "%(name)s：\n\n您对“%(title)s”中“%(entry)s”提出的异议已受理，异议编号为 %(ref)s。"
                "\n请凭异议编号和您填写的联系电话或邮箱在 %(url)s 查询办理结果。\n\n%(authority)s"
            )
            % {
                "name": objection.filer_name,
                "title": window.title,
                "entry": objection.entry.display_name,
                "ref": objection.reference,
                "url": lookup,
                "authority": settings.AWARD_AUTHORITY,
            },
        )
    _queue_emails(
        _office_emails(),
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
        current = Objection.objects.filter(pk=objection.pk).values_list("status", flat=True).first()
        if current not in (Objection.Status.RECEIVED, Objection.Status.INVESTIGATING):
            raise PublicityError(
                _("该异议已办结（%(status)s），不能重复处理。")
                % {"status": Objection.Status(current).label if current else "—"}
            )
        objection = transition(objection, "uphold" if upheld else "dismiss", actor, finding=finding)
        objection.window = window
        if objection.email:
            _queue_emails(
                [objection.email],
                _("您提出的异议已办结（编号 %(ref)s）") % {"ref": objection.reference},
                _(
                    "%(name)s：\n\n您提出的异议（编号 %(ref)s）经调查核实，结论为：%(status)s。"
                    "\n%(finding)s\n\n%(authority)s"
                )
                % {
                    "name": objection.filer_name,
                    "ref": objection.reference,
                    "status": objection.get_status_display(),
                    "finding": finding,
                    "authority": settings.AWARD_AUTHORITY,
                },
            )
        if (
            window.status == Window.CLOSED
            and window.outcome_fired_at is None
            and not selectors.open_objections(window).exists()
        ):
            _fire_outcome(window, actor)
    return objection


# --- reminders -------------------------------------------------------------------------------


def _remind(*, key: str, deadline: date, recipients: list[str], subject: str, body: str) -> bool:
    """Send one reminder once: the unique key and the emails are written in one transaction."""
    if DeadlineReminder.objects.filter(key=key).exists():
        return False
    try:
        with transaction.atomic():
            DeadlineReminder.objects.create(
                key=key, deadline=deadline, subject=subject[:200], recipients=len(set(recipients))
            )
            _queue_emails(recipients, subject, body)
    except IntegrityError:
        return False  # a concurrent run sent it
    return True


def _workdays_left(today: date, deadline: date) -> int:
    return calendar.workdays_between(today + timedelta(days=1), deadline)


def send_deadline_reminders(*, today: date | None = None) -> int:
    """Remind the city office of windows and the units of the recommendation deadline when
    PUBLICITY_REMINDER_WORKDAYS working days or fewer are left. Returns how many were sent."""
    today = today or timezone.localdate()
    threshold = settings.PUBLICITY_REMINDER_WORKDAYS
    sent = 0
    for window in selectors.windows_for_reminders(today=today):
        try:
            left = _workdays_left(today, window.end_date)
        except calendar.CalendarDataMissing as exc:
            logger.warning("no reminder for window %s: %s", window.pk, exc.message)
            continue
        if left > threshold:
            continue
        end = chinese_date(window.end_date)
        sent += _remind(
            key=f"window:{window.pk}:end:{window.end_date:%Y%m%d}",
            deadline=window.end_date,
            recipients=_office_emails(),
            subject=_("公示即将结束：%(title)s") % {"title": window.title},
            body=_("“%(title)s”将于%(end)s结束，尚有%(open)s件异议未办结。")
            % {"title": window.title, "end": end, "open": window.open_objection_count},
        )
    for edition in selectors.editions_with_open_recommendation(today=today):
        deadline = edition.recommendation_deadline
        try:
            left = _workdays_left(today, deadline)
        except calendar.CalendarDataMissing as exc:
            logger.warning("no reminder for edition %s: %s", edition.pk, exc.message)
            continue
        if left > threshold:
            continue
        officers = User.objects.filter(role=Role.UNIT_OFFICER, is_active=True).select_related(
            "unit"
        )
        recipients = {user.email for user in officers if user.email}
        recipients |= {user.unit.email for user in officers if user.unit_id and user.unit.email}
        sent += _remind(
            key=f"edition:{edition.pk}:recommendation:{deadline:%Y%m%d}",
            deadline=deadline,
            recipients=sorted(recipients),
            subject=_("推荐截止日期临近：%(edition)s") % {"edition": edition.name},
            body=_("%(edition)s的推荐材料须于%(deadline)s前报送市质量强市办，请及时完成初核推荐。")
            % {"edition": edition.name, "deadline": chinese_date(deadline)},
        )
    return sent
