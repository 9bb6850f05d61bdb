"""The transition engine shared by every kind of record with a status.

A kind declares a `Workflow`: its model, the field holding the status, the error its refusals
raise, and its moves. A `Move` is data: the statuses it leaves from, the one it goes to, the
roles that may make it (or the system, with no actor), its guards (callables, in order, each
returning a refusal message or None), whether it needs a reason, what it stamps on the record
with the new status, its effects inside the transaction and its notifications after commit.
`transition()` is the only code that writes a status of a registered kind.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.utils.translation import gettext as _

Guard = Callable[[Any, "MoveContext"], "str | None"]
Effect = Callable[[Any, "MoveContext"], None]
Stamp = Callable[[Any, "MoveContext"], Mapping[str, Any]]


@dataclass
class MoveContext:
    """What a guard, a stamp or an effect knows about the move being made."""

    actor: Any  # a User, or None for the system
    reason: str
    data: dict[str, Any]
    source: str = ""
    ip: str | None = None
    audit: dict[str, Any] = field(default_factory=dict)  # extra data kept in the record


@dataclass(frozen=True)
class Move:
    name: str
    label: Any
    sources: tuple[str, ...]
    target: str
    roles: frozenset[str] = frozenset()
    system: bool = False  # the system (a scheduled job, an automatic match) may make it
    guards: tuple[Guard, ...] = ()
    reason_required: bool = False
    stamp: Stamp | None = None
    effects: tuple[Effect, ...] = ()
    notify: Effect | None = None  # run after commit
    refused: Any = ""  # the message when the record is not in one of `sources`


@dataclass(frozen=True)
class Workflow:
    kind: str
    label: Any
    model: type[models.Model]
    moves: tuple[Move, ...]
    error: Callable[[str], Exception]
    field: str = "state"
    refused_role: Any = ""  # the message when the actor may not make the move
    lock: Callable[[models.QuerySet], models.QuerySet] | None = None

    def move(self, name: str) -> Move:
        for move in self.moves:
            if move.name == name:
                return move
        raise KeyError(f"{self.kind} has no move {name!r}")

    def available(self, obj, actor) -> list[Move]:
        """The moves the actor could try from the record's status (guards not checked)."""
        state = getattr(obj, self.field)
        return [m for m in self.moves if state in m.sources and _may(m, actor)]


WORKFLOWS: dict[type[models.Model], Workflow] = {}


def register(workflow: Workflow) -> Workflow:
    WORKFLOWS[workflow.model] = workflow
    return workflow


def workflow_for(obj_or_model) -> Workflow:
    model = obj_or_model if isinstance(obj_or_model, type) else type(obj_or_model)
    return WORKFLOWS[model]


def _may(move: Move, actor) -> bool:
    if actor is None:
        return move.system
    return bool(getattr(actor, "is_active", False)) and getattr(actor, "role", None) in move.roles


def transition(obj, move_name: str, actor, *, reason: str = "", ip: str | None = None, **data):
    """Make the move on `obj`: lock the row, check the status, the actor, the reason and the
    guards; save the new status with the move's stamp; run its effects; write one audit record;
    queue its notifications after commit. Returns the locked, updated record. Refusals raise
    the workflow's error with a message for the user."""
    from award_portal.workflow.models import StateChange

    workflow = workflow_for(obj)
    move = workflow.move(move_name)
    reason = (reason or "").strip()
    with transaction.atomic():
        rows = workflow.model.objects.select_for_update(of=("self",))
        if workflow.lock is not None:
            rows = workflow.lock(rows)
        locked = rows.get(pk=obj.pk)
        source = getattr(locked, workflow.field)
        if not _may(move, actor):
            raise workflow.error(str(workflow.refused_role or _("您无权执行此操作。")))
        if source not in move.sources:
            raise workflow.error(
                str(move.refused or _("当前状态下不能执行“%(move)s”。") % {"move": move.label})
            )
        if move.reason_required and not reason:
            raise workflow.error(_("请填写理由。"))
        context = MoveContext(actor=actor, reason=reason, data=data, source=source, ip=ip)
        for guard in move.guards:
            message = guard(locked, context)
            if message:
                raise workflow.error(str(message))
        values = {
            workflow.field: move.target,
            **(move.stamp(locked, context) if move.stamp else {}),
        }
        for name, value in values.items():
            setattr(locked, name, value)
        locked.save(update_fields=list(values))
        for effect in move.effects:
            effect(locked, context)
        StateChange.objects.create(
            kind=workflow.kind,
            content_type=ContentType.objects.get_for_model(workflow.model),
            object_id=locked.pk,
            move=move.name,
            source=source,
            target=move.target,
            actor=actor,
            actor_name=getattr(actor, "display_name", "") if actor else "",
            actor_role=getattr(actor, "role", "") if actor else "",
            actor_unit=str(getattr(actor, "unit", None) or "") if actor else "",
            reason=reason,
            ip_address=ip,
            data=context.audit,
        )
        if move.notify is not None:
            transaction.on_commit(lambda: move.notify(locked, context))
    return locked


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
        try:
            change.move_label = str(workflow.move(change.move).label) if workflow else change.move
        except KeyError:
            change.move_label = change.move
    return changes
