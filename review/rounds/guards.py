"""The review's checks on the lifecycle: no application leaves a review stage, and no edition
closes one, before the stage's round is closed with its report."""

from __future__ import annotations

from django.utils.translation import gettext as _

from applications.lifecycle.rules import STAGE_OF_STATUS
from applications.models import Application, ApplicationEvent, Edition, Stage
from award_portal.workflow.engine import MoveContext
from review.models import REVIEW_STAGES, AdvancementDecision, ReviewRound


def review_round_closed(application: Application, ctx: MoveContext) -> str | None:
    stage = STAGE_OF_STATUS.get(application.status)
    review_round = ReviewRound.objects.filter(
        edition_id=application.edition_id, stage=stage
    ).first()
    if review_round is None or review_round.status != ReviewRound.Status.CLOSED:
        return _("“%(stage)s”的评审轮次尚未结束并形成评审报告。") % {
            "stage": Stage(stage).label if stage else "",
        }
    decision = AdvancementDecision.objects.filter(
        round=review_round, application=application
    ).first()
    if decision is None or not decision.advances:
        return _("该申报未列入“%(stage)s”的晋级名单。") % {"stage": Stage(stage).label}
    return None


def _round_closed_before_stage_ends(stage: str):
    from review.rounds.selectors import STATUS_OF_STAGE

    def check(edition: Edition, _ctx: MoveContext | None = None) -> str | None:
        review_round = ReviewRound.objects.filter(edition=edition, stage=stage).first()
        if review_round is None:
            reached = ApplicationEvent.objects.filter(
                application__edition=edition, to_status=STATUS_OF_STAGE[stage]
            ).exists()
            if reached:
                return _("“%(stage)s”尚未组织专家评审。") % {"stage": Stage(stage).label}
            return None
        if review_round.status != ReviewRound.Status.CLOSED:
            return _("“%(stage)s”的评审轮次尚未结束并形成评审报告。") % {
                "stage": Stage(stage).label
            }
        return None

    check.__name__ = f"review_round_closed_{stage}"
    return check


# The check each review stage adds to the close of the edition's stage (see
# applications/lifecycle/editions.py).
ROUND_CLOSED_BEFORE_STAGE_ENDS = {
    stage: _round_closed_before_stage_ends(stage) for stage in REVIEW_STAGES
}
