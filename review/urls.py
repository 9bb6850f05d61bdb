from award_portal.routes import routes
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
    *routes(sheets, "", ("", "expert_dashboard")),
    *routes(conflicts, "", ("conflicts/", "expert_conflicts")),
    *routes(sheets, "assignments/<int:pk>/", ("", "assignment_detail")),
    *routes(conflicts, "assignments/<int:pk>/", ("declare/", "assignment_declare")),
    *routes(
        sheets,
        "assignments/<int:pk>/",
        ("autosave/", "assignment_autosave"),
        ("materials/<int:material_pk>/", "assignment_material"),
    ),
    # the city office: editions
    *routes(
        pool,
        "",
        ("editions/<int:pk>/settings/", "settings", "review_settings"),
        ("editions/<int:pk>/experts/", "expert_pool"),
        ("editions/<int:pk>/experts/existing/", "expert_pool_existing", "existing_account"),
        ("editions/<int:pk>/experts/new/", "expert_pool_new", "new_account"),
        ("editions/<int:pk>/experts/import/", "expert_pool_import", "import_list"),
        ("editions/<int:pk>/experts/reuse/", "expert_pool_reuse", "reuse_past"),
        ("experts/import-template.xlsx", "expert_import_template", "import_template"),
        ("pool/<int:pk>/invitation/", "expert_invitation", "resend_invitation"),
    ),
    *routes(conflicts, "editions/<int:pk>/", ("conflicts/", "conflict_list")),
    *routes(rounds, "editions/<int:pk>/", ("feedback/release/", "feedback_release")),
    *routes(
        conflicts,
        "",
        ("conflicts/<int:pk>/decide/", "conflict_decide"),
        ("avoidance/<int:pk>/match/", "avoidance_match"),
    ),
    # rounds
    *routes(
        rounds,
        "rounds/",
        ("", "round_list"),
        ("<int:pk>/", "round_detail"),
        ("<int:pk>/draw/", "round_draw"),
        ("<int:pk>/open/", "round_open"),
        ("<int:pk>/close/", "round_close"),
        ("<int:pk>/leader/", "round_leader"),
        ("<int:pk>/members/add/", "member_add"),
        ("<int:pk>/assign/", "round_assign"),
        ("<int:pk>/progress/", "round_progress"),
        ("<int:pk>/results/", "round_results"),
        ("<int:pk>/advancement/", "round_advancement"),
        ("<int:pk>/advancement/manual/", "round_decide"),
        ("<int:pk>/advancement/apply/", "round_apply"),
        ("<int:pk>/report.docx", "round_report_docx"),
        ("<int:pk>/report.pdf", "round_report_pdf"),
        ("<int:pk>/scores.xlsx", "round_scores_xlsx"),
    ),
    *routes(
        round_experts, "rounds/<int:pk>/", ("experts/", "round_expert_search", "expert_search")
    ),
    *routes(
        visits,
        "rounds/<int:pk>/",
        ("defense/", "defense_schedule"),
        ("visits/<int:application_pk>/", "onsite_visit"),
    ),
    *routes(
        rounds,
        "",
        ("members/<int:pk>/remove/", "member_remove"),
        ("assignments/<int:pk>/remove/", "assignment_remove"),
    ),
    *routes(
        sheets,
        "sheets/<int:pk>/",
        ("", "sheet_view"),
        ("reopen/", "sheet_reopen"),
        ("excuse/", "sheet_excuse"),
    ),
    *routes(rounds, "draws/", ("<int:pk>/", "draw_detail")),
    # rubrics
    *routes(
        rubrics,
        "rubrics/",
        ("", "rubric_list"),
        ("<int:pk>/", "rubric_detail"),
        ("<int:pk>/publish/", "rubric_publish"),
    ),
    # applicants
    *routes(conflicts, "applications/<int:pk>/", ("avoidance/", "avoidance_request")),
    *routes(
        rounds,
        "applications/<int:pk>/",
        ("feedback/", "feedback"),
        ("feedback.pdf", "feedback_pdf"),
    ),
    # deliberation and award (stages 7–8)
    *routes(
        delib,
        "deliberation/",
        ("", "deliberation", "deliberation_home"),
        ("draft/", "deliberation_draft"),
        ("conclude/", "deliberation_conclude"),
        ("lists/<int:pk>/", "deliberation_list"),
        ("lists/<int:pk>/decide/", "deliberation_decide"),
        ("lists/<int:pk>/publicize/", "deliberation_publicize"),
        ("lists/<int:pk>/report.docx", "deliberation_report_docx"),
        ("lists/<int:pk>/report.pdf", "deliberation_report_pdf"),
        ("decisions/<int:pk>/attachment/", "deliberation_attachment"),
    ),
    *routes(
        awards,
        "deliberation/",
        ("award/", "deliberation_award"),
        ("award/approval/", "deliberation_government_approval"),
        ("award/notice/", "deliberation_notice"),
        ("award/plaques.xlsx", "deliberation_plaques"),
        ("award/<int:pk>/revoke/", "deliberation_revoke"),
        ("close/", "deliberation_close"),
    ),
    *routes(
        awards,
        "",
        ("editions/<int:pk>/statistics/", "edition_statistics"),
        ("editions/<int:pk>/statistics.xlsx", "edition_statistics_xlsx"),
        ("applications/<int:pk>/certificate.pdf", "certificate_pdf"),
        # public: certificate check and commendation notices
        ("certificates/verify/", "certificate_verify"),
        ("commendations/", "commendation_list"),
        ("commendations/<int:pk>/", "commendation_detail"),
    ),
]
