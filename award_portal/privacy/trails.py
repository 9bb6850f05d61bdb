"""The city office's search of the login and audit trails: one trail at a time (sign-ins,
applications' moves, other records' moves, the editions' stages, downloads, the login
protection's access log), filtered by user, date range, action and address, newest first.

Each trail is described once (`TRAILS`): its queryset, the fields the filters apply to and how
a row reads. A page costs two queries (the count and the page) whatever the filters.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, time, timedelta

from axes.models import AccessLog
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from applications.models import Application, ApplicationEvent, EditionEvent
from applications.models.applications import STATUS_LABELS
from applications.models.editions import STAGE_LABELS
from award_portal.accounts.models import AuthEvent, Role
from award_portal.privacy.models import ExportRecord
from award_portal.privacy.page_names import page_name
from award_portal.workflow.engine import (
    WORKFLOWS,
    Workflow,
    move_label,
    status_label,
    workflow_for,
    workflow_of_kind,
)
from award_portal.workflow.models import StateChange

ROLE_LABELS = dict(Role.choices)
AUTH_LABELS = dict(AuthEvent.Kind.choices)


@dataclass(frozen=True)
class Row:
    at: datetime
    user: str
    role: str
    action: str
    target: str
    ip: str
    detail: str


@dataclass(frozen=True)
class Trail:
    label: str
    queryset: Callable[[], QuerySet]
    at: str
    users: tuple[str, ...]  # fields the user filter searches (contains)
    actions: Callable[[str], Q]
    ip: str | None
    row: Callable[[object], Row]


def _auth_actions(text: str) -> Q:
    codes = [code for code, label in AUTH_LABELS.items() if text in str(label) or text == code]
    return Q(kind__in=codes)


def _auth_row(e: AuthEvent) -> Row:
    role = str(ROLE_LABELS.get(e.user.role, "")) if e.user_id else ""
    return Row(
        e.at,
        e.username,
        role,
        AUTH_LABELS.get(e.kind, e.kind),
        "",
        e.ip_address or "",
        e.user_agent,
    )


def _moves_named(text: str, workflows: list[Workflow]) -> Q:
    """The moves whose name as people read it contains `text`, or whose code is `text`."""
    names = {
        move.name
        for workflow in workflows
        for move in (*workflow.moves, *workflow.acts)
        if text in str(move.label) or text == move.name
    }
    return Q(move__icontains=text) | Q(move__in=names)


def _application_actions(text: str) -> Q:
    return _moves_named(text, [workflow_for(Application)])


def _record_actions(text: str) -> Q:
    workflows = list(WORKFLOWS.values())
    kinds = [w.kind for w in workflows if text in str(w.label) or text == w.kind]
    return _moves_named(text, workflows) | Q(kind__in=kinds)


def _application_row(e: ApplicationEvent) -> Row:
    change = f"{STATUS_LABELS.get(e.from_status, e.from_status)} → " + str(
        STATUS_LABELS.get(e.to_status, e.to_status)
    )
    return Row(
        e.at,
        e.actor_name,
        str(ROLE_LABELS.get(e.actor_role, e.actor_role)),
        move_label(workflow_for(Application), e.move),
        f"{e.application.reference} {change}",
        e.ip_address or "",
        e.reason,
    )


def _record_row(e: StateChange) -> Row:
    """The record by its kind's name and number, its move and statuses as people read them."""
    workflow = workflow_of_kind(e.kind)
    change = f"{status_label(workflow, e.source)} → {status_label(workflow, e.target)}"
    return Row(
        e.at,
        e.actor_name or str(_("系统")),
        str(ROLE_LABELS.get(e.actor_role, "")),
        move_label(workflow, e.move),
        f"{workflow.label if workflow else e.kind} #{e.object_id} {change}",
        e.ip_address or "",
        e.reason,
    )


def _edition_row(e: EditionEvent) -> Row:
    change = f"{STAGE_LABELS.get(e.from_stage, e.from_stage)} → " + str(
        STAGE_LABELS.get(e.to_stage, e.to_stage)
    )
    return Row(e.at, e.actor_name, "", change, str(e.edition), "", e.reason)


def _export_row(e: ExportRecord) -> Row:
    return Row(
        e.at,
        e.username,
        str(ROLE_LABELS.get(e.role, e.role)),
        page_name(e.page),
        e.filename,
        e.ip_address or "",
        e.path,
    )


def _access_row(e: AccessLog) -> Row:
    return Row(
        e.attempt_time,
        e.username or "",
        "",
        str(_("登录")),
        e.path_info or "",
        e.ip_address or "",
        e.user_agent or "",
    )


TRAILS: dict[str, Trail] = {
    "login": Trail(
        _("登录记录"),
        lambda: AuthEvent.objects.select_related("user"),
        "at",
        ("username",),
        _auth_actions,
        "ip_address",
        _auth_row,
    ),
    "application": Trail(
        _("申报状态变更"),
        # The row names the application by its reference: its form content is not read.
        lambda: ApplicationEvent.objects.select_related("application").defer(
            "application__data", "application__return_notes"
        ),
        "at",
        ("actor_name", "actor__username"),
        _application_actions,
        "ip_address",
        _application_row,
    ),
    "record": Trail(
        _("其他记录状态变更"),
        lambda: StateChange.objects.all(),
        "at",
        ("actor_name", "actor__username"),
        _record_actions,
        "ip_address",
        _record_row,
    ),
    "edition": Trail(
        _("届次阶段变更"),
        lambda: EditionEvent.objects.select_related("edition"),
        "at",
        ("actor_name", "actor__username"),
        lambda t: Q(reason__icontains=t),
        None,
        _edition_row,
    ),
    "export": Trail(
        _("导出和下载记录"),
        lambda: ExportRecord.objects.all(),
        "at",
        ("username",),
        lambda t: Q(page__icontains=t) | Q(filename__icontains=t),
        "ip_address",
        _export_row,
    ),
    "access": Trail(
        _("登录保护访问日志"),
        lambda: AccessLog.objects.all(),
        "attempt_time",
        ("username",),
        lambda t: Q(path_info__icontains=t),
        "ip_address",
        _access_row,
    ),
}


def search(
    trail_name: str,
    *,
    user: str = "",
    date_from=None,
    date_to=None,
    action: str = "",
    ip: str = "",
) -> QuerySet:
    trail = TRAILS[trail_name]
    qs = trail.queryset()
    if user:
        match = Q()
        for field in trail.users:
            match |= Q(**{f"{field}__icontains": user})
        qs = qs.filter(match)
    zone = timezone.get_current_timezone()
    if date_from:
        qs = qs.filter(**{f"{trail.at}__gte": datetime.combine(date_from, time.min, zone)})
    if date_to:
        end = datetime.combine(date_to + timedelta(days=1), time.min, zone)
        qs = qs.filter(**{f"{trail.at}__lt": end})
    if action:
        qs = qs.filter(trail.actions(action))
    if ip:
        # A trail without addresses has nothing at the address asked for.
        qs = qs.filter(**{f"{trail.ip}__startswith": ip}) if trail.ip else qs.none()
    return qs.order_by(f"-{trail.at}", "-pk")
