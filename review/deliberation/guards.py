"""The checks stage 7 adds to the lifecycle, and what the proposed-winner publicity does to
the applications on it. Imported once from ReviewConfig.ready()."""

from __future__ import annotations

from django.utils.translation import gettext as _

from applications.lifecycle import GuardContext, guard, stage_guard
from applications.models import Application, Edition, Stage
from publicity import hooks
from publicity.models import WindowKind
from review.deliberation import selectors


@guard("within_quota")
def within_quota(ctx: GuardContext) -> str | None:
    application = ctx.application
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


@guard("leadership_decision_recorded")
def leadership_decision_recorded(ctx: GuardContext) -> str | None:
    if selectors.latest_approved_proposal(ctx.application) is None:
        return _("领导小组审议通过该名单的决定尚未记录。")
    return None


@guard("winner_publicity_passed")
def winner_publicity_passed(ctx: GuardContext) -> str | None:
    return selectors.publicity_problem(ctx.application)


@stage_guard(Stage.DELIBERATION)
def winners_publicized(edition: Edition) -> str | None:
    """Deliberation ends once the list stands (see review.deliberation.selectors)."""
    return selectors.winners_publicized_problem(edition)


# --- what the publicity of the winners does ------------------------------------------------------


def _on_upheld(*, objection, actor) -> None:
    from review.deliberation.services import disqualify_and_substitute

    disqualify_and_substitute(objection=objection, actor=actor)


def _on_closed(*, window, actor) -> None:
    from review.deliberation.services import record_publicity_passed

    record_publicity_passed(window=window, actor=actor)


for _kind in (WindowKind.PROPOSED, WindowKind.SUBSTITUTE):
    hooks.on_objection_upheld(_kind)(_on_upheld)
    hooks.on_window_closed(_kind)(_on_closed)
