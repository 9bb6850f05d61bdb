"""What every named URL of the portal asks of the policy (of Django admin's, its front page).

An entry is PUBLIC (anyone), SIGNED_IN (any signed-in user), or a `Page`: the kind and the
action its GET needs, the action a POST needs when the page is also a form (`post`), and where
its object is: `by`, the URL argument holding the object's key, or a function of the URL's
arguments that returns the object. A page without `by` asks about the kind alone (the roles).

tests/matrix derives who may reach each URL from this table and the rules, and fails for a URL
without an entry; tests/foundation checks the navigation's entries against it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from award_portal.access.conditions import Visit
from award_portal.access.kinds import (
    ACCEPTANCE,
    ACT_ON,
    ADMINISTRATION,
    APPLICATION,
    ASSIGNMENT,
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

PUBLIC = "public"
SIGNED_IN = "signed_in"


@dataclass(frozen=True)
class Page:
    kind: str
    action: str = VIEW
    post: str | None = None  # the action a POST to the page needs (default: `action`)
    by: str | Callable[[dict], Any] | None = None

    @property
    def post_action(self) -> str:
        return self.post or self.action

    def object_for(self, kwargs: dict):
        """The object the URL's arguments point at, or None."""
        if self.by is None:
            return None
        if callable(self.by):
            return self.by(kwargs)
        from award_portal.access.policy import model_of

        return model_of(self.kind).objects.filter(pk=kwargs[self.by]).first()


def _visit(kwargs: dict) -> Visit:
    from review.models import ReviewRound

    return Visit(ReviewRound.objects.get(pk=kwargs["pk"]), kwargs["application_pk"])


def _material(kwargs: dict):
    """The material, only under its own application's address."""
    from applications.models import Material

    return Material.objects.filter(pk=kwargs["material_pk"], application_id=kwargs["pk"]).first()


def _material_of_assignment(kwargs: dict):
    """The assignment, when the material asked for is its application's."""
    from applications.models import Material
    from review.models import Assignment

    assignment = Assignment.objects.filter(pk=kwargs["pk"]).first()
    if assignment is None:
        return None
    own = Material.objects.filter(pk=kwargs["material_pk"], application=assignment.application_id)
    return assignment if own.exists() else None


def page(kind, action=VIEW, *, post=None, by=None) -> Page:
    return Page(kind, action, post, by)


PK = "pk"

PAGES: dict[str, Page | str] = {
    "home": PUBLIC,
    "set_language": PUBLIC,
    # --- accounts ----------------------------------------------------------------------------
    "accounts:login": PUBLIC,
    "accounts:logout": PUBLIC,
    "accounts:password_change": SIGNED_IN,
    "accounts:password_change_done": SIGNED_IN,
    "accounts:password_reset": PUBLIC,
    "accounts:password_reset_done": PUBLIC,
    "accounts:password_reset_confirm": PUBLIC,
    "accounts:password_reset_complete": PUBLIC,
    "accounts:profile": SIGNED_IN,
    "accounts:landing": SIGNED_IN,
    "accounts:register": PUBLIC,
    "accounts:reauth": SIGNED_IN,
    "accounts:email_change": SIGNED_IN,
    "accounts:email_verification": SIGNED_IN,
    "accounts:email_verify": PUBLIC,  # whoever holds the emailed link
    "accounts:otp_setup": SIGNED_IN,
    "accounts:otp_verify": SIGNED_IN,
    "accounts:otp_disable": SIGNED_IN,
    # --- applications: stage 1 and the lifecycle ---------------------------------------------
    "applications:lifecycle": page(PROGRESS),
    "applications:edition_progress": page(PROGRESS),
    "applications:advance_stage": page(PROGRESS, MANAGE, by=PK),
    "applications:resend_notification": page(NOTIFICATION, MANAGE, by=PK),
    "applications:timeline": page(APPLICATION, by=PK),
    # Whoever sees the application reaches the moves; the lifecycle table says who may make
    # which move (the moves' own roles).
    "applications:move": page(APPLICATION, by=PK),
    "applications:dashboard": page(APPLICATION, EDIT),
    "applications:new": page(APPLICATION, EDIT),
    "applications:detail": page(APPLICATION, by=PK),
    "applications:edit": page(APPLICATION, EDIT, by=PK),
    "applications:autosave": page(APPLICATION, EDIT, by=PK),
    "applications:material_upload": page(APPLICATION, EDIT, by=PK),
    "applications:material_delete": page(MATERIAL, EDIT, by=_material),
    "applications:material_download": page(MATERIAL, by=_material),
    "applications:export_docx": page(APPLICATION, by=PK),
    "applications:export_pdf": page(APPLICATION, by=PK),
    "applications:invite": page(APPLICATION, EDIT, by=PK),
    # The invitation is a secret sent by email: whoever holds it sees the page; the service
    # lets only the invited applicant account join.
    "applications:accept_invitation": PUBLIC,
    # --- applications: pre-check (stage 2) and acceptance (stage 3) --------------------------
    "applications:unit_queue": page(RECOMMENDATION, ACT_ON),
    "applications:unit_export": page(RECOMMENDATION, ACT_ON),
    "applications:unit_bulk_recommend": page(RECOMMENDATION, ACT_ON),
    "applications:unit_letter_all": page(RECOMMENDATION, ACT_ON),
    "applications:unit_review": page(RECOMMENDATION, ACT_ON, by=PK),
    "applications:unit_checklist": page(RECOMMENDATION, ACT_ON, by=PK),
    "applications:unit_consultation": page(RECOMMENDATION, ACT_ON, by=PK),
    "applications:unit_paper_copy": page(RECOMMENDATION, ACT_ON, by=PK),
    "applications:unit_recommend": page(RECOMMENDATION, ACT_ON, by=PK),
    "applications:unit_return": page(RECOMMENDATION, ACT_ON, by=PK),
    "applications:unit_not_recommend": page(RECOMMENDATION, ACT_ON, by=PK),
    "applications:unit_letter": page(RECOMMENDATION, by=PK),
    "applications:office_list": page(ACCEPTANCE),
    "applications:office_export": page(ACCEPTANCE),
    "applications:office_overview": page(ACCEPTANCE),
    "applications:office_overview_export": page(ACCEPTANCE),
    "applications:office_extensions": page(ACCEPTANCE, post=MANAGE),
    "applications:office_acceptance_list": page(ACCEPTANCE),
    "applications:office_acceptance_publicize": page(ACCEPTANCE, MANAGE),
    "applications:office_acceptance_export": page(ACCEPTANCE),
    "applications:office_acceptance": page(ACCEPTANCE, by=PK),
    "applications:office_check": page(ACCEPTANCE, MANAGE, by=PK),
    "applications:office_consultation": page(ACCEPTANCE, MANAGE, by=PK),
    "applications:office_resolve_objection": page(ACCEPTANCE, MANAGE, by=PK),
    "applications:office_accept": page(ACCEPTANCE, MANAGE, by=PK),
    "applications:office_not_accept": page(ACCEPTANCE, MANAGE, by=PK),
    "applications:office_withdraw": page(ACCEPTANCE, MANAGE, by=PK),
    # --- editions ----------------------------------------------------------------------------
    "editions:past": PUBLIC,
    "editions:notice_file": page(EDITION, by=PK),
    "editions:switch": page(PROGRESS),  # 查看届次: the edition the reader's pages show
    "editions:manage": page(EDITION, MANAGE),
    "editions:new": page(EDITION, MANAGE),
    "editions:detail": page(EDITION, MANAGE, by=PK),
    "editions:edit": page(EDITION, MANAGE, by=PK),
    "editions:preview": page(EDITION, MANAGE, by=PK),
    "editions:publish": page(EDITION, MANAGE, by=PK),
    # --- review: experts ---------------------------------------------------------------------
    "review:expert_dashboard": page(ASSIGNMENT, ACT_ON),
    "review:expert_conflicts": page(CONFLICT, ACT_ON),
    "review:assignment_detail": page(ASSIGNMENT, ACT_ON, by=PK),
    "review:assignment_declare": page(ASSIGNMENT, ACT_ON, by=PK),
    "review:assignment_autosave": page(ASSIGNMENT, ACT_ON, by=PK),
    "review:assignment_material": page(ASSIGNMENT, ACT_ON, by=_material_of_assignment),
    # --- review: the city office and the readers ---------------------------------------------
    "review:settings": page(REVIEW_SETTINGS, post=MANAGE),
    "review:expert_pool": page(EXPERT_PROFILE, post=MANAGE),
    "review:expert_pool_existing": page(EXPERT_PROFILE, MANAGE),
    "review:expert_pool_new": page(EXPERT_PROFILE, MANAGE),
    "review:expert_pool_import": page(EXPERT_PROFILE, MANAGE),
    "review:expert_pool_reuse": page(EXPERT_PROFILE, MANAGE),
    "review:expert_import_template": page(EXPERT_PROFILE, MANAGE),
    "review:expert_invitation": page(EXPERT_PROFILE, MANAGE, by=PK),
    "review:conflict_list": page(CONFLICT, post=MANAGE),
    "review:conflict_decide": page(CONFLICT, MANAGE, by=PK),
    "review:avoidance_match": page(AVOIDANCE, MANAGE, by=PK),
    "review:feedback_release": page(FEEDBACK, MANAGE),
    "review:round_list": page(ROUND, post=MANAGE),
    "review:round_detail": page(ROUND, by=PK),
    "review:round_draw": page(ROUND, MANAGE, by=PK),
    "review:round_open": page(ROUND, MANAGE, by=PK),
    "review:round_close": page(ROUND, MANAGE, by=PK),
    "review:round_leader": page(ROUND, MANAGE, by=PK),
    "review:member_add": page(ROUND, MANAGE, by=PK),
    "review:member_remove": page(ROUND, MANAGE),
    "review:round_assign": page(ROUND, MANAGE, by=PK),
    "review:assignment_remove": page(ASSIGNMENT, MANAGE, by=PK),
    "review:round_progress": page(ROUND_RESULTS, by=PK),
    "review:round_results": page(ROUND_RESULTS, by=PK),
    "review:round_advancement": page(ROUND, MANAGE, by=PK),
    "review:round_decide": page(ROUND, MANAGE, by=PK),
    "review:round_apply": page(ROUND, MANAGE, by=PK),
    "review:round_report_docx": page(ROUND, by=PK),
    "review:round_report_pdf": page(ROUND, by=PK),
    "review:round_scores_xlsx": page(ROUND, by=PK),
    "review:draw_detail": page(ROUND),
    "review:defense_schedule": page(ROUND, by=PK, post=MANAGE),
    "review:onsite_visit": page(VISIT, post=EDIT, by=_visit),
    "review:sheet_view": page(SHEET, by=PK),
    "review:sheet_reopen": page(SHEET, MANAGE, by=PK),
    "review:sheet_excuse": page(SHEET, MANAGE, by=PK),
    "review:rubric_list": page(RUBRIC, post=MANAGE),
    "review:rubric_detail": page(RUBRIC, by=PK),
    "review:rubric_publish": page(RUBRIC, MANAGE, by=PK),
    # --- review: applicants ------------------------------------------------------------------
    "review:avoidance_request": page(AVOIDANCE, EDIT, by=lambda kwargs: _application(kwargs)),
    "review:feedback": page(FEEDBACK, by=PK),
    "review:feedback_pdf": page(FEEDBACK, by=PK),
    # --- review: deliberation and award ------------------------------------------------------
    "review:deliberation": page(DELIBERATION),
    "review:deliberation_draft": page(DELIBERATION, MANAGE),
    "review:deliberation_conclude": page(DELIBERATION, MANAGE),
    "review:deliberation_list": page(PROPOSED_LIST, by=PK),
    "review:deliberation_decide": page(PROPOSED_LIST, DECIDE, by=PK),
    "review:deliberation_publicize": page(PROPOSED_LIST, MANAGE, by=PK),
    "review:deliberation_report_docx": page(PROPOSED_LIST, by=PK),
    "review:deliberation_report_pdf": page(PROPOSED_LIST, by=PK),
    "review:deliberation_attachment": page(DECISION, by=PK),
    "review:deliberation_award": page(AWARD),
    "review:deliberation_government_approval": page(AWARD, MANAGE),
    "review:deliberation_notice": page(AWARD, MANAGE),
    "review:deliberation_plaques": page(AWARD),
    "review:deliberation_revoke": page(AWARD, MANAGE, by=PK),
    "review:deliberation_close": page(AWARD, MANAGE),
    "review:edition_statistics": page(AWARD),
    "review:edition_statistics_xlsx": page(AWARD),
    "review:certificate_pdf": page(CERTIFICATE, by=PK),
    "review:certificate_verify": PUBLIC,
    "review:commendation_list": PUBLIC,
    "review:commendation_detail": PUBLIC,
    # --- publicity -----------------------------------------------------------------------------
    "publicity:public_list": PUBLIC,
    "publicity:public_detail": page(PUBLICATION, by=PK),
    "publicity:notice_pdf": page(PUBLICATION, by=PK),
    "publicity:objection_create": page(PUBLICATION, by=PK),
    "publicity:objection_receipt": PUBLIC,
    "publicity:objection_lookup": PUBLIC,
    "publicity:manage_list": page(WINDOW),
    "publicity:window_create": page(WINDOW, MANAGE),
    "publicity:window_manage": page(WINDOW, by=PK),
    "publicity:window_edit": page(WINDOW, MANAGE, by=PK),
    "publicity:window_publish": page(WINDOW, MANAGE, by=PK),
    "publicity:window_withdraw": page(WINDOW, MANAGE, by=PK),
    "publicity:window_replace": page(WINDOW, MANAGE, by=PK),
    "publicity:objection_list": page(OBJECTION),
    "publicity:objection_detail": page(OBJECTION, by=PK),
    "publicity:objection_investigate": page(OBJECTION, MANAGE, by=PK),
    "publicity:objection_decide": page(OBJECTION, MANAGE, by=PK),
    "publicity:evidence_download": page(EVIDENCE, by=PK),
    "publicity:calendar_years": page(HOLIDAY_CALENDAR),
    "publicity:calendar_preview": page(HOLIDAY_CALENDAR, MANAGE),
    "publicity:calendar_save": page(HOLIDAY_CALENDAR, MANAGE),
    # The Django admin's front page, for the navigation (the admin's pages check themselves).
    "admin:index": page(ADMINISTRATION, MANAGE),
}


def _application(kwargs: dict):
    from applications.models import Application

    return Application.objects.filter(pk=kwargs["pk"]).first()


def page_of(url_name: str) -> Page | str:
    return PAGES[url_name]
