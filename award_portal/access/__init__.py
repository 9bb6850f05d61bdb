"""THE access policy: who may see or do what to which object, from role, unit, assignment,
conflict, round leadership and stage.

    may(user, action, kind, obj=None) -> bool
    require(user, action, kind, obj=None, *, hide=False)
    visible(user, kind) -> QuerySet
    get_for(user, kind, pk, action="view", *, hide=False, related=()) -> object
    roles_for(kind, action) -> frozenset of roles

The rules are in `rules.RULES`, the kinds and actions in `kinds`, the scoped querysets in
`scopes`, and what each URL of the portal asks in `pages`. Every view and service asks here;
no other module checks a role by hand.
"""

from award_portal.access.kinds import *  # noqa: F403 - the kinds and actions are the API
from award_portal.access.policy import get_for, may, model_of, require, roles_for, visible
from award_portal.access.scopes import (
    blocking_conflict,
    current_assignments,
    current_assignments_of,
    expert_for,
    expert_profiles,
    hidden_application_ids,
    is_conflicted,
    leads_round,
    sealed_application_ids,
    visible_application_rows,
    visible_applications,
)

__all__ = [
    "blocking_conflict",
    "current_assignments",
    "current_assignments_of",
    "expert_for",
    "expert_profiles",
    "get_for",
    "hidden_application_ids",
    "is_conflicted",
    "leads_round",
    "may",
    "model_of",
    "require",
    "roles_for",
    "sealed_application_ids",
    "visible",
    "visible_application_rows",
    "visible_applications",
]
