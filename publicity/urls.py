from django.urls import path

from publicity import views

app_name = "publicity"

urlpatterns = [
    # public
    path("", views.public_list, name="public_list"),
    path("<int:pk>/", views.public_detail, name="public_detail"),
    path("<int:pk>/notice.pdf", views.notice_pdf, name="notice_pdf"),
    path("<int:pk>/objection/", views.objection_create, name="objection_create"),
    path("objection/receipt/", views.objection_receipt, name="objection_receipt"),
    path("objection/lookup/", views.objection_lookup, name="objection_lookup"),
    # city office and supervision group
    path("manage/", views.manage_list, name="manage_list"),
    path("manage/new/", views.window_create, name="window_create"),
    path("manage/<int:pk>/", views.window_manage, name="window_manage"),
    path("manage/<int:pk>/edit/", views.window_edit, name="window_edit"),
    path("manage/<int:pk>/publish/", views.window_publish, name="window_publish"),
    path("manage/<int:pk>/withdraw/", views.window_withdraw, name="window_withdraw"),
    path("manage/<int:pk>/replace/", views.window_replace, name="window_replace"),
    path("manage/objections/", views.objection_list, name="objection_list"),
    path("manage/objections/<int:pk>/", views.objection_detail, name="objection_detail"),
    path(
        "manage/objections/<int:pk>/investigate/",
        views.objection_investigate,
        name="objection_investigate",
    ),
    path("manage/objections/<int:pk>/decide/", views.objection_decide, name="objection_decide"),
    path("manage/evidence/<int:pk>/", views.evidence_download, name="evidence_download"),
    path("manage/calendar/", views.calendar_years, name="calendar_years"),
    path("manage/calendar/preview/", views.calendar_preview, name="calendar_preview"),
    path("manage/calendar/save/", views.calendar_save, name="calendar_save"),
]
