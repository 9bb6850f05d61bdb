"""The checks and effects stages 7 and 8 add to the lifecycle (the tables in
applications/lifecycle/ name them)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from applications.models import Application, Edition, Status
from award_portal.workflow.engine import MoveContext
from review import deliberation_selectors as selectors
from review.models import CommendationNotice, DeliberationEvent, GovernmentApproval, Revocation


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


def government_approval_recorded(application: Application, ctx: MoveContext) -> str | None:
    if not GovernmentApproval.objects.filter(edition_id=application.edition_id).exists():
        return _("市政府审定获奖名单的文件尚未记录。")
    return None


def winners_publicized(edition: Edition, _ctx: MoveContext | None = None) -> str | None:
    """Deliberation ends once the list stands (see deliberation_selectors)."""
    return selectors.winners_publicized_problem(edition)


def commendation_done(edition: Edition, _ctx: MoveContext | None = None) -> str | None:
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


def record_revocation(application: Application, ctx: MoveContext) -> None:
    """A revoked award (撤销奖励) is recorded beside its certificate, which the public check
    and the certificate's PDF then show as revoked; nothing is deleted."""
    document_number = ctx.data["document_number"]
    Revocation.objects.create(
        application=application,
        reason=ctx.reason,
        document_number=document_number,
        decided_on=ctx.data["decided_on"],
        recorded_by=ctx.actor,
    )
    DeliberationEvent.objects.create(
        edition=application.edition,
        kind=DeliberationEvent.Kind.REVOKED,
        actor=ctx.actor,
        application=application,
        note=f"{document_number} {ctx.reason}",
    )
