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


def each(entry: Page | str, *names: str) -> dict[str, Page | str]:
    """The same entry for several URLs."""
    return dict.fromkeys(names, entry)


PAGES: dict[str, Page | str] = {
    **each(PUBLIC, "home", "set_language", "editions:past"),
    # --- accounts: the emailed links are whoever holds them ----------------------------------
    **each(
        PUBLIC,
        "accounts:login",
        "accounts:logout",
        "accounts:password_reset",
        "accounts:password_reset_done",
        "accounts:password_reset_confirm",
        "accounts:password_reset_complete",
        "accounts:register",
        "accounts:email_verify",
    ),
    **each(
        SIGNED_IN,
        "accounts:password_change",
        "accounts:password_change_done",
        "accounts:profile",
        "accounts:landing",
        "accounts:reauth",
        "accounts:email_change",
        "accounts:email_verification",
        "accounts:otp_setup",
        "accounts:otp_verify",
        "accounts:otp_disable",
    ),
    # --- applications: stage 1 and the lifecycle ---------------------------------------------
    # 查看届次 (editions:switch): the readers of the progress choose the edition they work on.
    **each(page(k.PROGRESS), "applications:lifecycle", "applications:edition_progress"),
    **each(page(k.PROGRESS), "editions:switch"),
    "applications:advance_stage": page(k.PROGRESS, k.MANAGE, by=PK),
    "applications:resend_notification": page(k.NOTIFICATION, k.MANAGE, by=PK),
    # Whoever sees the application reaches the moves (applications:move); the lifecycle table
    # says who may make which move (the moves' own roles).
    **each(
        page(k.APPLICATION, by=PK),
        "applications:timeline",
        "applications:move",
        "applications:detail",
        "applications:export_docx",
        "applications:export_pdf",
    ),
    **each(page(k.APPLICATION, k.EDIT), "applications:dashboard", "applications:new"),
    **each(
        page(k.APPLICATION, k.EDIT, by=PK),
        "applications:edit",
        "applications:autosave",
        "applications:material_upload",
        "applications:invite",
    ),
    "applications:material_delete": page(k.MATERIAL, k.EDIT, by=_material),
    "applications:material_download": page(k.MATERIAL, by=_material),
    # The invitation is a secret sent by email: whoever holds it sees the page; the service
    # lets only the invited applicant account join.
    "applications:accept_invitation": PUBLIC,
    # --- applications: pre-check (stage 2) and acceptance (stage 3) --------------------------
    **each(
        page(k.RECOMMENDATION, k.ACT_ON),
        "applications:unit_queue",
        "applications:unit_export",
        "applications:unit_bulk_recommend",
        "applications:unit_letter_all",
    ),
    **each(
        page(k.RECOMMENDATION, k.ACT_ON, by=PK),
        "applications:unit_review",
        "applications:unit_checklist",
        "applications:unit_consultation",
        "applications:unit_paper_copy",
        "applications:unit_recommend",
        "applications:unit_return",
        "applications:unit_not_recommend",
    ),
    "applications:unit_letter": page(k.RECOMMENDATION, by=PK),
    **each(
        page(k.ACCEPTANCE),
        "applications:office_list",
        "applications:office_export",
        "applications:office_overview",
        "applications:office_overview_export",
        "applications:office_acceptance_list",
        "applications:office_acceptance_export",
    ),
    "applications:office_extensions": page(k.ACCEPTANCE, post=k.MANAGE),
    "applications:office_acceptance_publicize": page(k.ACCEPTANCE, k.MANAGE),
    "applications:office_acceptance": page(k.ACCEPTANCE, by=PK),
    **each(
        page(k.ACCEPTANCE, k.MANAGE, by=PK),
        "applications:office_check",
        "applications:office_consultation",
        "applications:office_resolve_objection",
        "applications:office_accept",
        "applications:office_not_accept",
        "applications:office_withdraw",
    ),
    # --- editions ----------------------------------------------------------------------------
    "editions:notice_file": page(k.EDITION, by=PK),
    **each(page(k.EDITION, k.MANAGE), "editions:manage", "editions:new"),
    **each(
        page(k.EDITION, k.MANAGE, by=PK),
        "editions:detail",
        "editions:edit",
        "editions:preview",
        "editions:publish",
        "editions:word_template",
        "editions:word_template_upload",
        "editions:word_template_reset",
    ),
    # --- review: experts ---------------------------------------------------------------------
    "review:expert_dashboard": page(k.ASSIGNMENT, k.ACT_ON),
    "review:expert_conflicts": page(k.CONFLICT, k.ACT_ON),
    **each(
        page(k.ASSIGNMENT, k.ACT_ON, by=PK),
        "review:assignment_detail",
        "review:assignment_declare",
        "review:assignment_autosave",
    ),
    "review:assignment_material": page(k.ASSIGNMENT, k.ACT_ON, by=_material_of_assignment),
    # --- review: the city office and the readers ---------------------------------------------
    "review:settings": page(k.REVIEW_SETTINGS, post=k.MANAGE),
    "review:expert_pool": page(k.EXPERT_PROFILE, post=k.MANAGE),
    **each(
        page(k.EXPERT_PROFILE, k.MANAGE),
        "review:expert_pool_existing",
        "review:expert_pool_new",
        "review:expert_pool_import",
        "review:expert_pool_reuse",
        "review:expert_import_template",
    ),
    "review:expert_invitation": page(k.EXPERT_PROFILE, k.MANAGE, by=PK),
    "review:conflict_list": page(k.CONFLICT, post=k.MANAGE),
    "review:conflict_decide": page(k.CONFLICT, k.MANAGE, by=PK),
    "review:avoidance_match": page(k.AVOIDANCE, k.MANAGE, by=PK),
    "review:feedback_release": page(k.FEEDBACK, k.MANAGE),
    "review:round_list": page(k.ROUND, post=k.MANAGE),
    "review:defense_schedule": page(k.ROUND, by=PK, post=k.MANAGE),
    **each(
        page(k.ROUND, by=PK),
        "review:round_detail",
        "review:round_report_docx",
        "review:round_report_pdf",
        "review:round_scores_xlsx",
    ),
    "review:draw_detail": page(k.ROUND),
    **each(
        page(k.ROUND, k.MANAGE, by=PK),
        "review:round_draw",
        "review:round_open",
        "review:round_close",
        "review:round_leader",
        "review:member_add",
        "review:round_assign",
        "review:round_expert_search",
        "review:round_advancement",
        "review:round_decide",
        "review:round_apply",
    ),
    "review:member_remove": page(k.ROUND, k.MANAGE),
    "review:assignment_remove": page(k.ASSIGNMENT, k.MANAGE, by=PK),
    # The round's group leader too: who has submitted, not what (scopes.sealed_application_ids).
    **each(page(k.ROUND_RESULTS, by=PK), "review:round_progress", "review:round_results"),
    "review:onsite_visit": page(k.VISIT, post=k.EDIT, by=_visit),
    "review:sheet_view": page(k.SHEET, by=PK),
    **each(page(k.SHEET, k.MANAGE, by=PK), "review:sheet_reopen", "review:sheet_excuse"),
    "review:rubric_list": page(k.RUBRIC, post=k.MANAGE),
    "review:rubric_detail": page(k.RUBRIC, by=PK),
    "review:rubric_publish": page(k.RUBRIC, k.MANAGE, by=PK),
    # --- review: applicants ------------------------------------------------------------------
    "review:avoidance_request": page(k.AVOIDANCE, k.EDIT, by=lambda kwargs: _application(kwargs)),
    **each(page(k.FEEDBACK, by=PK), "review:feedback", "review:feedback_pdf"),
    # --- review: deliberation and award ------------------------------------------------------
    "review:deliberation": page(k.DELIBERATION),
    **each(
        page(k.DELIBERATION, k.MANAGE), "review:deliberation_draft", "review:deliberation_conclude"
    ),
    **each(
        page(k.PROPOSED_LIST, by=PK),
        "review:deliberation_list",
        "review:deliberation_report_docx",
        "review:deliberation_report_pdf",
    ),
    "review:deliberation_decide": page(k.PROPOSED_LIST, k.DECIDE, by=PK),
    "review:deliberation_publicize": page(k.PROPOSED_LIST, k.MANAGE, by=PK),
    "review:deliberation_attachment": page(k.DECISION, by=PK),
    **each(
        page(k.AWARD),
        "review:deliberation_award",
        "review:deliberation_plaques",
        "review:edition_statistics",
        "review:edition_statistics_xlsx",
    ),
    **each(
        page(k.AWARD, k.MANAGE),
        "review:deliberation_government_approval",
        "review:deliberation_notice",
        "review:deliberation_close",
    ),
    "review:deliberation_revoke": page(k.AWARD, k.MANAGE, by=PK),
    "review:certificate_pdf": page(k.CERTIFICATE, by=PK),
    # --- public pages --------------------------------------------------------------------------
    **each(
        PUBLIC,
        "review:certificate_verify",
        "review:commendation_list",
        "review:commendation_detail",
        "publicity:public_list",
        "publicity:objection_receipt",
        "publicity:objection_lookup",
    ),
    # A draft window is no publication: unknown to everyone on the public pages.
    **each(
        page(k.PUBLICATION, by=PK),
        "publicity:public_detail",
        "publicity:notice_pdf",
        "publicity:objection_create",
    ),
    # --- publicity: the city office and the supervision group --------------------------------
    "publicity:manage_list": page(k.WINDOW),
    "publicity:window_create": page(k.WINDOW, k.MANAGE),
    "publicity:window_manage": page(k.WINDOW, by=PK),
    **each(
        page(k.WINDOW, k.MANAGE, by=PK),
        "publicity:window_edit",
        "publicity:window_publish",
        "publicity:window_withdraw",
        "publicity:window_replace",
    ),
    "publicity:objection_list": page(k.OBJECTION),
    "publicity:objection_detail": page(k.OBJECTION, by=PK),
    **each(
        page(k.OBJECTION, k.MANAGE, by=PK),
        "publicity:objection_investigate",
        "publicity:objection_decide",
    ),
    "publicity:evidence_download": page(k.EVIDENCE, by=PK),
    "publicity:calendar_years": page(k.HOLIDAY_CALENDAR),
    **each(
        page(k.HOLIDAY_CALENDAR, k.MANAGE), "publicity:calendar_preview", "publicity:calendar_save"
    ),
    # --- personal information: the notice, the consent asked at sign-in, one's own data ------
    "privacy:notice": PUBLIC,
    **each(SIGNED_IN, "privacy:consent", "privacy:my_data"),
    "privacy:retention": page(k.PERSONAL_DATA, k.MANAGE),
    "privacy:trails": page(k.AUDIT_TRAIL),
    # The Django admin's front page, for the navigation (the admin's pages check themselves).
    "admin:index": page(k.ADMINISTRATION, k.MANAGE),
}


def _application(kwargs: dict):
    from applications.models import Application

    return Application.objects.filter(pk=kwargs["pk"]).first()


def page_of(url_name: str) -> Page | str:
    return PAGES[url_name]
