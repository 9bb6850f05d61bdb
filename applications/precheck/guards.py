"""The checks and effects stages 2 and 3 add to the lifecycle (the tables in
applications/lifecycle/ name them), and what the acceptance list's publicity does to the
applications on it."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _

from applications.models import (
    AcceptanceReview,
    Application,
    Consultation,
    Edition,
    PaperCopyReceipt,
    PrecheckReview,
    RecommendingUnit,
    Status,
)
from applications.precheck import selectors
from award_portal.workflow.engine import MoveContext
from publicity.models import Objection, PublicityWindow, WindowKind

# The lists an upheld objection may be about, per move that needs one.
OBJECTION_KINDS: dict[str, tuple[str, ...]] = {
    "withdraw_acceptance": (WindowKind.ACCEPTANCE,),
    "disqualify": (WindowKind.PROPOSED, WindowKind.SUBSTITUTE),
}


def before_recommendation_deadline(application: Application, ctx: MoveContext) -> str | None:
    deadline = selectors.deadline_for(edition=application.edition, unit=application.unit)
    if timezone.localdate() > deadline:
        return _(
            "推荐截止日期（%(date)s）已过，不能再推荐。如确需延期，请联系市质量强市办为本单位登记延期。"
        ) % {"date": deadline.strftime("%Y-%m-%d")}
    return None


def precheck_done(application: Application, ctx: MoveContext) -> str | None:
    review = PrecheckReview.objects.filter(application=application).first()
    if review is None:
        return _("请先完成初核（完整性、真实性、准确性、合法性）并保存核查记录。")
    if not review.all_passed:
        return _("初核的四项核查尚未全部通过，不能推荐。")
    if application.submitted_at and review.checked_at < application.submitted_at:
        return _("申报修改后重新提交，请重新完成初核。")
    if not PaperCopyReceipt.objects.filter(application=application).exists():
        return _("尚未登记收到纸质申报材料，不能推荐。")
    objecting = list(
        Consultation.objects.filter(
            application=application, phase=Consultation.Phase.PRECHECK, has_objection=True
        ).values_list("department", flat=True)
    )
    if objecting:
        return _("征求意见中%(departments)s提出异议，征求意见无异议后方可推荐。") % {
            "departments": "、".join(objecting)
        }
    return None


def county_departments_consulted(application: Application, ctx: MoveContext) -> str | None:
    """A county office's pre-check includes consulting the county's departments (notice
    §五(二): 征求县(区)有关部门意见无异议后); a city-level department consults within itself,
    which the portal does not ask it to record."""
    if application.unit is None or application.unit.kind != RecommendingUnit.Kind.COUNTY:
        return None
    if Consultation.objects.filter(
        application=application, phase=Consultation.Phase.PRECHECK
    ).exists():
        return None
    return _(
        "县(区)质量强县(区)办的初核须征求县(区)有关部门意见：请先在“征求有关部门意见”中"
        "登记至少一个部门的意见，再推荐。"
    )


def keep_unit_opinion(application: Application, ctx: MoveContext) -> None:
    """The reason of a recommendation is the unit's 初核和推荐意见: it is kept with the
    pre-check (which the move's guard `precheck_done` requires), where the recommendation
    letter, the office's acceptance page and the lists read it."""
    PrecheckReview.objects.filter(application_id=application.pk).update(opinion=ctx.reason)


def acceptance_checked(application: Application, ctx: MoveContext) -> str | None:
    review = AcceptanceReview.objects.filter(application=application).first()
    if review is None:
        return _("请先复核申报主体资格和申报资料并保存复核记录。")
    if not review.all_passed:
        return _("资格或资料复核未通过，不能受理。")
    return None


def department_objections_resolved(application: Application, ctx: MoveContext) -> str | None:
    """A city department's objection raised when the office consulted it holds the
    acceptance back until the office records how it was settled."""
    departments = selectors.open_department_objections(application=application)
    if departments:
        return _(
            "征求市级有关部门意见时，%(departments)s提出异议，尚未登记处理情况，不能受理。"
            "请在“征求市级有关部门意见”中登记异议处理情况。"
        ) % {"departments": "、".join(departments)}
    return None


def objection_upheld(application: Application, ctx: MoveContext) -> str | None:
    """The move needs an upheld objection about this application, on a list of the move's
    kind: the one in the move's data ("objection"), or one found in the records."""
    kinds = OBJECTION_KINDS.get(ctx.move.name, tuple(WindowKind.values))
    objection = ctx.data.get("objection")
    if objection is not None:
        objection = (
            Objection.objects.filter(pk=objection.pk).select_related("entry", "window").first()
        )
        if (
            objection is not None
            and objection.status == Objection.Status.UPHELD
            and objection.entry.application_id == application.pk
            and objection.window.kind in kinds
        ):
            return None
        return _("所附异议不是针对该申报的已成立异议。")
    if Objection.objects.filter(
        status=Objection.Status.UPHELD,
        entry__application=application,
        window__kind__in=kinds,
    ).exists():
        return None
    return _("没有针对该申报的已成立异议，不能执行该操作。")


def not_on_a_published_list(application: Application, ctx: MoveContext) -> str | None:
    """A correction stops where the public has seen the application on a list: from then on
    an error is put right by an objection and its finding."""
    if application.publicity_entries.filter(
        window__status__in=[PublicityWindow.Status.PUBLISHED, PublicityWindow.Status.CLOSED]
    ).exists():
        return _("该申报已列入已发布的公示名单，不能在后台更正，请按异议程序办理。")
    return None


def acceptance_list_publicized(edition: Edition, _ctx: MoveContext | None = None) -> str | None:
    """The acceptance stage closes only after the acceptance list was publicized for its full
    window, every objection was decided, and every upheld one took its effect."""
    accepted = list(
        selectors.acceptance_list(edition=edition)
        .filter(status=Status.ACCEPTED)
        .values_list("pk", flat=True)
    )
    if not accepted:
        return None  # nothing to publicize: nothing goes on to the review either
    windows = selectors.acceptance_windows(edition=edition).exclude(
        status__in=[PublicityWindow.Status.DRAFT, PublicityWindow.Status.WITHDRAWN]
    )
    window = windows.first()
    if window is None:
        return _("受理名单尚未公示。")
    if window.status != PublicityWindow.Status.CLOSED:
        message = _("受理名单公示期尚未结束（%(end)s结束）。") % {
            "end": window.end_date.strftime("%Y-%m-%d") if window.end_date else "—"
        }
        pending = Objection.objects.filter(
            window=window,
            status__in=[Objection.Status.RECEIVED, Objection.Status.INVESTIGATING],
        ).count()
        if pending:
            message += _("已收到%(n)d件异议，尚待调查处理。") % {"n": pending}
        return message
    if window.outcome_fired_at is None:
        return _("受理名单公示收到的异议尚未全部办结。")
    on_list = set(window.entries.values_list("application_id", flat=True))
    missing = [pk for pk in accepted if pk not in on_list]
    if missing:
        return _("有%(n)d份已受理的申报未列入已结束的受理名单公示，请补充公示。") % {
            "n": len(missing)
        }
    upheld = window.entries.filter(objection_upheld=True, application__status=Status.ACCEPTED)
    if upheld.exists():
        return _("有%(n)d份申报的异议已成立，请先撤销受理。") % {"n": upheld.count()}
    return None
