from django.urls import path

from applications import lifecycle_views

app_name = "applications"

urlpatterns = [
    path("lifecycle/", lifecycle_views.lifecycle_diagram, name="lifecycle"),
    path("<int:pk>/timeline/", lifecycle_views.timeline, name="timeline"),
    path("<int:pk>/move/<slug:move>/", lifecycle_views.make_move, name="move"),
    path("edition/<int:pk>/advance/", lifecycle_views.advance_stage, name="advance_stage"),
    path("office/progress/", lifecycle_views.edition_progress, name="edition_progress"),
    path(
        "office/mails/<int:pk>/resend/",
        lifecycle_views.resend_notification,
        name="resend_notification",
    ),
]

from applications.intake import views  # noqa: E402

urlpatterns += [
    path("", views.dashboard, name="dashboard"),
    path("new/", views.new_application, name="new"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/edit/", views.edit, name="edit"),
    path("<int:pk>/autosave/", views.autosave, name="autosave"),
    path("<int:pk>/materials/", views.upload_material, name="material_upload"),
    path(
        "<int:pk>/materials/<int:material_pk>/delete/",
        views.delete_material,
        name="material_delete",
    ),
    path(
        "<int:pk>/materials/<int:material_pk>/download/",
        views.download_material,
        name="material_download",
    ),
    path("<int:pk>/export/form.docx", views.export_docx, name="export_docx"),
    path("<int:pk>/export/application.pdf", views.export_pdf, name="export_pdf"),
    path("<int:pk>/invite/", views.invite, name="invite"),
    path("invitations/<str:token>/", views.accept_invitation, name="accept_invitation"),
]

from applications.precheck.views import acceptance, office, unit  # noqa: E402

# Stages 2 and 3: the recommending unit's pre-check and the city office's acceptance.
urlpatterns += [
    path("unit/", unit.unit_queue, name="unit_queue"),
    path("unit/export.xlsx", unit.unit_export, name="unit_export"),
    path("unit/recommend/", unit.unit_bulk_recommend, name="unit_bulk_recommend"),
    path("unit/letter.docx", unit.unit_letter_all, name="unit_letter_all"),
    path("unit/<int:pk>/", unit.unit_review, name="unit_review"),
    path("unit/<int:pk>/checklist/", unit.unit_checklist, name="unit_checklist"),
    path(
        "unit/<int:pk>/consultation/",
        unit.unit_consultation,
        name="unit_consultation",
    ),
    path("unit/<int:pk>/paper-copy/", unit.unit_paper_copy, name="unit_paper_copy"),
    path("unit/<int:pk>/recommend/", unit.unit_recommend, name="unit_recommend"),
    path("unit/<int:pk>/return/", unit.unit_return, name="unit_return"),
    path(
        "unit/<int:pk>/not-recommend/",
        unit.unit_not_recommend,
        name="unit_not_recommend",
    ),
    path("unit/<int:pk>/letter.docx", unit.unit_letter, name="unit_letter"),
    path("office/", office.office_list, name="office_list"),
    path("office/export.xlsx", office.office_export, name="office_export"),
    path("office/overview/", office.office_overview, name="office_overview"),
    path(
        "office/overview.xlsx",
        office.office_overview_export,
        name="office_overview_export",
    ),
    path("office/extensions/", office.office_extensions, name="office_extensions"),
    path(
        "office/acceptance-list/",
        acceptance.office_acceptance_list,
        name="office_acceptance_list",
    ),
    path(
        "office/acceptance-list/publicize/",
        acceptance.office_acceptance_publicize,
        name="office_acceptance_publicize",
    ),
    path(
        "office/acceptance-list.xlsx",
        acceptance.office_acceptance_export,
        name="office_acceptance_export",
    ),
    path("office/<int:pk>/", acceptance.office_acceptance, name="office_acceptance"),
    path("office/<int:pk>/check/", acceptance.office_check, name="office_check"),
    path(
        "office/<int:pk>/consultation/",
        acceptance.office_consultation,
        name="office_consultation",
    ),
    path(
        "office/<int:pk>/consultation/resolve/",
        acceptance.office_resolve_objection,
        name="office_resolve_objection",
    ),
    path("office/<int:pk>/accept/", acceptance.office_accept, name="office_accept"),
    path("office/<int:pk>/not-accept/", acceptance.office_not_accept, name="office_not_accept"),
    path("office/<int:pk>/withdraw/", acceptance.office_withdraw, name="office_withdraw"),
]
