"""The moves of an objection against a publicity list, as data: the city office investigates
it and decides it, upheld or dismissed. `award_portal.workflow.engine.transition` makes them."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext_lazy

from award_portal.accounts.models import Role
from award_portal.workflow.engine import Move, MoveContext, Workflow, register
from publicity.models import Objection

MANAGERS = frozenset({Role.CITY_OFFICE, Role.ADMIN})
OPEN = (Objection.Status.RECEIVED, Objection.Status.INVESTIGATING)
DECIDED = gettext_lazy("该异议已办结，不能重复处理。")


def _publicity_error(message: str) -> Exception:
    from publicity.services import PublicityError

    return PublicityError(message)


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
    from publicity.services import take_upheld_objection

    take_upheld_objection(objection, context.actor)


OBJECTION = register(
    Workflow(
        kind="objection",
        label=gettext_lazy("公示异议"),
        model=Objection,
        field="status",
        error=_publicity_error,
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
            Move(
                "uphold",
                gettext_lazy("异议成立"),
                OPEN,
                Objection.Status.UPHELD,
                MANAGERS,
                stamp=_decided,
                effects=(_upheld,),
                refused=DECIDED,
            ),
            Move(
                "dismiss",
                gettext_lazy("异议不成立"),
                OPEN,
                Objection.Status.DISMISSED,
                MANAGERS,
                stamp=_decided,
                refused=DECIDED,
            ),
        ),
    )
)
