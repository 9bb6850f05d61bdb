"""Where the kinds of record with a status meet the engine, in one place.

Called once from ApplicationsConfig.ready(): every workflow is registered here, and every
handler the publicity service fires when a window decides something (publicity/hooks.py).
A reader looking for what moves a record, or what a closed window does, starts here.
"""

from __future__ import annotations

from applications.lifecycle.editions import EDITION
from applications.lifecycle.table import APPLICATION
from applications.notifications import OUTBOX
from applications.precheck.services import withdraw_acceptance_for_objection
from award_portal.workflow.engine import register
from publicity import hooks
from publicity import workflows as publicity_workflows
from publicity.models import WindowKind
from review import workflows as review_workflows
from review.deliberation.services import disqualify_and_substitute, record_publicity_passed

WORKFLOWS = (
    APPLICATION,
    EDITION,
    OUTBOX,
    review_workflows.RUBRIC,
    review_workflows.ROUND,
    review_workflows.SHEET,
    review_workflows.PROPOSED_LIST,
    publicity_workflows.WINDOW,
    publicity_workflows.OBJECTION,
)

# (event, window kind, handler): what a publicity window's decision does to the applications.
PUBLICITY_HANDLERS = (
    # An upheld objection to the acceptance list withdraws the acceptance (stage 3).
    (hooks.OBJECTION_UPHELD, WindowKind.ACCEPTANCE, withdraw_acceptance_for_objection),
    # An upheld objection to the proposed winners disqualifies and substitutes (stage 7) …
    (hooks.OBJECTION_UPHELD, WindowKind.PROPOSED, disqualify_and_substitute),
    (hooks.OBJECTION_UPHELD, WindowKind.SUBSTITUTE, disqualify_and_substitute),
    # … and a window that closed records that the list passed its publicity.
    (hooks.WINDOW_CLOSED, WindowKind.PROPOSED, record_publicity_passed),
    (hooks.WINDOW_CLOSED, WindowKind.SUBSTITUTE, record_publicity_passed),
)


def connect() -> None:
    for workflow in WORKFLOWS:
        register(workflow)
    for event, kind, handler in PUBLICITY_HANDLERS:
        hooks.register(event, kind, handler)
