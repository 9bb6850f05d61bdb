"""The checks and effects stages 7 and 8 add to the lifecycle, and what the proposed-winner
publicity does to the applications on it. Imported once from ReviewConfig.ready()."""

from __future__ import annotations

from django.utils.translation import gettext as _

from applications.lifecycle import GuardContext, effect, guard, stage_guard
from applications.models import Application, ApplicationEvent, Edition, Stage, Status
from publicity import hooks
from publicity.models import WindowKind
from review.deliberation import selectors
from review.models import CommendationNotice, DeliberationEvent, GovernmentApproval, Revocation


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


@guard("government_approval_recorded")
def government_approval_recorded(ctx: GuardContext) -> str | None:
    if not GovernmentApproval.objects.filter(edition_id=ctx.application.edition_id).exists():
        return _("市政府审定获奖名单的文件尚未记录。")
    return None


@stage_guard(Stage.DELIBERATION)
def winners_publicized(edition: Edition) -> str | None:
    """Deliberation ends once the list stands (see review.deliberation.selectors)."""
    return selectors.winners_publicized_problem(edition)


@stage_guard(Stage.COMMENDATION)
def commendation_done(edition: Edition) -> str | None:
    awarded = Application.objects.filter(
        edition=edition, status__in=[Status.AWARDED, Status.REVOKED]
    )
    if not GovernmentApproval.objects.filter(edition=edition).exists():
        return _("市政府审定获奖名单的文件尚未记录。")
    if not CommendationNotice.objects.filter(edition=edition).exists():
        return _("表扬决定尚未发布。")
    missing = awarded.filter(certificate__isnull=True).count()
    if missing:
        return _("有%(n)d名获奖者尚未生成证书。") % {"n": missing}
    return None


# --- effects ------------------------------------------------------------------------------------


@effect("record_revocation")
def record_revocation(ctx: GuardContext, event: ApplicationEvent) -> None:
    """A revoked award (撤销奖励) is recorded beside its certificate, which the public check
    and the certificate's PDF then show as revoked; nothing is deleted."""
    document_number = ctx.data["document_number"]
    Revocation.objects.create(
        application=ctx.application,
        reason=ctx.reason,
        document_number=document_number,
        decided_on=ctx.data["decided_on"],
        recorded_by=ctx.actor,
    )
    DeliberationEvent.objects.create(
        edition=ctx.application.edition,
        kind=DeliberationEvent.Kind.REVOKED,
        actor=ctx.actor,
        application=ctx.application,
        note=f"{document_number} {ctx.reason}",
    )


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
