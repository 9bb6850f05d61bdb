"""The moves of publicity windows and of the objections against them, as data: the city office
publishes and withdraws a window, the beat job closes it when its working days have passed; the
office investigates an objection and decides it, upheld or dismissed.
`award_portal.workflow.engine.transition` makes them; each also keeps the window's public trail
(`WindowEvent`), which the public pages' cache follows."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext_lazy

from award_portal.accounts.models import Role
from award_portal.workflow.engine import Move, MoveContext, Workflow, act
from publicity.models import Objection, PublicityWindow, WindowEvent

# The city office runs publicity; the system administrator reads it and changes nothing through
# the portal (README, "Who may do what"), so the moves agree with the access policy.
MANAGERS = frozenset({Role.CITY_OFFICE})
OPEN = (Objection.Status.RECEIVED, Objection.Status.INVESTIGATING)
DECIDED = gettext_lazy("该异议已办结（%(status)s），不能重复处理。")


def _publicity_error(message: str) -> Exception:
    from publicity.errors import PublicityError

    return PublicityError(message)


def publicity_workflow(kind: str, label, model, **options) -> Workflow:
    """A workflow of publicity's records: its refusals raise PublicityError."""
    return Workflow(kind=kind, label=label, model=model, error=_publicity_error, **options)


def _investigated(_objection: Objection, context: MoveContext) -> dict:
    return {"investigator": context.actor, "investigation_note": context.data["note"]}


def _decided(_objection: Objection, context: MoveContext) -> dict:
    return {
        "finding": context.data["finding"],
        "decided_by": context.actor,
        "decided_at": timezone.now(),
    }


def _upheld(objection: Objection, context: MoveContext) -> None:
    """The entry is marked, and the window's kind takes its step (e.g. the acceptance is
    withdrawn, the proposed winner leaves the list)."""
    from publicity.objections.services import take_upheld_objection

    take_upheld_objection(objection, context.actor)


def _decision(name: str, label, target: str, **options) -> Move:
    """The office's finding on an open objection; a decided objection is not decided again."""
    return Move(name, label, OPEN, target, MANAGERS, stamp=_decided, refused=DECIDED, **options)


OBJECTION = publicity_workflow(
    "objection",
    gettext_lazy("公示异议"),
    Objection,
    refused_role=gettext_lazy("只有市质量强市办可以处理异议。"),
    lock=lambda rows: rows.select_related("window", "entry"),
    moves=(
        Move(
            "investigate",
            gettext_lazy("调查核实"),
            OPEN,
            Objection.Status.INVESTIGATING,
            MANAGERS,
            stamp=_investigated,
            refused=gettext_lazy("该异议已办结，不能再修改调查记录。"),
        ),
        _decision("uphold", gettext_lazy("异议成立"), Objection.Status.UPHELD, effects=(_upheld,)),
        _decision("dismiss", gettext_lazy("异议不成立"), Objection.Status.DISMISSED),
    ),
)


# --- publicity windows --------------------------------------------------------------------------


def _trail(window: PublicityWindow, context: MoveContext) -> None:
    """The window's public trail records each status it reaches, with the move's reason when
    the move asks for one."""
    WindowEvent.objects.create(
        window=window,
        kind=WindowEvent.Kind(context.move.target),
        actor=context.actor,
        note=context.reason if context.move.reason_required else "",
    )


def window_move(name: str, label, source: str, target: str, refused, **options) -> Move:
    """A move of a window by the office, kept in the window's trail; `refused` is the message
    from any status but `source`."""
    return Move(
        name, label, (source,), target, MANAGERS, effects=(_trail,), refused=refused, **options
    )


def _published(_window: PublicityWindow, context: MoveContext) -> dict:
    return {
        "end_date": context.data["end_date"],
        "notice_pdf": context.data["notice_pdf"],
        "published_by": context.actor,
        "published_at": timezone.now(),
    }


def _withdrawn(_window: PublicityWindow, context: MoveContext) -> dict:
    return {
        "withdrawn_by": context.actor,
        "withdrawn_at": timezone.now(),
        "withdrawal_reason": context.reason,
    }


def not_replaced(window: PublicityWindow, _context: MoveContext) -> str | None:
    from django.utils.translation import gettext as _

    if PublicityWindow.objects.filter(replaces=window).exists():
        return _("该公示已有替代公示。")
    return None


def has_ended(window: PublicityWindow, context: MoveContext) -> str | None:
    from django.utils.translation import gettext as _

    if not window.has_ended_on(context.data.get("today") or timezone.localdate()):
        return _("公示期尚未结束。")
    return None


def _closed(_window: PublicityWindow, _context: MoveContext) -> dict:
    return {"closed_at": timezone.now()}


WindowStatus = PublicityWindow.Status

WINDOW = publicity_workflow(
    "publicity_window",
    gettext_lazy("公示"),
    PublicityWindow,
    refused_role=gettext_lazy("只有市质量强市办可以管理公示。"),
    lock=lambda rows: rows.select_related("edition"),
    moves=(
        window_move(
            "publish",
            gettext_lazy("发布公示"),
            WindowStatus.DRAFT,
            WindowStatus.PUBLISHED,
            gettext_lazy("该公示当前状态为“%(status)s”，不能再次发布。"),
            stamp=_published,
        ),
        window_move(
            "withdraw",
            gettext_lazy("撤回公示"),
            WindowStatus.PUBLISHED,
            WindowStatus.WITHDRAWN,
            gettext_lazy("只有正在公示的公示可以撤回，该公示当前状态为“%(status)s”。"),
            reason_required=True,
            stamp=_withdrawn,
        ),
        window_move(
            "close",
            gettext_lazy("公示期满结束"),
            WindowStatus.PUBLISHED,
            WindowStatus.CLOSED,
            gettext_lazy("只有正在公示的公示可以结束。"),
            system=True,  # the beat job, the day after the last working day
            guards=(has_ended,),
            stamp=_closed,
        ),
    ),
    acts=(
        act(
            "edit",
            gettext_lazy("修改公示"),
            (WindowStatus.DRAFT,),
            MANAGERS,
            refused=gettext_lazy("公示已发布，名单和日期不能再修改；如有错误请撤回后重新发布。"),
        ),
        act(
            "replace",
            gettext_lazy("替代公示"),
            (WindowStatus.WITHDRAWN,),
            MANAGERS,
            guards=(not_replaced,),
            refused=gettext_lazy("只能替代已撤回的公示。"),
        ),
        act(
            "object",
            gettext_lazy("提出异议"),
            (WindowStatus.PUBLISHED, WindowStatus.CLOSED),
            public=True,  # anyone, with a real name; the dates are the service's
            refused_from=(
                (WindowStatus.WITHDRAWN, gettext_lazy("该公示已撤回，不再受理异议。")),
                (WindowStatus.DRAFT, gettext_lazy("该公示尚未发布。")),
            ),
        ),
    ),
)
