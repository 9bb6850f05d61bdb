"""The transition engine shared by every kind of record with a status.

A kind declares a `Workflow`: its model, the field holding the status, the error its refusals
raise, and its moves. A `Move` is data: the statuses it leaves from, the one it goes to, the
roles that may make it (or the system, with no actor), its guards (callables, in order, each
returning a refusal message or None), whether it needs a reason, the data it carries
(`fields`), what it stamps on the record with the new status, its effects inside the
transaction and who hears of it (the workflow's `outbox` writes those emails in the same
transaction; they are sent after commit). `transition()` is the only code that writes a
status of a registered kind.

Beside its moves, a workflow may name its `acts`: writes that keep the status (an expert's
draft scores, a unit's pre-check record) but that the status must allow. An act is a `Move`
with no target (see `act`), checked like a move and never made by `transition()`. `check()`
and `allows()` answer, without writing, whether a move or an act is open to an actor on a
record now: the one place that knows which status allows what.

A workflow may also name its `door` (may this actor act on this record at all, and is the
move open in the record's context, e.g. its edition's stage), its `trail` (the audit record
the kind keeps, when it keeps its own instead of `StateChange`) and its `project` (what the
kind keeps beside the record for reading, e.g. the lists' rows: written after every move, and
after every act or edit that changes what it copies (`project(obj)`), in the same
transaction, so it never shows a status that has changed).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from award_portal.actions import Refusal

Guard = Callable[[Any, "MoveContext"], "str | Refused | None"]
Effect = Callable[[Any, "MoveContext"], None]
Stamp = Callable[[Any, "MoveContext"], Mapping[str, Any]]


class Refused(Refusal):
    """A refused move. `message` is in the user's language and is shown as is; `code` says
    which check refused it (forbidden, not_allowed, wrong_stage, reason_required,
    data_required, data_invalid, guard, already_done)."""


@dataclass
class MoveContext:
    """What a guard, a stamp or an effect knows about the move being made."""

    actor: Any  # a User, or None for the system
    reason: str
    data: dict[str, Any]
    source: str = ""
    ip: str | None = None
    audit: dict[str, Any] = field(default_factory=dict)  # extra data kept in the record
    move: Move | None = None
    obj: Any = None  # the locked record
    record: Any = None  # the audit record, once written (effects may link to it)
    internal_note: str = ""  # kept with the audit record, not shown to applicants


@dataclass(frozen=True)
class MoveField:
    """A piece of data a move needs beside its reason (a document number, a date). Every page
    that offers the move asks for it, and the transition refuses the move without it."""

    name: str
    label: Any
    kind: str = "text"  # "text" or "date"
    max_length: int = 60
    not_after_today: bool = False  # a date of a decision already taken

    @property
    def input_type(self) -> str:
        return "date" if self.kind == "date" else "text"

    def clean(self, value):
        if isinstance(value, str):
            value = value.strip()
        if value is None or value == "":
            raise Refused(_("请填写%(label)s。") % {"label": self.label}, code="data_required")
        if self.kind == "date":
            day = _parse_date(value)
            if day is None:
                raise Refused(
                    _("%(label)s不是有效的日期，请按“年-月-日”填写，如 2023-06-15。")
                    % {"label": self.label},
                    code="data_invalid",
                )
            if self.not_after_today and day > timezone.localdate():
                raise Refused(
                    _("%(label)s不能晚于今天。") % {"label": self.label}, code="data_invalid"
                )
            return day
        value = str(value)
        if len(value) > self.max_length:
            raise Refused(
                _("%(label)s不能超过 %(count)d 个字。")
                % {"label": self.label, "count": self.max_length},
                code="data_invalid",
            )
        return value


def _parse_date(value) -> date | None:
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value).strip())
    except ValueError:
        return None


@dataclass(frozen=True)
class Move:
    name: str
    label: Any
    sources: tuple[str, ...]
    target: str
    roles: frozenset[str] = frozenset()
    system: bool = False  # the system (a scheduled job, an automatic match) may make it
    public: bool = False  # anyone may, signed in or not (an act of the public)
    guards: tuple[Guard, ...] = ()
    reason_required: bool = False
    reason_name: Any = ""  # what the reason is for this move, when it is more than a note
    fields: tuple[MoveField, ...] = ()  # the data the move carries, each required
    stamp: Stamp | None = None
    effects: tuple[Effect, ...] = ()
    notify: str = ""  # who hears of the move (the workflow's outbox writes the emails)
    refused: Any = ""  # the message when the record is not in one of `sources`
    # the message for a status of its own, when it says more than `refused` ((status, msg), …)
    refused_from: tuple[tuple[str, Any], ...] = ()
    refused_role: Any = ""  # the message when the actor may not make this move
    stages: tuple[str, ...] = ()  # the stages of the record's context it is open in (see door)
    style: str = "primary"  # the button's look on the pages
    undoes: str = ""  # a correction: the name of the move it undoes

    @property
    def is_act(self) -> bool:
        """A write beside the status, which the status must allow; it changes no status."""
        return not self.target

    def refusal_from(self, status: str, label: Any) -> str:
        """The message when the record's status (`label` its name) is not one of `sources`;
        a message may name the status as `%(status)s`."""
        message = str(
            dict(self.refused_from).get(status)
            or self.refused
            or _("当前状态下不能执行“%(move)s”。") % {"move": self.label}
        )
        return message % {"status": label} if "%(status)s" in message else message

    @property
    def roles_label(self) -> str:
        from award_portal.accounts.models import Role

        return "、".join(str(Role(role).label) for role in sorted(self.roles))

    @property
    def reason_label(self) -> str:
        if self.reason_name:
            if self.reason_required:
                return _("%(name)s（必填）") % {"name": self.reason_name}
            return _("%(name)s（选填）") % {"name": self.reason_name}
        return _("理由（必填）") if self.reason_required else _("说明（选填）")

    @property
    def reason_missing(self) -> str:
        if self.reason_name:
            return _("请填写%(name)s。") % {"name": self.reason_name}
        return _("执行“%(move)s”须填写理由。") % {"move": self.label}

    def clean_data(self, data: Mapping | None) -> dict:
        """The move's fields from `data` (a page's strings or a service's values), checked;
        Refused with the reason otherwise. Data the move does not name passes through."""
        data = dict(data or {})
        for spec in self.fields:
            data[spec.name] = spec.clean(data.get(spec.name))
        return data


def act(name: str, label, sources, roles=frozenset(), **options) -> Move:
    """A write beside the status that the record's status must allow: a move that stays
    where it is. `check()` and `allows()` answer it; `transition()` refuses to make it."""
    return Move(name, label, tuple(sources), "", frozenset(roles), **options)


Door = Callable[[Any, Move, Any], "Refused | None"]
Trail = Callable[[Any, MoveContext], Any]


@dataclass(frozen=True)
class Workflow:
    kind: str
    label: Any
    model: type[models.Model]
    moves: tuple[Move, ...]
    error: Callable[[str], Exception]
    field: str = "status"
    refused_role: Any = ""  # the message when the actor may not make the move
    lock: Callable[[models.QuerySet], models.QuerySet] | None = None
    door: Door | None = None
    trail: Trail | None = None  # writes the kind's own audit record instead of StateChange
    outbox: Effect | None = None  # writes the emails of a move that `notify`s, in its transaction
    already: Any = ""  # the message when the record already has the move's target status
    stamp: Stamp | None = None  # what every move stamps, when the move names no stamp
    acts: tuple[Move, ...] = ()  # writes beside the status that the status must allow
    # rewrites what the kind keeps beside the record for reading, from the record's data
    project: Callable[[Any], None] | None = None

    def move(self, name: str) -> Move:
        """The move or the act called `name`."""
        for move in (*self.moves, *self.acts):
            if move.name == name:
                return move
        raise KeyError(f"{self.kind} has no move {name!r}")

    def available(self, obj, actor) -> list[Move]:
        """The moves the actor could try from the record's status (guards not checked)."""
        status = getattr(obj, self.field)
        return [m for m in self.moves if status in m.sources and _may(m, actor)]

    def refuse(self, message, code: str) -> Exception:
        error = self.error(str(message))
        if isinstance(error, Refused):
            error.code = code
        return error


WORKFLOWS: dict[type[models.Model], Workflow] = {}


def register(workflow: Workflow) -> Workflow:
    WORKFLOWS[workflow.model] = workflow
    return workflow


def workflow_for(obj_or_model) -> Workflow:
    model = obj_or_model if isinstance(obj_or_model, type) else type(obj_or_model)
    return WORKFLOWS[model]


def workflow_of_kind(kind: str) -> Workflow | None:
    """The workflow whose records are of `kind` (as an audit record names them)."""
    return next((w for w in WORKFLOWS.values() if w.kind == kind), None)


def move_label(workflow: Workflow | None, name: str) -> str:
    """The move's name as people read it, or `name` itself when the workflow has no such
    move (a move of an older version, kept in the audit trail)."""
    try:
        return str(workflow.move(name).label) if workflow else name
    except KeyError:
        return name


def status_label(workflow: Workflow | None, status: str) -> str:
    """The status as people read it (the status field's choice), or `status` itself."""
    if not workflow:
        return status
    choices = dict(workflow.model._meta.get_field(workflow.field).flatchoices)
    return str(choices.get(status, status))


def _may(move: Move, actor) -> bool:
    if move.public:
        return True
    if actor is None:
        return move.system
    return bool(getattr(actor, "is_active", False)) and getattr(actor, "role", None) in move.roles


def _door_and_status(workflow: Workflow, obj, move: Move, actor, reason: str) -> Refused | None:
    """The checks every move passes before its data and guards, in the order a user can act
    on: the actor's role, the workflow's door, the record's status, the reason."""
    if not _may(move, actor):
        message = (
            move.refused_role
            or workflow.refused_role
            or _("您的角色不能执行“%(move)s”。") % {"move": move.label}
        )
        return Refused(str(message), code="forbidden")
    if workflow.door is not None and actor is not None:
        refusal = workflow.door(obj, move, actor)
        if refusal is not None:
            return refusal
    current = getattr(obj, workflow.field)
    label = dict(obj._meta.get_field(workflow.field).flatchoices).get(current, current)
    if current == move.target and current not in move.sources and workflow.already:
        return Refused(str(workflow.already % {"status": label}), code="already_done")
    if current not in move.sources:
        return Refused(move.refusal_from(current, label), code="not_allowed")
    if move.reason_required and not reason:
        return Refused(str(move.reason_missing), code="reason_required")
    return None


def _guards_refusal(move: Move, obj, context: MoveContext) -> Refused | None:
    for guard in move.guards:
        message = guard(obj, context)
        if isinstance(message, Refused):  # a guard that names its own code
            return message
        if message:
            return Refused(str(message), code="guard")
    return None


def _vet(
    workflow: Workflow, obj, move: Move, actor, reason: str, data, *, guards: bool = True, **extra
) -> tuple[MoveContext | None, Refused | None]:
    """Every check of a move on `obj`, in order: role, door, status, reason, data, guards
    (unless `guards` is False). Returns the move's context and the first refusal, or None."""
    found = _door_and_status(workflow, obj, move, actor, reason)
    if found is not None:
        return None, found
    try:
        data = move.clean_data(data)
    except Refused as refused:
        return None, refused
    context = MoveContext(
        actor=actor,
        reason=reason,
        data=data,
        source=getattr(obj, workflow.field),
        move=move,
        obj=obj,
        **extra,
    )
    return context, (_guards_refusal(move, obj, context) if guards else None)


def refusal(
    obj, move_name: str, actor, *, reason: str = "", guards: bool = True, **data
) -> Refused | None:
    """Why `actor` may not make the move (or the act) `move_name` on `obj` now, or None when
    they may: the checks `transition()` makes (role, door, status, reason, data and, unless
    `guards` is False, the guards) on the record as given, writing nothing."""
    workflow = workflow_for(obj)
    move = workflow.move(move_name)
    return _vet(workflow, obj, move, actor, (reason or "").strip(), data, guards=guards)[1]


def check(obj, move_name: str, actor, *, reason: str = "", guards: bool = True, **data) -> None:
    """Raise the workflow's error, with its message for the user, unless `actor` may make the
    move (or the act) `move_name` on `obj` now. Writes nothing; see `refusal`."""
    found = refusal(obj, move_name, actor, reason=reason, guards=guards, **data)
    if found is not None:
        raise workflow_for(obj).refuse(found.message, found.code)


def status_allows(obj, move_name: str) -> bool:
    """Whether the record's status is one the move (or the act) `move_name` leaves from; the
    actor, the door, the reason and the guards aside. For a step that is skipped when it is
    already done (a void sheet is not voided again); `transition()` still checks the rest."""
    workflow = workflow_for(obj)
    return getattr(obj, workflow.field) in workflow.move(move_name).sources


def allows(obj, move_name: str, actor, *, reason: str = "", guards: bool = True, **data) -> bool:
    """Whether `actor` may make the move (or the act) `move_name` on `obj` now."""
    return refusal(obj, move_name, actor, reason=reason, guards=guards, **data) is None


def run_move(
    obj,
    move_name: str | Move | Callable[[Any], Move],
    actor,
    *,
    reason: str = "",
    ip: str | None = None,
    internal_note: str = "",
    **data,
) -> MoveContext:
    """Make the move on `obj` and return its context: `context.obj` is the locked, updated
    record and `context.record` its audit record. See `transition`. `move_name` may also be a
    function that picks the move from the locked record (or raises the workflow's error)."""
    workflow = workflow_for(obj)
    reason = (reason or "").strip()
    with transaction.atomic():
        rows = workflow.model.objects.select_for_update(of=("self",))
        if workflow.lock is not None:
            rows = workflow.lock(rows)
        locked = rows.get(pk=obj.pk)
        if isinstance(move_name, Move):
            move = move_name
        elif callable(move_name):
            move = move_name(locked)
        else:
            move = workflow.move(move_name)
        if move.is_act:
            raise ValueError(f"{move.name!r} is an act of {workflow.kind}: it moves no status")
        context, found = _vet(
            workflow, locked, move, actor, reason, data, ip=ip, internal_note=internal_note
        )
        if found is not None:
            raise workflow.refuse(found.message, found.code)
        values = {
            workflow.field: move.target,
            **((move.stamp or workflow.stamp or _nothing)(locked, context)),
        }
        for name, value in values.items():
            setattr(locked, name, value)
        locked.save(update_fields=list(values))
        context.record = (workflow.trail or _state_change)(locked, context)
        for effect in move.effects:
            effect(locked, context)
        if move.notify and workflow.outbox is not None:
            workflow.outbox(locked, context)
        if workflow.project is not None:
            workflow.project(locked)
    if obj is not locked:  # the caller's copy shows the move too
        for name, value in values.items():
            setattr(obj, name, value)
    return context


def project(obj) -> None:
    """Rewrite what the kind keeps beside `obj` for reading (its workflow's `project`) after a
    write that keeps the status: an act, an edit of a field the projection copies. Runs in the
    caller's transaction, which must be open, so the projection changes with the write."""
    workflow = WORKFLOWS.get(type(obj))
    if workflow is None or workflow.project is None:
        return
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("project() runs inside the transaction of the write")
    workflow.project(obj)


def _nothing(_obj, _context: MoveContext) -> dict:
    return {}


def transition(obj, move_name: str, actor, *, reason: str = "", ip: str | None = None, **data):
    """Make the move on `obj`: lock the row, check the actor, the record's status, the reason,
    the move's data and its guards; save the new status with the move's stamp; write one audit
    record; run its effects; write its emails to the outbox (sent after commit). Returns the
    locked, updated record. Refusals raise the workflow's error with a message for the user."""
    return run_move(obj, move_name, actor, reason=reason, ip=ip, **data).obj


def _state_change(obj, context: MoveContext):
    from award_portal.workflow.models import StateChange

    workflow = workflow_for(obj)
    actor = context.actor
    return StateChange.objects.create(
        kind=workflow.kind,
        content_type=ContentType.objects.get_for_model(workflow.model),
        object_id=obj.pk,
        move=context.move.name,
        source=context.source,
        target=context.move.target,
        actor=actor,
        actor_name=getattr(actor, "display_name", "") if actor else "",
        actor_role=getattr(actor, "role", "") if actor else "",
        actor_unit=str(getattr(actor, "unit", None) or "") if actor else "",
        reason=context.reason,
        ip_address=context.ip,
        data=context.audit,
    )


def changes_of(obj) -> list:
    """The audit records of one record, oldest first, each with its move's `move_label`."""
    from award_portal.workflow.models import StateChange

    workflow = WORKFLOWS.get(type(obj))
    changes = list(
        StateChange.objects.filter(
            content_type=ContentType.objects.get_for_model(type(obj)), object_id=obj.pk
        ).select_related("actor")
    )
    for change in changes:
        change.move_label = move_label(workflow, change.move)
    return changes
