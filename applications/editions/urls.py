from django.urls import path

from applications.editions import views

app_name = "editions"

urlpatterns = [
    # public
    path("", views.past, name="past"),
    path("<int:pk>/notice/", views.notice_file, name="notice_file"),
    # the city office and the other readers: the edition their pages show
    path("switch/", views.switch, name="switch"),
    # the city office
    path("manage/", views.manage, name="manage"),
    path("manage/new/", views.new, name="new"),
    path("manage/<int:pk>/", views.detail, name="detail"),
    path("manage/<int:pk>/edit/", views.edit, name="edit"),
    path("manage/<int:pk>/preview/", views.preview, name="preview"),
    path("manage/<int:pk>/publish/", views.publish, name="publish"),
    path("manage/<int:pk>/templates/<str:kind>/", views.word_template_file, name="word_template"),
    path(
        "manage/<int:pk>/templates/<str:kind>/upload/",
        views.word_template_upload,
        name="word_template_upload",
    ),
    path(
        "manage/<int:pk>/templates/<str:kind>/reset/",
        views.word_template_reset,
        name="word_template_reset",
    ),
]
