from django.urls import path

from applications import lifecycle_views

app_name = "applications"

urlpatterns = [
    path("lifecycle/", lifecycle_views.lifecycle_diagram, name="lifecycle"),
    path("<int:pk>/timeline/", lifecycle_views.timeline, name="timeline"),
    path("<int:pk>/move/<slug:move>/", lifecycle_views.make_move, name="move"),
    path("edition/<int:pk>/advance/", lifecycle_views.advance_stage, name="advance_stage"),
]

from applications import views  # noqa: E402

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
