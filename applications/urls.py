from applications import lifecycle_views
from award_portal.routes import routes

app_name = "applications"

urlpatterns = [
    *routes(
        lifecycle_views,
        "",
        ("lifecycle/", "lifecycle", "lifecycle_diagram"),
        ("<int:pk>/timeline/", "timeline"),
        ("<int:pk>/move/<slug:move>/", "move", "make_move"),
        ("edition/<int:pk>/advance/", "advance_stage"),
        ("office/progress/", "edition_progress"),
        ("office/mails/<int:pk>/resend/", "resend_notification"),
    ),
]

from applications.intake import views  # noqa: E402

urlpatterns += [
    *routes(views, "", ("", "dashboard"), ("new/", "new", "new_application")),
    *routes(
        views,
        "<int:pk>/",
        ("", "detail"),
        ("edit/", "edit"),
        ("autosave/", "autosave"),
        ("materials/", "material_upload", "upload_material"),
        ("materials/<int:material_pk>/delete/", "material_delete", "delete_material"),
        ("materials/<int:material_pk>/download/", "material_download", "download_material"),
        ("export/form.docx", "export_docx"),
        ("export/application.pdf", "export_pdf"),
        ("invite/", "invite"),
    ),
    *routes(views, "invitations/", ("<str:token>/", "accept_invitation")),
]

from applications.precheck.views import acceptance, office, unit  # noqa: E402

# Stages 2 and 3: the recommending unit's pre-check and the city office's acceptance.
urlpatterns += [
    *routes(
        unit,
        "unit/",
        ("", "unit_queue"),
        ("export.xlsx", "unit_export"),
        ("recommend/", "unit_bulk_recommend"),
        ("letter.docx", "unit_letter_all"),
        ("<int:pk>/", "unit_review"),
        ("<int:pk>/checklist/", "unit_checklist"),
        ("<int:pk>/consultation/", "unit_consultation"),
        ("<int:pk>/paper-copy/", "unit_paper_copy"),
        ("<int:pk>/recommend/", "unit_recommend"),
        ("<int:pk>/return/", "unit_return"),
        ("<int:pk>/not-recommend/", "unit_not_recommend"),
        ("<int:pk>/letter.docx", "unit_letter"),
    ),
    *routes(
        office,
        "office/",
        ("", "office_list"),
        ("export.xlsx", "office_export"),
        ("overview/", "office_overview"),
        ("overview.xlsx", "office_overview_export"),
        ("extensions/", "office_extensions"),
    ),
    *routes(
        acceptance,
        "office/",
        ("acceptance-list/", "office_acceptance_list"),
        ("acceptance-list/publicize/", "office_acceptance_publicize"),
        ("acceptance-list.xlsx", "office_acceptance_export"),
        ("<int:pk>/", "office_acceptance"),
        ("<int:pk>/check/", "office_check"),
        ("<int:pk>/consultation/", "office_consultation"),
        ("<int:pk>/consultation/resolve/", "office_resolve_objection"),
        ("<int:pk>/accept/", "office_accept"),
        ("<int:pk>/not-accept/", "office_not_accept"),
        ("<int:pk>/withdraw/", "office_withdraw"),
    ),
]
