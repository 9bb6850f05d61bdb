from django.urls import path

from applications import lifecycle_views

app_name = "applications"

urlpatterns = [
    path("lifecycle/", lifecycle_views.lifecycle_diagram, name="lifecycle"),
    path("<int:pk>/timeline/", lifecycle_views.timeline, name="timeline"),
    path("<int:pk>/move/<slug:move>/", lifecycle_views.make_move, name="move"),
    path("edition/<int:pk>/advance/", lifecycle_views.advance_stage, name="advance_stage"),
]
