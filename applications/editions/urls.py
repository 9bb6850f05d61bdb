from applications.editions import views
from award_portal.routes import routes

app_name = "editions"

urlpatterns = [
    # public
    *routes(views, "", ("", "past"), ("<int:pk>/notice/", "notice_file")),
    # the city office and the other readers: the edition their pages show
    *routes(views, "", ("switch/", "switch")),
    # the city office
    *routes(
        views,
        "manage/",
        ("", "manage"),
        ("new/", "new"),
        ("<int:pk>/", "detail"),
        ("<int:pk>/edit/", "edit"),
        ("<int:pk>/preview/", "preview"),
        ("<int:pk>/publish/", "publish"),
        ("<int:pk>/templates/<str:kind>/", "word_template", "word_template_file"),
        ("<int:pk>/templates/<str:kind>/upload/", "word_template_upload"),
        ("<int:pk>/templates/<str:kind>/reset/", "word_template_reset"),
    ),
]
