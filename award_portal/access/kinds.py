"""The kinds of object the portal's pages reach, and the few things a user does to them.

A kind names what a page is about, not always a model of its own: the unit's pre-check
(RECOMMENDATION), the office's acceptance (ACCEPTANCE), the award (AWARD) and the review
feedback (FEEDBACK) are all about an application, and the objects handed to `may` for them
are applications. `MODELS` says which model each kind's objects are.
"""

from __future__ import annotations

# --- kinds ------------------------------------------------------------------------------------

APPLICATION = "application"  # an application as its readers see it, its draft as its owner's
MATERIAL = "material"  # a file uploaded to an application
RECOMMENDATION = "recommendation"  # the unit's pre-check of an application (stage 2)
ACCEPTANCE = "acceptance"  # the office's acceptance of applications (stage 3) and its lists
EDITION = "edition"  # an edition and its call notice
PROGRESS = "progress"  # the edition's stages, its lifecycle and the edition a reader works on
NOTIFICATION = "notification"  # an email of the outbox
EXPERT_PROFILE = "expert_profile"  # the expert pool of an edition
REVIEW_SETTINGS = "review_settings"  # an edition's review settings
CONFLICT = "conflict"  # conflicts of interest between experts and applications
AVOIDANCE = "avoidance"  # an applicant's request that named experts stay away
ROUND = "round"  # a review round: its panel, draw, assignments, reports
ROUND_RESULTS = "round_results"  # a round's progress and results (its group leader too)
VISIT = "visit"  # the on-site visits of a round
ASSIGNMENT = "assignment"  # an expert's assignment to an application, and its scoring
SHEET = "sheet"  # a score sheet as the office and the supervisors read it
RUBRIC = "rubric"  # a scoring rubric
FEEDBACK = "feedback"  # the review's feedback to an application's applicant
DELIBERATION = "deliberation"  # an edition's deliberation
PROPOSED_LIST = "proposed_list"  # a proposed list of winners
DECISION = "decision"  # a leadership decision and its attachment
AWARD = "award"  # the award: approval, notice, plaques, revocation, statistics
CERTIFICATE = "certificate"  # an awarded application's certificate
WINDOW = "window"  # a publicity window as the office manages it
PUBLICATION = "publication"  # a publicity window as the public reads it
OBJECTION = "objection"  # an objection filed against a publicity window
EVIDENCE = "evidence"  # an objection's evidence file
HOLIDAY_CALENDAR = "holiday_calendar"  # the State Council's holiday notices
ADMINISTRATION = "administration"  # the Django admin, where the administrator administers
PERSONAL_DATA = "personal_data"  # identity and mobile numbers in full; the materials' retention
AUDIT_TRAIL = "audit_trail"  # the login and audit trails and the export records

KINDS = (
    APPLICATION,
    MATERIAL,
    RECOMMENDATION,
    ACCEPTANCE,
    EDITION,
    PROGRESS,
    NOTIFICATION,
    EXPERT_PROFILE,
    REVIEW_SETTINGS,
    CONFLICT,
    AVOIDANCE,
    ROUND,
    ROUND_RESULTS,
    VISIT,
    ASSIGNMENT,
    SHEET,
    RUBRIC,
    FEEDBACK,
    DELIBERATION,
    PROPOSED_LIST,
    DECISION,
    AWARD,
    CERTIFICATE,
    WINDOW,
    PUBLICATION,
    OBJECTION,
    EVIDENCE,
    HOLIDAY_CALENDAR,
    ADMINISTRATION,
    PERSONAL_DATA,
    AUDIT_TRAIL,
)

# The model of each kind's objects ("app_label.Model"), for `get_for` and `visible`.
MODELS = {
    APPLICATION: "applications.Application",
    MATERIAL: "applications.Material",
    RECOMMENDATION: "applications.Application",
    ACCEPTANCE: "applications.Application",
    EDITION: "applications.Edition",
    PROGRESS: "applications.Edition",
    NOTIFICATION: "applications.Notification",
    EXPERT_PROFILE: "review.EditionExpert",
    REVIEW_SETTINGS: "review.ReviewSettings",
    CONFLICT: "review.Conflict",
    AVOIDANCE: "review.AvoidanceRequest",
    ROUND: "review.ReviewRound",
    ROUND_RESULTS: "review.ReviewRound",
    VISIT: "review.OnsiteVisit",
    ASSIGNMENT: "review.Assignment",
    SHEET: "review.ScoreSheet",
    RUBRIC: "review.Rubric",
    FEEDBACK: "applications.Application",
    DELIBERATION: "applications.Edition",
    PROPOSED_LIST: "review.ProposedList",
    DECISION: "review.LeadershipDecision",
    AWARD: "applications.Application",
    CERTIFICATE: "applications.Application",
    WINDOW: "publicity.PublicityWindow",
    PUBLICATION: "publicity.PublicityWindow",
    OBJECTION: "publicity.Objection",
    EVIDENCE: "publicity.ObjectionEvidence",
    HOLIDAY_CALENDAR: "publicity.HolidaySchedule",
    ADMINISTRATION: "accounts.User",
    PERSONAL_DATA: "applications.Application",
    AUDIT_TRAIL: "accounts.AuthEvent",
}

# --- actions ----------------------------------------------------------------------------------

VIEW = "view"  # read it
EDIT = "edit"  # change one's own (the applicant's application, a leader's visit record)
ACT_ON = "act_on"  # do one's part of the work on it (the unit's pre-check, the expert's sheet)
MANAGE = "manage"  # run it (the city office)
DECIDE = "decide"  # record the leadership group's decision

ACTIONS = (VIEW, EDIT, ACT_ON, MANAGE, DECIDE)

__all__ = [name for name in dir() if name.isupper()]
