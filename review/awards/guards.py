"""The checks and the effect stage 8 adds to the lifecycle (the tables in applications/lifecycle/
name them): the government's approval, the end of the commendation, and the record a revocation
leaves."""

from __future__ import annotations

from django.utils.translation import gettext as _

from applications.models import Application, Edition, Status
from award_portal.workflow.engine import MoveContext
from review.models import CommendationNotice, DeliberationEvent, GovernmentApproval, Revocation


def government_approval_recorded(application: Application, ctx: MoveContext) -> str | None:
    if not GovernmentApproval.objects.filter(edition_id=application.edition_id).exists():
        return _("市政府审定获奖名单的文件尚未记录。")
    return None


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
