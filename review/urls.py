from django.urls import path

from review.awards import views as awards
from review.conflicts import views as conflicts
from review.deliberation import views as delib
from review.pool import views as pool
from review.rounds import experts as round_experts
from review.rounds import views as rounds
from review.rubrics import views as rubrics
from review.sheets import views as sheets
from review.visits import views as visits

app_name = "review"

urlpatterns = [
    # experts
    path("", sheets.expert_dashboard, name="expert_dashboard"),
    path("conflicts/", conflicts.expert_conflicts, name="expert_conflicts"),
    path("assignments/<int:pk>/", sheets.assignment_detail, name="assignment_detail"),
    path("assignments/<int:pk>/declare/", conflicts.assignment_declare, name="assignment_declare"),
    path("assignments/<int:pk>/autosave/", sheets.assignment_autosave, name="assignment_autosave"),
    path(
        "assignments/<int:pk>/materials/<int:material_pk>/",
        sheets.assignment_material,
        name="assignment_material",
    ),
    # the city office: editions
    path("editions/<int:pk>/settings/", pool.review_settings, name="settings"),
    path("editions/<int:pk>/experts/", pool.expert_pool, name="expert_pool"),
    path(
        "editions/<int:pk>/experts/existing/",
        pool.existing_account,
        name="expert_pool_existing",
    ),
    path("editions/<int:pk>/experts/new/", pool.new_account, name="expert_pool_new"),
    path("editions/<int:pk>/experts/import/", pool.import_list, name="expert_pool_import"),
    path("editions/<int:pk>/experts/reuse/", pool.reuse_past, name="expert_pool_reuse"),
    path("experts/import-template.xlsx", pool.import_template, name="expert_import_template"),
    path("pool/<int:pk>/invitation/", pool.resend_invitation, name="expert_invitation"),
    path("editions/<int:pk>/conflicts/", conflicts.conflict_list, name="conflict_list"),
    path("editions/<int:pk>/feedback/release/", rounds.feedback_release, name="feedback_release"),
    path("conflicts/<int:pk>/decide/", conflicts.conflict_decide, name="conflict_decide"),
    path("avoidance/<int:pk>/match/", conflicts.avoidance_match, name="avoidance_match"),
    # rounds
    path("rounds/", rounds.round_list, name="round_list"),
    path("rounds/<int:pk>/", rounds.round_detail, name="round_detail"),
    path("rounds/<int:pk>/draw/", rounds.round_draw, name="round_draw"),
    path("rounds/<int:pk>/open/", rounds.round_open, name="round_open"),
    path("rounds/<int:pk>/close/", rounds.round_close, name="round_close"),
    path("rounds/<int:pk>/leader/", rounds.round_leader, name="round_leader"),
    path("rounds/<int:pk>/members/add/", rounds.member_add, name="member_add"),
    path("rounds/<int:pk>/assign/", rounds.round_assign, name="round_assign"),
    path("rounds/<int:pk>/experts/", round_experts.expert_search, name="round_expert_search"),
    path("rounds/<int:pk>/progress/", rounds.round_progress, name="round_progress"),
    path("rounds/<int:pk>/results/", rounds.round_results, name="round_results"),
    path("rounds/<int:pk>/advancement/", rounds.round_advancement, name="round_advancement"),
    path("rounds/<int:pk>/advancement/manual/", rounds.round_decide, name="round_decide"),
    path("rounds/<int:pk>/advancement/apply/", rounds.round_apply, name="round_apply"),
    path("rounds/<int:pk>/report.docx", rounds.round_report_docx, name="round_report_docx"),
    path("rounds/<int:pk>/report.pdf", rounds.round_report_pdf, name="round_report_pdf"),
    path("rounds/<int:pk>/scores.xlsx", rounds.round_scores_xlsx, name="round_scores_xlsx"),
    path("rounds/<int:pk>/defense/", visits.defense_schedule, name="defense_schedule"),
    path(
        "rounds/<int:pk>/visits/<int:application_pk>/",
        visits.onsite_visit,
        name="onsite_visit",
    ),
    path("members/<int:pk>/remove/", rounds.member_remove, name="member_remove"),
    path("assignments/<int:pk>/remove/", rounds.assignment_remove, name="assignment_remove"),
    path("sheets/<int:pk>/", sheets.sheet_view, name="sheet_view"),
    path("sheets/<int:pk>/reopen/", sheets.sheet_reopen, name="sheet_reopen"),
    path("sheets/<int:pk>/excuse/", sheets.sheet_excuse, name="sheet_excuse"),
    path("draws/<int:pk>/", rounds.draw_detail, name="draw_detail"),
    # rubrics
    path("rubrics/", rubrics.rubric_list, name="rubric_list"),
    path("rubrics/<int:pk>/", rubrics.rubric_detail, name="rubric_detail"),
    path("rubrics/<int:pk>/publish/", rubrics.rubric_publish, name="rubric_publish"),
    # applicants
    path("applications/<int:pk>/avoidance/", conflicts.avoidance_request, name="avoidance_request"),
    path("applications/<int:pk>/feedback/", rounds.feedback, name="feedback"),
    path("applications/<int:pk>/feedback.pdf", rounds.feedback_pdf, name="feedback_pdf"),
    # deliberation and award (stages 7–8)
    path("deliberation/", delib.deliberation_home, name="deliberation"),
    path("deliberation/draft/", delib.deliberation_draft, name="deliberation_draft"),
    path("deliberation/conclude/", delib.deliberation_conclude, name="deliberation_conclude"),
    path("deliberation/lists/<int:pk>/", delib.deliberation_list, name="deliberation_list"),
    path(
        "deliberation/lists/<int:pk>/decide/",
        delib.deliberation_decide,
        name="deliberation_decide",
    ),
    path(
        "deliberation/lists/<int:pk>/publicize/",
        delib.deliberation_publicize,
        name="deliberation_publicize",
    ),
    path(
        "deliberation/lists/<int:pk>/report.docx",
        delib.deliberation_report_docx,
        name="deliberation_report_docx",
    ),
    path(
        "deliberation/lists/<int:pk>/report.pdf",
        delib.deliberation_report_pdf,
        name="deliberation_report_pdf",
    ),
    path(
        "deliberation/decisions/<int:pk>/attachment/",
        delib.deliberation_attachment,
        name="deliberation_attachment",
    ),
    path("deliberation/award/", awards.deliberation_award, name="deliberation_award"),
    path(
        "deliberation/award/approval/",
        awards.deliberation_government_approval,
        name="deliberation_government_approval",
    ),
    path("deliberation/award/notice/", awards.deliberation_notice, name="deliberation_notice"),
    path(
        "deliberation/award/plaques.xlsx", awards.deliberation_plaques, name="deliberation_plaques"
    ),
    path(
        "deliberation/award/<int:pk>/revoke/",
        awards.deliberation_revoke,
        name="deliberation_revoke",
    ),
    path("deliberation/close/", awards.deliberation_close, name="deliberation_close"),
    path("editions/<int:pk>/statistics/", awards.edition_statistics, name="edition_statistics"),
    path(
        "editions/<int:pk>/statistics.xlsx",
        awards.edition_statistics_xlsx,
        name="edition_statistics_xlsx",
    ),
    path("applications/<int:pk>/certificate.pdf", awards.certificate_pdf, name="certificate_pdf"),
    # public: certificate check and commendation notices
    path("certificates/verify/", awards.certificate_verify, name="certificate_verify"),
    path("commendations/", awards.commendation_list, name="commendation_list"),
    path("commendations/<int:pk>/", awards.commendation_detail, name="commendation_detail"),
]
