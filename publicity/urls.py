from django.urls import path

from publicity.holidays import views as holidays
from publicity.objections import views as objections
from publicity.windows import views as windows

app_name = "publicity"

urlpatterns = [
    # public
    path("", windows.public_list, name="public_list"),
    path("<int:pk>/", windows.public_detail, name="public_detail"),
    path("<int:pk>/notice.pdf", windows.notice_pdf, name="notice_pdf"),
    path("<int:pk>/objection/", objections.objection_create, name="objection_create"),
    path("objection/receipt/", objections.objection_receipt, name="objection_receipt"),
    path("objection/lookup/", objections.objection_lookup, name="objection_lookup"),
    # city office and supervision group
    path("manage/", windows.manage_list, name="manage_list"),
    path("manage/new/", windows.window_create, name="window_create"),
    path("manage/<int:pk>/", windows.window_manage, name="window_manage"),
    path("manage/<int:pk>/edit/", windows.window_edit, name="window_edit"),
    path("manage/<int:pk>/publish/", windows.window_publish, name="window_publish"),
    path("manage/<int:pk>/withdraw/", windows.window_withdraw, name="window_withdraw"),
    path("manage/<int:pk>/replace/", windows.window_replace, name="window_replace"),
    path("manage/objections/", objections.objection_list, name="objection_list"),
    path("manage/objections/<int:pk>/", objections.objection_detail, name="objection_detail"),
    path(
        "manage/objections/<int:pk>/investigate/",
        objections.objection_investigate,
        name="objection_investigate",
    ),
    path(
        "manage/objections/<int:pk>/decide/", objections.objection_decide, name="objection_decide"
    ),
    path("manage/evidence/<int:pk>/", objections.evidence_download, name="evidence_download"),
    path("manage/calendar/", holidays.calendar_years, name="calendar_years"),
    path("manage/calendar/preview/", holidays.calendar_preview, name="calendar_preview"),
    path("manage/calendar/save/", holidays.calendar_save, name="calendar_save"),
]
