"""The checks stage 7 adds to the lifecycle (the tables in applications/lifecycle/ name them)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from applications.models import Application, Edition
from award_portal.workflow.engine import MoveContext
from review.deliberation import selectors


def within_quota(application: Application, ctx: MoveContext) -> str | None:
    kind = application.category.kind
    quota = application.edition.quota_for(kind)
    held = (
        Application.objects.filter(
            edition_id=application.edition_id,
            category__kind=kind,
            status__in=selectors.HOLDING_A_PLACE,
        )
        .exclude(pk=application.pk)
        .count()
    )
    if held >= quota:
        return _("%(kind)s奖名额（%(quota)d名）已满，不能再列入拟获奖建议名单。") % {
            "kind": _("组织") if kind == "organization" else _("个人"),
            "quota": quota,
        }
    return None


def leadership_decision_recorded(application: Application, ctx: MoveContext) -> str | None:
    if selectors.latest_approved_proposal(application) is None:
        return _("领导小组审议通过该名单的决定尚未记录。")
    return None


def winner_publicity_passed(application: Application, ctx: MoveContext) -> str | None:
    return selectors.publicity_problem(application)


def winners_publicized(edition: Edition, _ctx: MoveContext | None = None) -> str | None:
    """Deliberation ends once the list stands (see review.deliberation.selectors)."""
    return selectors.winners_publicized_problem(edition)
