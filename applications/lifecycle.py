"""The award's lifecycle: every allowed move of an application, written once, as data.

`MOVES` is the single source of truth. The transition service below, the buttons on the
pages, the admin, the lifecycle diagram and `LIFECYCLE.md` all read it. Nothing else in the
code sets an application's status or an edition's stage.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from applications import stage_dates
from applications.models import (
    Application,
    ApplicationEvent,
    Edition,
    EditionEvent,
    Stage,
    Status,
)
from award_portal.accounts.models import ApplicantKind, Role, User

# --- the table --------------------------------------------------------------------------------

APPLICANT = frozenset({Role.APPLICANT})
UNIT = frozenset({Role.UNIT_OFFICER})
OFFICE = frozenset({Role.CITY_OFFICE})
LEADER = frozenset({Role.LEADER})
ADMIN = frozenset({Role.ADMIN})


@dataclass(frozen=True)
class MoveField:
    """A piece of data a move needs beside its reason (a document number, a date). Every page
    that offers the move asks for it, and the transition refuses the move without it."""

    name: str
    label: str
    kind: str = "text"  # "text" or "date"
    max_length: int = 60
    not_after_today: bool = False  # a date of a decision already taken

    @property
    def input_type(self) -> str:
        return "date" if self.kind == "date" else "text"


@dataclass(frozen=True)
class Move:
    """One allowed move: from any of `sources` to `target`, by one of `roles`.

    `reason_name` says what the reason is for this move (the unit's opinion, the grounds of a
    revocation) when it is more than a note; `fields` is the further data the move needs, and
    `effects` the records the move writes beside the status, in the same transaction, so every
    page that makes the move gets the same result.
    """

    name: str
    label: str
    sources: tuple[str, ...]
    target: str
    roles: frozenset[str]
    stages: tuple[str, ...] = ()
    guards: tuple[str, ...] = ()
    reason_required: bool = False
    reason_name: str = ""
    fields: tuple[MoveField, ...] = ()
    effects: tuple[str, ...] = ()
    notify: str = ""  # "applicant", "unit" or "office": who hears of the move
    style: str = "primary"  # the button's look on the pages
    undoes: str = ""  # a correction: the name of the move it undoes

    def get_target_display(self) -> str:
        return str(Status(self.target).label)

    @property
    def roles_label(self) -> str:
        return "、".join(str(Role(r).label) for r in sorted(self.roles))

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


REVIEW_STATUSES = (
    Status.MATERIAL_REVIEW,
    Status.ONSITE_REVIEW,
    Status.DEFENSE,
    Status.DELIBERATION,
)
PRECHECK_STAGES = (Stage.APPLICATION, Stage.PRECHECK)

MOVES: tuple[Move, ...] = (
    Move(
        "submit",
        gettext_lazy("提交申报"),
        (Status.DRAFT,),
        Status.SUBMITTED,
        APPLICANT,
        stages=(Stage.APPLICATION,),
        guards=(
            "application_window_open",
            "application_complete",
            "internal_publicity_done",
            "email_verified",
        ),
        notify="unit",
    ),
    Move(
        "resubmit",
        gettext_lazy("修改后重新提交"),
        (Status.RETURNED,),
        Status.SUBMITTED,
        APPLICANT,
        stages=PRECHECK_STAGES,
        guards=("application_complete", "internal_publicity_done", "email_verified"),
        notify="unit",
    ),
    Move(
        "withdraw",
        gettext_lazy("撤回申报"),
        (Status.DRAFT, Status.SUBMITTED, Status.RETURNED),
        Status.WITHDRAWN,
        APPLICANT,
        style="outline-danger",
    ),
    Move(
        "return",
        gettext_lazy("退回修改"),
        (Status.SUBMITTED,),
        Status.RETURNED,
        UNIT,
        stages=PRECHECK_STAGES,
        reason_required=True,
        notify="applicant",
        style="outline-warning",
    ),
    Move(
        "recommend",
        gettext_lazy("推荐"),
        (Status.SUBMITTED,),
        Status.RECOMMENDED,
        UNIT,
        stages=PRECHECK_STAGES,
        guards=(
            "before_recommendation_deadline",
            "precheck_done",
            "county_departments_consulted",
        ),
        # The reason of a recommendation is the unit's 初核和推荐意见, kept with the pre-check
        # for the recommendation letter, the office's pages and the lists.
        reason_required=True,
        reason_name=gettext_lazy("初核和推荐意见"),
        effects=("keep_unit_opinion",),
        notify="office",
        style="success",
    ),
    Move(
        "not_recommend",
        gettext_lazy("不予推荐"),
        (Status.SUBMITTED,),
        Status.NOT_RECOMMENDED,
        UNIT,
        stages=PRECHECK_STAGES,
        reason_required=True,
        notify="applicant",
        style="outline-danger",
    ),
    Move(
        "accept",
        gettext_lazy("予以受理"),
        (Status.RECOMMENDED,),
        Status.ACCEPTED,
        OFFICE,
        stages=(Stage.ACCEPTANCE,),
        guards=("acceptance_checked", "department_objections_resolved"),
        notify="applicant",
        style="success",
    ),
    Move(
        "not_accept",
        gettext_lazy("不予受理"),
        (Status.RECOMMENDED,),
        Status.NOT_ACCEPTED,
        OFFICE,
        stages=(Stage.ACCEPTANCE,),
        reason_required=True,
        notify="applicant",
        style="outline-danger",
    ),
    Move(
        "withdraw_acceptance",
        gettext_lazy("异议成立，撤销受理"),
        (Status.ACCEPTED,),
        Status.NOT_ACCEPTED,
        OFFICE,
        stages=(Stage.ACCEPTANCE,),
        guards=("objection_upheld",),
        reason_required=True,
        notify="applicant",
        style="outline-danger",
    ),
    Move(
        "start_material_review",
        gettext_lazy("进入材料评审"),
        (Status.ACCEPTED,),
        Status.MATERIAL_REVIEW,
        OFFICE,
        stages=(Stage.MATERIAL_REVIEW,),
    ),
    Move(
        "advance_to_onsite",
        gettext_lazy("进入现场评审"),
        (Status.MATERIAL_REVIEW,),
        Status.ONSITE_REVIEW,
        OFFICE,
        stages=(Stage.MATERIAL_REVIEW,),
        guards=("review_round_closed",),
        notify="applicant",
    ),
    Move(
        "advance_to_defense",
        gettext_lazy("进入陈述答辩"),
        (Status.ONSITE_REVIEW,),
        Status.DEFENSE,
        OFFICE,
        stages=(Stage.ONSITE_REVIEW,),
        guards=("organizations_only", "review_round_closed"),
        notify="applicant",
    ),
    Move(
        "advance_to_deliberation",
        gettext_lazy("进入审议（个人）"),
        (Status.ONSITE_REVIEW,),
        Status.DELIBERATION,
        OFFICE,
        stages=(Stage.ONSITE_REVIEW,),
        guards=("individuals_only", "review_round_closed"),
    ),
    Move(
        "defense_to_deliberation",
        gettext_lazy("进入审议"),
        (Status.DEFENSE,),
        Status.DELIBERATION,
        OFFICE,
        stages=(Stage.DEFENSE,),
        guards=("organizations_only", "review_round_closed"),
    ),
    Move(
        "eliminate",
        gettext_lazy("未通过本阶段"),
        REVIEW_STATUSES,
        Status.ELIMINATED,
        OFFICE,
        guards=("application_in_edition_stage",),
        reason_required=True,
        notify="applicant",
        style="outline-danger",
    ),
    Move(
        "propose",
        gettext_lazy("列入拟获奖建议名单"),
        (Status.DELIBERATION,),
        Status.PROPOSED,
        OFFICE,
        stages=(Stage.DELIBERATION,),
        guards=("within_quota",),
        style="success",
    ),
    Move(
        "unpropose",
        gettext_lazy("退回审议"),
        (Status.PROPOSED,),
        Status.DELIBERATION,
        OFFICE | LEADER,
        stages=(Stage.DELIBERATION,),
        reason_required=True,
        style="outline-warning",
    ),
    Move(
        "approve",
        gettext_lazy("领导小组审议通过"),
        (Status.PROPOSED,),
        Status.APPROVED,
        LEADER | OFFICE,
        stages=(Stage.DELIBERATION,),
        guards=("leadership_decision_recorded",),
        style="success",
    ),
    Move(
        "disqualify",
        gettext_lazy("异议成立，取消资格"),
        (Status.APPROVED,),
        Status.DISQUALIFIED,
        OFFICE,
        stages=(Stage.DELIBERATION,),
        guards=("objection_upheld",),
        reason_required=True,
        notify="applicant",
        style="outline-danger",
    ),
    Move(
        "award",
        gettext_lazy("表扬授奖"),
        (Status.APPROVED,),
        Status.AWARDED,
        OFFICE,
        stages=(Stage.COMMENDATION,),
        guards=("winner_publicity_passed", "government_approval_recorded"),
        notify="applicant",
        style="success",
    ),
    Move(
        "revoke",
        gettext_lazy("撤销奖励"),
        (Status.AWARDED,),
        Status.REVOKED,
        OFFICE,
        # The revocation is recorded beside the certificate, which the public check then
        # reports as revoked.
        reason_required=True,
        reason_name=gettext_lazy("撤销理由"),
        fields=(
            MoveField("document_number", gettext_lazy("撤销文号")),
            MoveField("decided_on", gettext_lazy("撤销日期"), kind="date", not_after_today=True),
        ),
        effects=("record_revocation",),
        notify="applicant",
        style="outline-danger",
    ),
)

_BY_PAIR: dict[tuple[str, str], Move] = {}
for _move in MOVES:
    for _source in _move.sources:
        if (_source, _move.target) in _BY_PAIR:
            raise AssertionError(f"two moves from {_source} to {_move.target}")
        _BY_PAIR[(_source, _move.target)] = _move
MOVES_BY_NAME: dict[str, Move] = {m.name: m for m in MOVES}

# The review stage an application is in while it has a given status; "eliminated" records it.
STAGE_OF_STATUS: dict[str, str] = {
    Status.MATERIAL_REVIEW: Stage.MATERIAL_REVIEW,
    Status.ONSITE_REVIEW: Stage.ONSITE_REVIEW,
    Status.DEFENSE: Stage.DEFENSE,
    Status.DELIBERATION: Stage.DELIBERATION,
}

TERMINAL_STATUSES = frozenset(
    {
        Status.NOT_RECOMMENDED,
        Status.NOT_ACCEPTED,
        Status.ELIMINATED,
        Status.DISQUALIFIED,
        Status.WITHDRAWN,
        Status.REVOKED,
    }
)


def find_move(source: str, target: str) -> Move | None:
    return _BY_PAIR.get((source, target))


# --- corrections --------------------------------------------------------------------------------
# A move made in error (the wrong button, the wrong application) is put right by the system
# administrator, in the admin, and only in this way: a correction undoes the application's
# latest move, back to the status it came from, with a reason, through `transition`, so the
# audit trail records it like any other move. The rule is the smallest that covers a slip:
#   - only the moves people make with a button on one application in stages 1-3; the later
#     moves are applied from records of their own (advancement decisions, proposed lists,
#     leadership decisions, approvals, revocations, upheld objections), which are what gets
#     corrected, by their services;
#   - only the latest move of the application, while the edition is still in the stage in
#     which it was made, and not once the application is on a published list;
#   - one step: a correction is not itself corrected; the people whose move it was make it
#     again. The admin never makes the moves of the table in their place.
# The corrections are derived from MOVES, one per edge, so they cannot drift from it.

CORRECTABLE_MOVES = (
    "submit",
    "resubmit",
    "withdraw",
    "return",
    "recommend",
    "not_recommend",
    "accept",
    "not_accept",
)


def _corrections() -> tuple[Move, ...]:
    corrections = []
    for name in CORRECTABLE_MOVES:
        move = MOVES_BY_NAME[name]
        for source in move.sources:
            corrections.append(
                Move(
                    f"undo_{move.name}",
                    format_lazy(gettext_lazy("更正：撤销“{move}”"), move=move.label),
                    (move.target,),
                    source,
                    ADMIN,
                    guards=("undoes_latest_move", "not_on_a_published_list"),
                    reason_required=True,
                    style="outline-secondary",
                    undoes=move.name,
                )
            )
    return tuple(corrections)


CORRECTIONS: tuple[Move, ...] = _corrections()
_CORRECTION_BY_PAIR: dict[tuple[str, str], Move] = {
    (c.sources[0], c.target): c for c in CORRECTIONS
}


def find_correction(source: str, target: str) -> Move | None:
    return _CORRECTION_BY_PAIR.get((source, target))


# --- guards -------------------------------------------------------------------------------------
# A guard returns None when the move may go ahead, or the Chinese reason why it may not.
# Later stages register their own checks with `@guard("name")`; a guard that is named in the
# table but never registered refuses every move (see `check_guard`), so nothing slips through.


@dataclass
class GuardContext:
    application: Application
    actor: User
    move: Move
    extra: dict = field(default_factory=dict)
    reason: str = ""
    data: dict = field(default_factory=dict)  # the move's fields, checked (see clean_data)


Guard = Callable[[GuardContext], "str | None"]
GUARDS: dict[str, Guard] = {}


def guard(name: str) -> Callable[[Guard], Guard]:
    def register(func: Guard) -> Guard:
        GUARDS[name] = func
        return func

    return register


# --- effects ------------------------------------------------------------------------------------
# An effect writes what a move means beside the status (a revocation record, the unit's opinion)
# inside the move's transaction, after the status and the audit record: the move and its records
# are saved together or not at all, whichever page made it. Later stages register theirs with
# `@effect("name")`; a move naming an effect that is not registered is refused before anything
# is written.

Effect = Callable[[GuardContext, ApplicationEvent], None]
EFFECTS: dict[str, Effect] = {}


def effect(name: str) -> Callable[[Effect], Effect]:
    def register(func: Effect) -> Effect:
        EFFECTS[name] = func
        return func

    return register


def check_guard(name: str, ctx: GuardContext) -> str | None:
    func = GUARDS.get(name)
    if func is None:
        return _("该操作的前提条件“%(name)s”尚未配置，暂不能执行。") % {"name": name}
    return func(ctx)


@guard("organizations_only")
def _organizations_only(ctx: GuardContext) -> str | None:
    if ctx.application.category.kind != ApplicantKind.ORGANIZATION:
        return _("陈述答辩仅适用于申报组织。")
    return None


@guard("individuals_only")
def _individuals_only(ctx: GuardContext) -> str | None:
    if ctx.application.category.kind != ApplicantKind.INDIVIDUAL:
        return _("申报组织须经过陈述答辩后方可进入审议。")
    return None


@guard("application_window_open")
def _application_window_open(ctx: GuardContext) -> str | None:
    opens = ctx.application.edition.applications_open
    if timezone.localdate() < opens:
        return _("申报将于 %(date)s 开始受理，届时方可提交。") % {
            "date": opens.strftime("%Y-%m-%d")
        }
    return None


@guard("undoes_latest_move")
def _undoes_latest_move(ctx: GuardContext) -> str | None:
    application = ctx.application
    latest = application.events.order_by("-at", "-id").first()
    if (
        latest is None
        or latest.move != ctx.move.undoes
        or (latest.from_status, latest.to_status) != (ctx.move.target, application.status)
    ):
        return _("只能更正这份申报最近的一次操作（“%(move)s”不是它最近的操作）。") % {
            "move": MOVES_BY_NAME[ctx.move.undoes].label
        }
    if application.edition.events.filter(at__gt=latest.at).exists():
        return _("该操作之后本届评选已进入下一阶段，不能再更正。")
    return None


@guard("application_in_edition_stage")
def _application_in_edition_stage(ctx: GuardContext) -> str | None:
    stage = STAGE_OF_STATUS.get(ctx.application.status)
    if stage != ctx.application.edition.stage:
        return _("只能淘汰处于当前评审阶段的申报。")
    return None


# --- errors -------------------------------------------------------------------------------------


class TransitionError(Exception):
    """A refused move. `message` is Chinese and is shown to the user as is."""

    def __init__(self, message: str, *, code: str = "refused"):
        super().__init__(message)
        self.message = message
        self.code = code

    def __str__(self) -> str:
        return self.message


# --- who may act --------------------------------------------------------------------------------


def actor_may_touch(application: Application, actor: User) -> bool:
    """Whether the actor acts for this application (owner, unit, office …) at all."""
    if actor.role == Role.APPLICANT:
        return (
            application.owner_id == actor.pk
            or application.collaborators.filter(pk=actor.pk).exists()
        )
    if actor.role == Role.UNIT_OFFICER:
        return actor.unit_id is not None and application.unit_id == actor.unit_id
    return actor.role in {Role.CITY_OFFICE, Role.LEADER, Role.ADMIN}


def _refusal(application: Application, move: Move | None, actor: User, target: str, reason: str):
    """Why this move is refused, or None. Checks in the order a user can act on."""
    if application.status == target:
        return TransitionError(
            _("该申报已经是“%(status)s”状态，无需重复操作。") % {"status": Status(target).label},
            code="already_done",
        )
    if move is None:
        return TransitionError(
            _("当前状态“%(source)s”不能变更为“%(target)s”。")
            % {"source": Status(application.status).label, "target": Status(target).label},
            code="not_allowed",
        )
    if actor.role not in move.roles or not actor.is_active:
        return TransitionError(
            _("您的角色不能执行“%(move)s”。") % {"move": move.label}, code="forbidden"
        )
    if not actor_may_touch(application, actor):
        return TransitionError(_("您无权处理这份申报。"), code="forbidden")
    if move.stages and application.edition.stage not in move.stages:
        return TransitionError(
            _("本届评选当前处于“%(stage)s”阶段，不能执行“%(move)s”。")
            % {"stage": Stage(application.edition.stage).label, "move": move.label},
            code="wrong_stage",
        )
    if move.reason_required and not reason.strip():
        return TransitionError(move.reason_missing, code="reason_required")
    return None


def _parse_date(value) -> date | None:
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value).strip())
    except ValueError:
        return None


def clean_data(move: Move, data: Mapping | None) -> dict:
    """The move's fields from `data` (a page's strings or a service's values), checked, or
    TransitionError with the Chinese reason. Every field a move names is required."""
    data = data or {}
    cleaned: dict = {}
    for spec in move.fields:
        value = data.get(spec.name)
        if isinstance(value, str):
            value = value.strip()
        if value is None or value == "":
            raise TransitionError(
                _("请填写%(label)s。") % {"label": spec.label}, code="data_required"
            )
        if spec.kind == "date":
            day = _parse_date(value)
            if day is None:
                raise TransitionError(
                    _("%(label)s不是有效的日期，请按“年-月-日”填写，如 2023-06-15。")
                    % {"label": spec.label},
                    code="data_invalid",
                )
            if spec.not_after_today and day > timezone.localdate():
                raise TransitionError(
                    _("%(label)s不能晚于今天。") % {"label": spec.label}, code="data_invalid"
                )
            cleaned[spec.name] = day
        else:
            value = str(value)
            if len(value) > spec.max_length:
                raise TransitionError(
                    _("%(label)s不能超过 %(count)d 个字。")
                    % {"label": spec.label, "count": spec.max_length},
                    code="data_invalid",
                )
            cleaned[spec.name] = value
    return cleaned


def allowed_moves(application: Application, actor: User) -> list[Move]:
    """The moves this actor could make now: what the pages show as buttons.

    Guards are not run here (they may be costly); the service runs them on submit.
    """
    if not actor.is_authenticated:
        return []
    moves = []
    for move in MOVES:
        if application.status not in move.sources or actor.role not in move.roles:
            continue
        if move.stages and application.edition.stage not in move.stages:
            continue
        moves.append(move)
    if moves and not actor_may_touch(application, actor):
        return []
    return moves


def allowed_corrections(application: Application, actor: User) -> list[Move]:
    """The corrections this actor could make now: at most one, the undoing of the latest
    move. Unlike `allowed_moves`, the guard runs here: it is the whole rule, and cheap."""
    if not actor.is_authenticated or not actor.is_active:
        return []
    corrections = []
    for correction in CORRECTIONS:
        if application.status not in correction.sources or actor.role not in correction.roles:
            continue
        ctx = GuardContext(application=application, actor=actor, move=correction)
        if all(check_guard(name, ctx) is None for name in correction.guards):
            corrections.append(correction)
    return corrections


def _effects(move: Move, application: Application, now) -> dict:
    """The fields a move writes besides the status."""
    if move.undoes:  # a correction puts back what the undone move wrote
        changes = {}
        if move.target == Status.DRAFT:
            changes["submitted_at"] = None
        if move.undoes == "return":  # the notes belong to the return being undone
            changes["return_notes"] = {}
        return changes
    if move.target == Status.ELIMINATED:
        return {"eliminated_stage": STAGE_OF_STATUS[application.status]}
    if move.target == Status.SUBMITTED:
        return {"submitted_at": now}
    return {}


# --- the one service ----------------------------------------------------------------------------


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

    The row is locked, the move is checked against the table, the actor's role and unit, the
    move's data (`data`, see `Move.fields`) and its guards, and the status is written with a
    conditional update, so two people pressing the same button at once produce exactly one
    move and one audit record. The move's effects write their records in the same
    transaction. With `correction=True` the move is looked up among the administrator's
    CORRECTIONS instead of MOVES.
    """
    from applications.notifications import queue_notifications

    reason = (reason or "").strip()
    with transaction.atomic():
        locked = (
            Application.objects.select_for_update(of=("self",))
            .select_related("edition", "category", "unit", "owner")
            .get(pk=application.pk)
        )
        move = (find_correction if correction else find_move)(locked.status, to)
        refusal = _refusal(locked, move, actor, to, reason)
        if refusal is not None:
            raise refusal
        ctx = GuardContext(
            application=locked,
            actor=actor,
            move=move,
            extra=extra or {},
            reason=reason,
            data=clean_data(move, data),
        )
        missing = [name for name in move.effects if name not in EFFECTS]
        if missing:
            raise TransitionError(
                _("该操作的处理环节“%(name)s”尚未配置，暂不能执行。")
                % {"name": "、".join(missing)},
                code="guard",
            )
        for name in move.guards:
            message = check_guard(name, ctx)
            if message:
                raise TransitionError(message, code="guard")

        now = timezone.now()
        changes: dict = {"status": to, "updated_at": now, **_effects(move, locked, now)}
        updated = Application.objects.filter(pk=locked.pk, status=locked.status).update(**changes)
        if updated != 1:  # another writer got there first (only possible without row locks)
            raise TransitionError(_("该申报刚刚已被他人处理，请刷新页面。"), code="already_done")
        event = ApplicationEvent.objects.create(
            application=locked,
            move=move.name,
            from_status=locked.status,
            to_status=to,
            actor=actor,
            actor_name=actor.display_name,
            actor_role=actor.role,
            actor_unit=actor.unit.name if actor.unit_id else actor.organization_name,
            reason=reason,
            internal_note=internal_note,
            ip_address=ip,
        )
        for name, value in changes.items():
            setattr(locked, name, value)
        for name in move.effects:
            EFFECTS[name](ctx, event)
        queue_notifications(event=event, move=move, application=locked)

    for name, value in changes.items():
        setattr(application, name, value)
    return event


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


# --- the edition's stages -----------------------------------------------------------------------

STAGE_ORDER: tuple[str, ...] = tuple(Stage.values)

# Applications in these statuses are still undecided in the stage: it cannot close.
UNDECIDED_IN_STAGE: dict[str, tuple[str, ...]] = {
    Stage.APPLICATION: (),
    Stage.PRECHECK: (Status.SUBMITTED, Status.RETURNED),
    Stage.ACCEPTANCE: (Status.RECOMMENDED,),
    Stage.MATERIAL_REVIEW: (Status.MATERIAL_REVIEW,),
    Stage.ONSITE_REVIEW: (Status.ONSITE_REVIEW,),
    Stage.DEFENSE: (Status.DEFENSE,),
    Stage.DELIBERATION: (Status.DELIBERATION, Status.PROPOSED),
    Stage.COMMENDATION: (Status.APPROVED,),
    Stage.CLOSED: (),
}

# Checks a stage must pass before it closes, registered by later stages: name -> function
# (edition) -> Chinese reason or None.
STAGE_GUARDS: dict[str, list[Callable[[Edition], str | None]]] = {s: [] for s in STAGE_ORDER}


def stage_guard(stage: str):
    def register(func):
        STAGE_GUARDS[stage].append(func)
        return func

    return register


def next_stage(edition: Edition) -> str | None:
    index = STAGE_ORDER.index(edition.stage)
    return STAGE_ORDER[index + 1] if index + 1 < len(STAGE_ORDER) else None


def stage_blockers(edition: Edition) -> list[str]:
    """Why the edition's current stage cannot close yet (empty when it can)."""
    blockers = []
    undecided = UNDECIDED_IN_STAGE.get(edition.stage, ())
    if undecided:
        count = Application.objects.filter(edition=edition, status__in=undecided).count()
        if count:
            blockers.append(_("本阶段还有 %(count)d 份申报尚未处理完毕。") % {"count": count})
    for check in STAGE_GUARDS.get(edition.stage, []):
        message = check(edition)
        if message:
            blockers.append(message)
    return blockers


def advance_edition(*, edition: Edition, actor: User, reason: str = "") -> EditionEvent:
    """Close the edition's current stage and open the next one, or raise TransitionError."""
    if actor.role != Role.CITY_OFFICE or not actor.is_active:
        raise TransitionError(_("只有市质量强市办可以推进评选阶段。"), code="forbidden")
    with transaction.atomic():
        locked = Edition.objects.select_for_update().get(pk=edition.pk)
        if locked.stage != edition.stage:
            raise TransitionError(
                _("本届评选已进入“%(stage)s”阶段，请刷新页面。")
                % {"stage": Stage(locked.stage).label},
                code="already_done",
            )
        target = next_stage(locked)
        if target is None:
            raise TransitionError(_("本届评选已经结束。"), code="not_allowed")
        blockers = stage_blockers(locked)
        if blockers:
            raise TransitionError(" ".join(blockers), code="guard")
        early = stage_dates.early_close(locked)
        if early and not reason.strip():
            raise TransitionError(early, code="reason_required")
        Edition.objects.filter(pk=locked.pk, stage=locked.stage).update(stage=target)
        event = EditionEvent.objects.create(
            edition=locked,
            from_stage=locked.stage,
            to_stage=target,
            actor=actor,
            actor_name=actor.display_name,
            reason=reason.strip(),
        )
        if target == Stage.MATERIAL_REVIEW:
            # Everything accepted enters material review together, each as its own audited move.
            accepted = Application.objects.filter(edition=locked, status=Status.ACCEPTED)
            for application in accepted:
                transition(
                    application=application,
                    to=Status.MATERIAL_REVIEW,
                    actor=actor,
                    reason=_("受理名单公示期满，进入材料评审。"),
                )
    edition.stage = target
    return event


def open_edition(*, edition: Edition, actor: User, reason: str = "") -> EditionEvent:
    """Start a newly published edition at its first stage (自愿申报) and record it.

    Called by the service that publishes the call notice, inside its transaction, with the
    edition's row already locked.
    """
    first = STAGE_ORDER[0]
    if edition.stage != first:
        raise TransitionError(
            _("本届评选已处于“%(stage)s”阶段，不能重新开始。")
            % {"stage": Stage(edition.stage).label},
            code="already_done",
        )
    Edition.objects.filter(pk=edition.pk).update(stage=first)
    # The edition had no stage before it was published: the trail starts here.
    return EditionEvent.objects.create(
        edition=edition,
        from_stage="",
        to_stage=first,
        actor=actor,
        actor_name=actor.display_name,
        reason=reason.strip(),
    )
