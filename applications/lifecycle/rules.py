"""What the lifecycle's tables and pages share: the role groups, the statuses grouped by
stage, who acts for an application at all, and the error a refused move raises."""

from __future__ import annotations

from django.utils.translation import gettext as _

from applications.models import Application, Stage, Status
from award_portal import access
from award_portal.accounts.models import Role, User
from award_portal.workflow.engine import Move, Refused

APPLICANT = frozenset({Role.APPLICANT})
UNIT = frozenset({Role.UNIT_OFFICER})
OFFICE = frozenset({Role.CITY_OFFICE})
LEADER = frozenset({Role.LEADER})
ADMIN = frozenset({Role.ADMIN})

REVIEW_STATUSES = (
    Status.MATERIAL_REVIEW,
    Status.ONSITE_REVIEW,
    Status.DEFENSE,
    Status.DELIBERATION,
)
PRECHECK_STAGES = (Stage.APPLICATION, Stage.PRECHECK)

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


def next_stage_of(stage: str) -> str | None:
    index = STAGE_ORDER.index(stage)
    return STAGE_ORDER[index + 1] if index + 1 < len(STAGE_ORDER) else None


class TransitionError(Refused):
    """A refused move of an application or an edition. `message` is Chinese and is shown to
    the user as is; `code` says which check refused it."""


def actor_may_touch(application: Application, actor: User) -> bool:
    """Whether the actor acts for this application (owner, unit, office …) at all."""
    if access.may(actor, access.EDIT, access.APPLICATION):
        return access.may(actor, access.EDIT, access.APPLICATION, application)
    if access.may(actor, access.ACT_ON, access.RECOMMENDATION):
        return access.may(actor, access.ACT_ON, access.RECOMMENDATION, application)
    # The office, the supervisors, the leaders and the admin (every application they read):
    # the moves' roles say the rest.
    return access.may(actor, access.VIEW, access.ACCEPTANCE)


def application_door(application: Application, move: Move, actor: User) -> Refused | None:
    """Before a move's own checks: the actor acts for this application, and the move is open
    in the edition's current stage."""
    if not actor_may_touch(application, actor):
        return Refused(_("您无权处理这份申报。"), code="forbidden")
    if move.stages and application.edition.stage not in move.stages:
        return Refused(
            _("本届评选当前处于“%(stage)s”阶段，不能执行“%(move)s”。")
            % {"stage": Stage(application.edition.stage).label, "move": move.label},
            code="wrong_stage",
        )
    return None
