"""THE rule table: for each (kind, action), the roles that may, each with an optional condition
on the object.

The decisions behind it (README, "Who may do what"): the city office manages; the supervision
group and the system administrator read everything and change nothing through the portal's
pages (the administrator administers in the Django admin); the leadership group reads the
applications, the edition's progress, the deliberation and the award, and records the
leadership group's decisions, but reads no review round and no score sheet; units do their
pre-check on the applications sent to them, applicants work on their own, experts on their
current assignments and a round's group leader reads its progress and results (sealed where
their own sheet is not in yet, see scopes.sealed_application_ids).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from award_portal.access import conditions as c
from award_portal.access.kinds import (
    ACCEPTANCE,
    ACT_ON,
    ADMINISTRATION,
    APPLICATION,
    ASSIGNMENT,
    AUDIT_TRAIL,
    AVOIDANCE,
    AWARD,
    CERTIFICATE,
    CONFLICT,
    DECIDE,
    DECISION,
    DELIBERATION,
    EDIT,
    EDITION,
    EVIDENCE,
    EXPERT_PROFILE,
    FEEDBACK,
    HOLIDAY_CALENDAR,
    MANAGE,
    MATERIAL,
    NOTIFICATION,
    OBJECTION,
    PERSONAL_DATA,
    PROGRESS,
    PROPOSED_LIST,
    PUBLICATION,
    RECOMMENDATION,
    REVIEW_SETTINGS,
    ROUND,
    ROUND_RESULTS,
    RUBRIC,
    SHEET,
    VIEW,
    VISIT,
    WINDOW,
)
from award_portal.access.scopes import APPLICATION_READERS, READERS
from award_portal.accounts.models import Role

ANYONE = "anyone"  # in a rule's roles: every visitor, signed in or not

OFFICE = frozenset({Role.CITY_OFFICE})
OFFICE_AND_LEADERS = frozenset({Role.CITY_OFFICE, Role.LEADER})
APPLICANT = frozenset({Role.APPLICANT})
UNIT = frozenset({Role.UNIT_OFFICER})
EXPERT = frozenset({Role.EXPERT})
EVERYONE = frozenset({ANYONE})


@dataclass(frozen=True)
class Rule:
    roles: frozenset[str]
    when: Callable[..., bool] | None = None  # (user, obj) -> bool, asked when obj is given


def rule(roles, when=None) -> Rule:
    return Rule(frozenset(roles), when)


def run_by_office(*kinds: str, readers=READERS) -> dict[tuple[str, str], tuple[Rule, ...]]:
    """Kinds that `readers` read and the city office alone manages."""
    table = {}
    for kind in kinds:
        table[(kind, VIEW)] = (rule(readers),)
        table[(kind, MANAGE)] = (rule(OFFICE),)
    return table


RULES: dict[tuple[str, str], tuple[Rule, ...]] = {
    # --- applications (stage 1) --------------------------------------------------------------
    (APPLICATION, VIEW): (
        rule(APPLICATION_READERS, c.sent),
        rule(UNIT, c.of_own_unit),
        rule(APPLICANT, c.own_application),
    ),
    (APPLICATION, EDIT): (rule(APPLICANT, c.own_application),),
    (MATERIAL, VIEW): (
        rule(APPLICATION_READERS, c.sent_material),
        rule(UNIT, c.material_of_own_unit),
        rule(APPLICANT, c.own_material),
    ),
    (MATERIAL, EDIT): (rule(APPLICANT, c.own_material),),
    # --- pre-check (stage 2) and acceptance (stage 3) -----------------------------------------
    (RECOMMENDATION, VIEW): (rule(APPLICATION_READERS, c.sent), rule(UNIT, c.of_own_unit)),
    (RECOMMENDATION, ACT_ON): (rule(UNIT, c.of_own_unit),),
    (ACCEPTANCE, VIEW): (rule(APPLICATION_READERS, c.sent),),
    (ACCEPTANCE, MANAGE): (rule(OFFICE, c.sent),),
    # --- editions and their progress ----------------------------------------------------------
    **run_by_office(PROGRESS, readers=APPLICATION_READERS),
    (EDITION, VIEW): (rule(EVERYONE, c.published), rule(OFFICE)),
    (EDITION, MANAGE): (rule(OFFICE),),
    # The outbox's failed emails are the office's work list, to resend (as before).
    (NOTIFICATION, VIEW): (rule(OFFICE),),
    (NOTIFICATION, MANAGE): (rule(OFFICE),),
    # --- review: pool, conflicts, rounds, sheets ----------------------------------------------
    **run_by_office(EXPERT_PROFILE, REVIEW_SETTINGS, ROUND, SHEET, RUBRIC),
    (CONFLICT, VIEW): (rule(READERS),),
    (CONFLICT, ACT_ON): (rule(EXPERT),),  # an expert declares their own
    (CONFLICT, MANAGE): (rule(OFFICE),),
    (AVOIDANCE, VIEW): (rule(READERS),),
    (AVOIDANCE, EDIT): (rule(APPLICANT, c.own_application),),  # the object: the application
    (AVOIDANCE, MANAGE): (rule(OFFICE),),
    (ROUND_RESULTS, VIEW): (rule(READERS), rule(EXPERT, c.leads_the_round)),
    (VISIT, VIEW): (rule(READERS), rule(EXPERT, c.leads_the_visited_round)),
    (VISIT, EDIT): (rule(OFFICE), rule(EXPERT, c.leads_the_visited_round)),
    (ASSIGNMENT, VIEW): (rule(READERS), rule(EXPERT, c.own_current_assignment)),
    (ASSIGNMENT, ACT_ON): (rule(EXPERT, c.own_current_assignment),),
    (ASSIGNMENT, MANAGE): (rule(OFFICE),),
    (FEEDBACK, VIEW): (rule(READERS, c.sent), rule(APPLICANT, c.own_released_feedback)),
    (FEEDBACK, MANAGE): (rule(OFFICE),),
    # --- deliberation and award ---------------------------------------------------------------
    **run_by_office(DELIBERATION, AWARD, readers=APPLICATION_READERS),
    (PROPOSED_LIST, VIEW): (rule(APPLICATION_READERS),),
    (PROPOSED_LIST, DECIDE): (rule(OFFICE_AND_LEADERS),),
    (PROPOSED_LIST, MANAGE): (rule(OFFICE),),
    (DECISION, VIEW): (rule(APPLICATION_READERS),),
    (CERTIFICATE, VIEW): (
        rule(APPLICATION_READERS, c.awarded_or_revoked),
        rule(APPLICANT, c.own_standing_award),
    ),
    # --- publicity ----------------------------------------------------------------------------
    **run_by_office(WINDOW, OBJECTION, HOLIDAY_CALENDAR),
    (PUBLICATION, VIEW): (rule(EVERYONE, c.published),),
    (EVIDENCE, VIEW): (rule(READERS),),
    # --- personal information (个人信息保护法) ---------------------------------------------------
    # Identity and mobile numbers in full: the applicant's own, the unit that pre-checks the
    # application and the city office that accepts it and contacts experts and objectors. The
    # experts, the supervision group, the leadership group, the administrator and the public
    # see them masked (award_portal/privacy/masking.py). The office sets how long the
    # materials of applications that did not win are kept.
    (PERSONAL_DATA, VIEW): (
        rule(OFFICE),
        rule(UNIT, c.of_own_unit),
        rule(APPLICANT, c.own_application),
    ),
    (PERSONAL_DATA, MANAGE): (rule(OFFICE),),
    # The login and audit trails and who exported what: the city office searches them.
    (AUDIT_TRAIL, VIEW): (rule(OFFICE),),
    # --- the Django admin (its own checks: staff with a second factor) ------------------------
    (ADMINISTRATION, MANAGE): (rule({Role.ADMIN}),),
}
