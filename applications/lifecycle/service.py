"""Moving applications and editions: the calls the stages' services and pages make.

Each call finds the move in the kind's table (registered with the engine) and hands it to
`award_portal.workflow.engine`, which locks the row, checks, saves and audits it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from django.db import transaction
from django.utils.translation import gettext as _

from applications.lifecycle.rules import TransitionError, actor_may_touch, next_stage_of
from applications.models import Application, ApplicationEvent, Edition, EditionEvent, Status
from award_portal.accounts.models import User
from award_portal.workflow.engine import Move, MoveContext, run_move, workflow_for


def _moves(*, corrections: bool) -> list[Move]:
    return [m for m in workflow_for(Application).moves if bool(m.undoes) == corrections]


def find_move(source: str, target: str, *, correction: bool = False) -> Move | None:
    for move in _moves(corrections=correction):
        if source in move.sources and move.target == target:
            return move
    return None


def transition(
    *,
    application: Application,
    to: str,
    actor: User,
    reason: str = "",
    internal_note: str = "",
    ip: str | None = None,
    extra: dict | None = None,
    data: Mapping | None = None,
    correction: bool = False,
) -> ApplicationEvent:
    """Move `application` to status `to` on behalf of `actor`, or raise TransitionError.

    The move is the table's move from the application's status to `to` (with
    `correction=True`, the administrator's correction instead); the engine locks the row and
    checks the move against the actor's role and unit, the edition's stage, the reason, the
    move's data (`data`, see `Move.fields`) and its guards, so two people pressing the same
    button at once produce exactly one move and one audit record. `extra` carries records a
    guard reads (the upheld objection behind a move)."""

    def pick(locked: Application) -> Move:
        move = find_move(locked.status, to, correction=correction)
        if move is not None:
            return move
        if locked.status == to:
            raise TransitionError(
                _("该申报已经是“%(status)s”状态，无需重复操作。") % {"status": Status(to).label},
                code="already_done",
            )
        raise TransitionError(
            _("当前状态“%(source)s”不能变更为“%(target)s”。")
            % {"source": Status(locked.status).label, "target": Status(to).label},
            code="not_allowed",
        )

    context = run_move(
        application,
        pick,
        actor,
        reason=reason,
        ip=ip,
        internal_note=internal_note,
        **(extra or {}),
        **dict(data or {}),
    )
    return context.record


def transition_many(
    *,
    applications: Iterable[Application],
    to: str,
    actor: User,
    reason: str = "",
    ip: str | None = None,
) -> tuple[list[ApplicationEvent], dict[int, str]]:
    """Apply one move to several applications; each is its own atomic move.

    Returns the events of the moves made and, per refused application id, the reason.
    """
    events, refused = [], {}
    for application in applications:
        try:
            events.append(
                transition(application=application, to=to, actor=actor, reason=reason, ip=ip)
            )
        except TransitionError as exc:
            refused[application.pk] = exc.message
    return events, refused


def allowed_moves(application: Application, actor: User) -> list[Move]:
    """The moves this actor could make now: what the pages show as buttons.

    Guards are not run here (they may be costly); the engine runs them on submit.
    """
    if not actor.is_authenticated:
        return []
    moves = [
        move
        for move in _moves(corrections=False)
        if application.status in move.sources
        and actor.role in move.roles
        and (not move.stages or application.edition.stage in move.stages)
    ]
    if moves and not actor_may_touch(application, actor):
        return []
    return moves


def allowed_corrections(application: Application, actor: User) -> list[Move]:
    """The corrections this actor could make now: at most one, the undoing of the latest
    move. Unlike `allowed_moves`, the guards run here: they are the whole rule, and cheap."""
    if not actor.is_authenticated or not actor.is_active:
        return []
    corrections = []
    for correction in _moves(corrections=True):
        if application.status not in correction.sources or actor.role not in correction.roles:
            continue
        ctx = MoveContext(actor=actor, reason="", data={}, move=correction, obj=application)
        if all(guard(application, ctx) is None for guard in correction.guards):
            corrections.append(correction)
    return corrections


# --- the edition's stages -------------------------------------------------------------------


def next_stage(edition: Edition) -> str | None:
    return next_stage_of(edition.stage)


def _close_move(edition: Edition) -> Move | None:
    try:
        return workflow_for(Edition).move(f"close_{edition.stage}")
    except KeyError:
        return None


def stage_blockers(edition: Edition) -> list[str]:
    """Why the edition's current stage cannot close yet (empty when it can)."""
    move = _close_move(edition)
    if move is None:
        return []
    ctx = MoveContext(actor=None, reason="", data={"blockers_only": True}, move=move, obj=edition)
    return [message for guard in move.guards if (message := guard(edition, ctx))]


def advance_edition(*, edition: Edition, actor: User, reason: str = "") -> EditionEvent:
    """Close the edition's current stage and open the next one, or raise TransitionError."""
    move = _close_move(edition)
    if move is None:
        raise TransitionError(_("本届评选已经结束。"), code="not_allowed")
    return run_move(edition, move, actor, reason=reason).record


def open_edition(*, edition: Edition, actor: User, reason: str = "") -> EditionEvent:
    """Record that a newly published edition starts at its first stage (自愿申报).

    Called by the service that publishes the call notice, inside its transaction, with the
    edition's row already locked. An edition is made in its first stage: this writes the
    start of its trail, not a change of stage.
    """
    first = workflow_for(Edition).moves[0].sources[0]
    if edition.stage != first:
        raise TransitionError(
            _("本届评选已处于“%(stage)s”阶段，不能重新开始。")
            % {"stage": edition.get_stage_display()},
            code="already_done",
        )
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("open_edition runs inside the publishing transaction")
    return EditionEvent.objects.create(
        edition=edition,
        from_stage="",
        to_stage=first,
        actor=actor,
        actor_name=actor.display_name,
        reason=reason.strip(),
    )
