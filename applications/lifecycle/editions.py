"""The edition's stages, as data: one move per stage, closing it and opening the next.

A stage closes when no application in it is undecided and the checks its stage owns pass
(each named below, from the module of the stage that owns it); closing before the call
notice's or the plan's date needs a reason. Entering material review moves every accepted
application with it. Registered with the engine from ApplicationsConfig.ready().
"""

from __future__ import annotations

from django.utils.text import format_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from applications import stage_dates
from applications.lifecycle.rules import (
    OFFICE,
    STAGE_ORDER,
    UNDECIDED_IN_STAGE,
    TransitionError,
    next_stage_of,
)
from applications.lifecycle.service import transition
from applications.models import Application, Edition, EditionEvent, Stage, Status
from applications.precheck.guards import acceptance_list_publicized
from award_portal.workflow.engine import Move, MoveContext, Refused, Workflow
from review.awards.guards import commendation_done
from review.deliberation.guards import winners_publicized
from review.rounds.guards import ROUND_CLOSED_BEFORE_STAGE_ENDS


def stage_settled(edition: Edition, _ctx: MoveContext) -> str | None:
    undecided = UNDECIDED_IN_STAGE.get(edition.stage, ())
    if undecided:
        count = Application.objects.filter(edition=edition, status__in=undecided).count()
        if count:
            return _("本阶段还有 %(count)d 份申报尚未处理完毕。") % {"count": count}
    return None


def early_close_explained(edition: Edition, ctx: MoveContext) -> Refused | None:
    """Closing a stage before the call notice's or the plan's date needs a reason."""
    if ctx.data.get("blockers_only") or ctx.reason:
        return None
    early = stage_dates.early_close(edition)
    return Refused(early, code="reason_required") if early else None


# The checks each stage adds before it closes, besides `stage_settled`.
STAGE_CHECKS = {
    Stage.ACCEPTANCE: (acceptance_list_publicized,),
    **{stage: (check,) for stage, check in ROUND_CLOSED_BEFORE_STAGE_ENDS.items()},
    Stage.DELIBERATION: (winners_publicized,),
    Stage.COMMENDATION: (commendation_done,),
}


def start_material_review(edition: Edition, ctx: MoveContext) -> None:
    """Everything accepted enters material review together, each as its own audited move."""
    for application in Application.objects.filter(edition=edition, status=Status.ACCEPTED):
        transition(
            application=application,
            to=Status.MATERIAL_REVIEW,
            actor=ctx.actor,
            reason=_("受理名单公示期满，进入材料评审。"),
        )


def _close(stage: str) -> Move:
    target = next_stage_of(stage)
    return Move(
        f"close_{stage}",
        format_lazy(
            gettext_lazy("结束“{stage}”，进入“{next}”"),
            stage=Stage(stage).label,
            next=Stage(target).label,
        ),
        (stage,),
        target,
        OFFICE,
        guards=(stage_settled, *STAGE_CHECKS.get(stage, ()), early_close_explained),
        effects=(start_material_review,) if target == Stage.MATERIAL_REVIEW else (),
    )


def _trail(edition: Edition, ctx: MoveContext) -> EditionEvent:
    return EditionEvent.objects.create(
        edition=edition,
        from_stage=ctx.source,
        to_stage=ctx.move.target,
        actor=ctx.actor,
        actor_name=ctx.actor.display_name,
        reason=ctx.reason,
    )


EDITION = Workflow(
    kind="edition",
    label=gettext_lazy("届次"),
    model=Edition,
    field="stage",
    moves=tuple(_close(stage) for stage in STAGE_ORDER if next_stage_of(stage)),
    error=TransitionError,
    refused_role=gettext_lazy("只有市质量强市办可以推进评选阶段。"),
    trail=_trail,
    already=gettext_lazy("本届评选已进入“%(status)s”阶段，请刷新页面。"),
)
