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

from award_portal.access import kinds as k
from award_portal.access.conditions import Visit

PUBLIC = "public"
SIGNED_IN = "signed_in"


@dataclass(frozen=True)
class Page:
    kind: str
    action: str = k.VIEW
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


def page(kind, action=k.VIEW, *, post=None, by=None) -> Page:
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
    "applications:lifecycle": page(k.PROGRESS),
    "applications:edition_progress": page(k.PROGRESS),
    "applications:advance_stage": page(k.PROGRESS, k.MANAGE, by=PK),
    "applications:resend_notification": page(k.NOTIFICATION, k.MANAGE, by=PK),
    "applications:timeline": page(k.APPLICATION, by=PK),
    # Whoever sees the application reaches the moves; the lifecycle table says who may make
    # which move (the moves' own roles).
    "applications:move": page(k.APPLICATION, by=PK),
    "applications:dashboard": page(k.APPLICATION, k.EDIT),
    "applications:new": page(k.APPLICATION, k.EDIT),
    "applications:detail": page(k.APPLICATION, by=PK),
    "applications:edit": page(k.APPLICATION, k.EDIT, by=PK),
    "applications:autosave": page(k.APPLICATION, k.EDIT, by=PK),
    "applications:material_upload": page(k.APPLICATION, k.EDIT, by=PK),
    "applications:material_delete": page(k.MATERIAL, k.EDIT, by=_material),
    "applications:material_download": page(k.MATERIAL, by=_material),
    "applications:export_docx": page(k.APPLICATION, by=PK),
    "applications:export_pdf": page(k.APPLICATION, by=PK),
    "applications:invite": page(k.APPLICATION, k.EDIT, by=PK),
    # The invitation is a secret sent by email: whoever holds it sees the page; the service
    # lets only the invited applicant account join.
    "applications:accept_invitation": PUBLIC,
    # --- applications: pre-check (stage 2) and acceptance (stage 3) --------------------------
    "applications:unit_queue": page(k.RECOMMENDATION, k.ACT_ON),
    "applications:unit_export": page(k.RECOMMENDATION, k.ACT_ON),
    "applications:unit_bulk_recommend": page(k.RECOMMENDATION, k.ACT_ON),
    "applications:unit_letter_all": page(k.RECOMMENDATION, k.ACT_ON),
    "applications:unit_review": page(k.RECOMMENDATION, k.ACT_ON, by=PK),
    "applications:unit_checklist": page(k.RECOMMENDATION, k.ACT_ON, by=PK),
    "applications:unit_consultation": page(k.RECOMMENDATION, k.ACT_ON, by=PK),
    "applications:unit_paper_copy": page(k.RECOMMENDATION, k.ACT_ON, by=PK),
    "applications:unit_recommend": page(k.RECOMMENDATION, k.ACT_ON, by=PK),
    "applications:unit_return": page(k.RECOMMENDATION, k.ACT_ON, by=PK),
    "applications:unit_not_recommend": page(k.RECOMMENDATION, k.ACT_ON, by=PK),
    "applications:unit_letter": page(k.RECOMMENDATION, by=PK),
    "applications:office_list": page(k.ACCEPTANCE),
    "applications:office_export": page(k.ACCEPTANCE),
    "applications:office_overview": page(k.ACCEPTANCE),
    "applications:office_overview_export": page(k.ACCEPTANCE),
    "applications:office_extensions": page(k.ACCEPTANCE, post=k.MANAGE),
    "applications:office_acceptance_list": page(k.ACCEPTANCE),
    "applications:office_acceptance_publicize": page(k.ACCEPTANCE, k.MANAGE),
    "applications:office_acceptance_export": page(k.ACCEPTANCE),
    "applications:office_acceptance": page(k.ACCEPTANCE, by=PK),
    "applications:office_check": page(k.ACCEPTANCE, k.MANAGE, by=PK),
    "applications:office_consultation": page(k.ACCEPTANCE, k.MANAGE, by=PK),
    "applications:office_resolve_objection": page(k.ACCEPTANCE, k.MANAGE, by=PK),
    "applications:office_accept": page(k.ACCEPTANCE, k.MANAGE, by=PK),
    "applications:office_not_accept": page(k.ACCEPTANCE, k.MANAGE, by=PK),
    "applications:office_withdraw": page(k.ACCEPTANCE, k.MANAGE, by=PK),
    # --- editions ----------------------------------------------------------------------------
    "editions:past": PUBLIC,
    "editions:notice_file": page(k.EDITION, by=PK),
    "editions:switch": page(k.PROGRESS),  # 查看届次: the edition the reader's pages show
    "editions:manage": page(k.EDITION, k.MANAGE),
    "editions:new": page(k.EDITION, k.MANAGE),
    "editions:detail": page(k.EDITION, k.MANAGE, by=PK),
    "editions:edit": page(k.EDITION, k.MANAGE, by=PK),
    "editions:preview": page(k.EDITION, k.MANAGE, by=PK),
    "editions:publish": page(k.EDITION, k.MANAGE, by=PK),
    # --- review: experts ---------------------------------------------------------------------
    "review:expert_dashboard": page(k.ASSIGNMENT, k.ACT_ON),
    "review:expert_conflicts": page(k.CONFLICT, k.ACT_ON),
    "review:assignment_detail": page(k.ASSIGNMENT, k.ACT_ON, by=PK),
    "review:assignment_declare": page(k.ASSIGNMENT, k.ACT_ON, by=PK),
    "review:assignment_autosave": page(k.ASSIGNMENT, k.ACT_ON, by=PK),
    "review:assignment_material": page(k.ASSIGNMENT, k.ACT_ON, by=_material_of_assignment),
    # --- review: the city office and the readers ---------------------------------------------
    "review:settings": page(k.REVIEW_SETTINGS, post=k.MANAGE),
    "review:expert_pool": page(k.EXPERT_PROFILE, post=k.MANAGE),
    "review:expert_pool_existing": page(k.EXPERT_PROFILE, k.MANAGE),
    "review:expert_pool_new": page(k.EXPERT_PROFILE, k.MANAGE),
    "review:expert_pool_import": page(k.EXPERT_PROFILE, k.MANAGE),
    "review:expert_pool_reuse": page(k.EXPERT_PROFILE, k.MANAGE),
    "review:expert_import_template": page(k.EXPERT_PROFILE, k.MANAGE),
    "review:expert_invitation": page(k.EXPERT_PROFILE, k.MANAGE, by=PK),
    "review:conflict_list": page(k.CONFLICT, post=k.MANAGE),
    "review:conflict_decide": page(k.CONFLICT, k.MANAGE, by=PK),
    "review:avoidance_match": page(k.AVOIDANCE, k.MANAGE, by=PK),
    "review:feedback_release": page(k.FEEDBACK, k.MANAGE),
    "review:round_list": page(k.ROUND, post=k.MANAGE),
    "review:round_detail": page(k.ROUND, by=PK),
    "review:round_draw": page(k.ROUND, k.MANAGE, by=PK),
    "review:round_open": page(k.ROUND, k.MANAGE, by=PK),
    "review:round_close": page(k.ROUND, k.MANAGE, by=PK),
    "review:round_leader": page(k.ROUND, k.MANAGE, by=PK),
    "review:member_add": page(k.ROUND, k.MANAGE, by=PK),
    "review:member_remove": page(k.ROUND, k.MANAGE),
    "review:round_assign": page(k.ROUND, k.MANAGE, by=PK),
    "review:assignment_remove": page(k.ASSIGNMENT, k.MANAGE, by=PK),
    "review:round_progress": page(k.ROUND_RESULTS, by=PK),
    "review:round_results": page(k.ROUND_RESULTS, by=PK),
    "review:round_advancement": page(k.ROUND, k.MANAGE, by=PK),
    "review:round_decide": page(k.ROUND, k.MANAGE, by=PK),
    "review:round_apply": page(k.ROUND, k.MANAGE, by=PK),
    "review:round_report_docx": page(k.ROUND, by=PK),
    "review:round_report_pdf": page(k.ROUND, by=PK),
    "review:round_scores_xlsx": page(k.ROUND, by=PK),
    "review:draw_detail": page(k.ROUND),
    "review:defense_schedule": page(k.ROUND, by=PK, post=k.MANAGE),
    "review:onsite_visit": page(k.VISIT, post=k.EDIT, by=_visit),
    "review:sheet_view": page(k.SHEET, by=PK),
    "review:sheet_reopen": page(k.SHEET, k.MANAGE, by=PK),
    "review:sheet_excuse": page(k.SHEET, k.MANAGE, by=PK),
    "review:rubric_list": page(k.RUBRIC, post=k.MANAGE),
    "review:rubric_detail": page(k.RUBRIC, by=PK),
    "review:rubric_publish": page(k.RUBRIC, k.MANAGE, by=PK),
    # --- review: applicants ------------------------------------------------------------------
    "review:avoidance_request": page(k.AVOIDANCE, k.EDIT, by=lambda kwargs: _application(kwargs)),
    "review:feedback": page(k.FEEDBACK, by=PK),
    "review:feedback_pdf": page(k.FEEDBACK, by=PK),
    # --- review: deliberation and award ------------------------------------------------------
    "review:deliberation": page(k.DELIBERATION),
    "review:deliberation_draft": page(k.DELIBERATION, k.MANAGE),
    "review:deliberation_conclude": page(k.DELIBERATION, k.MANAGE),
    "review:deliberation_list": page(k.PROPOSED_LIST, by=PK),
    "review:deliberation_decide": page(k.PROPOSED_LIST, k.DECIDE, by=PK),
    "review:deliberation_publicize": page(k.PROPOSED_LIST, k.MANAGE, by=PK),
    "review:deliberation_report_docx": page(k.PROPOSED_LIST, by=PK),
    "review:deliberation_report_pdf": page(k.PROPOSED_LIST, by=PK),
    "review:deliberation_attachment": page(k.DECISION, by=PK),
    "review:deliberation_award": page(k.AWARD),
    "review:deliberation_government_approval": page(k.AWARD, k.MANAGE),
    "review:deliberation_notice": page(k.AWARD, k.MANAGE),
    "review:deliberation_plaques": page(k.AWARD),
    "review:deliberation_revoke": page(k.AWARD, k.MANAGE, by=PK),
    "review:deliberation_close": page(k.AWARD, k.MANAGE),
    "review:edition_statistics": page(k.AWARD),
    "review:edition_statistics_xlsx": page(k.AWARD),
    "review:certificate_pdf": page(k.CERTIFICATE, by=PK),
    "review:certificate_verify": PUBLIC,
    "review:commendation_list": PUBLIC,
    "review:commendation_detail": PUBLIC,
    # --- publicity -----------------------------------------------------------------------------
    "publicity:public_list": PUBLIC,
    "publicity:public_detail": page(k.PUBLICATION, by=PK),
    "publicity:notice_pdf": page(k.PUBLICATION, by=PK),
    "publicity:objection_create": page(k.PUBLICATION, by=PK),
    "publicity:objection_receipt": PUBLIC,
    "publicity:objection_lookup": PUBLIC,
    "publicity:manage_list": page(k.WINDOW),
    "publicity:window_create": page(k.WINDOW, k.MANAGE),
    "publicity:window_manage": page(k.WINDOW, by=PK),
    "publicity:window_edit": page(k.WINDOW, k.MANAGE, by=PK),
    "publicity:window_publish": page(k.WINDOW, k.MANAGE, by=PK),
    "publicity:window_withdraw": page(k.WINDOW, k.MANAGE, by=PK),
    "publicity:window_replace": page(k.WINDOW, k.MANAGE, by=PK),
    "publicity:objection_list": page(k.OBJECTION),
    "publicity:objection_detail": page(k.OBJECTION, by=PK),
    "publicity:objection_investigate": page(k.OBJECTION, k.MANAGE, by=PK),
    "publicity:objection_decide": page(k.OBJECTION, k.MANAGE, by=PK),
    "publicity:evidence_download": page(k.EVIDENCE, by=PK),
    "publicity:calendar_years": page(k.HOLIDAY_CALENDAR),
    "publicity:calendar_preview": page(k.HOLIDAY_CALENDAR, k.MANAGE),
    "publicity:calendar_save": page(k.HOLIDAY_CALENDAR, k.MANAGE),
    # The Django admin's front page, for the navigation (the admin's pages check themselves).
    "admin:index": page(k.ADMINISTRATION, k.MANAGE),
}


def _application(kwargs: dict):
    from applications.models import Application

    return Application.objects.filter(pk=kwargs["pk"]).first()


def page_of(url_name: str) -> Page | str:
    return PAGES[url_name]
