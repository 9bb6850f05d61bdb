"""Every write on publicity windows: the working days of a window, its draft and list, publishing
it with its notice, withdrawing, replacing and closing it.

Each function is one atomic step. Bad input raises `PublicityError` with a Chinese message and
leaves nothing stored; repeating a finished step is an error or a no-op, never a double effect.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Sequence
from datetime import date

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from applications.models import Application, Edition
from award_portal.accounts.models import User
from award_portal.documents import glyphs
from award_portal.workflow.engine import check, status_allows, transition
from publicity import calendar, hooks, selectors
from publicity.errors import PublicityError
from publicity.models import PublicityEntry, PublicityWindow, WindowEvent, WindowKind
from publicity.notice import chinese_date, render_notice_pdf

logger = logging.getLogger(__name__)

Window = PublicityWindow.Status


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


def _check_applications(
    *, edition: Edition, kind: str, applications: Sequence[Application]
) -> None:
    if not applications:
        raise PublicityError(_("公示名单不能为空，请至少选择一项申报。"))
    for application in applications:
        if application.edition_id != edition.pk:
            raise PublicityError(
                _("“%(name)s”不属于%(edition)s，不能列入本公示。")
                % {"name": application.applicant_name or application.reference, "edition": edition}
            )
        if not selectors.eligible_for(application, kind):
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


def _draft_fields(
    edition: Edition,
    kind: str,
    *,
    title: str,
    body: str,
    start_date: date,
    workdays: int,
    applications: Sequence[Application],
    document_number: str = "",
) -> dict:
    if workdays < settings.PUBLICITY_MIN_WORKDAYS:
        compute_end_date(start_date=start_date, workdays=workdays)  # raises the message
    _check_applications(edition=edition, kind=kind, applications=applications)
    return {
        "title": title.strip(),
        "body": body.strip(),
        "document_number": document_number.strip(),
        "start_date": start_date,
        "workdays": workdays,
        "end_date": _preview_end_date(start_date, workdays),
    }


@transaction.atomic
def create_window(
    *,
    edition: Edition,
    kind: str,
    actor: User,
    replaces: PublicityWindow | None = None,
    **draft,
) -> PublicityWindow:
    """A draft window with its list (the fields of `_draft_fields`). Nothing is public until
    `publish_window`."""
    values = _draft_fields(edition, kind, **draft)
    if replaces is not None:
        check(replaces, "replace", actor, guards=False)
    window = PublicityWindow.objects.create(
        edition=edition, kind=kind, replaces=replaces, created_by=actor, **values
    )
    _snapshot_entries(window, draft["applications"])
    return window


@transaction.atomic
def update_window(*, window: PublicityWindow, actor: User, **draft) -> PublicityWindow:
    """Change a draft (the fields of `_draft_fields`). A published window's list and dates
    never change."""
    window = PublicityWindow.objects.select_for_update().get(pk=window.pk)
    check(window, "edit", actor)
    values = _draft_fields(window.edition, window.kind, **draft)
    for name, value in values.items():
        setattr(window, name, value)
    window.save(update_fields=list(values))
    _snapshot_entries(window, draft["applications"])
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
            check(window, "publish", actor)
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
    return transition(window, "withdraw", actor, reason=reason)


def replace_window(*, window: PublicityWindow, actor: User) -> PublicityWindow:
    """A new draft with the withdrawn window's texts and list, starting today, to be corrected
    and published in its place."""
    check(window, "replace", actor)
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


def fire_outcome(window: PublicityWindow, actor: User | None) -> None:
    """Take the WINDOW_CLOSED step of the window's kind (once the window is closed and its
    objections decided), and record that it was taken."""
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
        if status_allows(window, "close") and window.has_ended_on(today):
            window = transition(window, "close", actor, today=today)
            changed = True
        if (
            window.status == Window.CLOSED
            and window.outcome_fired_at is None
            and not selectors.open_objections(window).exists()
        ):
            fire_outcome(window, actor)
            changed = True
        return changed
