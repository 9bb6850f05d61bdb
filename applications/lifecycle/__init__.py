"""The award's lifecycle: how applications and editions move, written once, as data.

- `table.py`: every move of an application (the statuses it leaves and reaches, who makes
  it, in which stages, its guards, data, effects and who hears of it) and the
  administrator's corrections;
- `editions.py`: the edition's stages, one move each;
- `rules.py`: what both share (role groups, statuses by stage, who acts for an application);
- `service.py`: the calls the stages' services and pages make; the engine in
  award_portal/workflow/ makes every move, nothing else sets a status or a stage.
"""

from applications.lifecycle.rules import (
    PRECHECK_STAGES,
    REVIEW_STATUSES,
    STAGE_OF_STATUS,
    STAGE_ORDER,
    TERMINAL_STATUSES,
    TransitionError,
    actor_may_touch,
)
from applications.lifecycle.service import (
    advance_edition,
    allowed_corrections,
    allowed_moves,
    find_move,
    next_stage,
    open_edition,
    stage_blockers,
    transition,
    transition_many,
)

__all__ = [
    "PRECHECK_STAGES",
    "REVIEW_STATUSES",
    "STAGE_OF_STATUS",
    "STAGE_ORDER",
    "TERMINAL_STATUSES",
    "TransitionError",
    "actor_may_touch",
    "advance_edition",
    "allowed_corrections",
    "allowed_moves",
    "find_move",
    "next_stage",
    "open_edition",
    "stage_blockers",
    "transition",
    "transition_many",
]
