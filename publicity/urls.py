from award_portal.routes import routes
from publicity.holidays import views as holidays
from publicity.objections import views as objections
from publicity.windows import views as windows

app_name = "publicity"

urlpatterns = [
    # public
    *routes(
        windows,
        "",
        ("", "public_list"),
        ("<int:pk>/", "public_detail"),
        ("<int:pk>/notice.pdf", "notice_pdf"),
    ),
    *routes(
        objections,
        "",
        ("<int:pk>/objection/", "objection_create"),
        ("objection/receipt/", "objection_receipt"),
        ("objection/lookup/", "objection_lookup"),
    ),
    # city office and supervision group
    *routes(
        windows,
        "manage/",
        ("", "manage_list"),
        ("new/", "window_create"),
        ("<int:pk>/", "window_manage"),
        ("<int:pk>/edit/", "window_edit"),
        ("<int:pk>/publish/", "window_publish"),
        ("<int:pk>/withdraw/", "window_withdraw"),
        ("<int:pk>/replace/", "window_replace"),
    ),
    *routes(
        objections,
        "manage/",
        ("objections/", "objection_list"),
        ("objections/<int:pk>/", "objection_detail"),
        ("objections/<int:pk>/investigate/", "objection_investigate"),
        ("objections/<int:pk>/decide/", "objection_decide"),
        ("evidence/<int:pk>/", "evidence_download"),
    ),
    *routes(
        holidays,
        "manage/calendar/",
        ("", "calendar_years"),
        ("preview/", "calendar_preview"),
        ("save/", "calendar_save"),
    ),
]
