from django.urls import path

from award_portal.privacy import views

app_name = "privacy"

urlpatterns = [
    path("notice/", views.privacy_notice, name="notice"),
    path("consent/", views.consent_page, name="consent"),
    path("my-data/", views.my_data, name="my_data"),
    path("retention/", views.retention_page, name="retention"),
    path("trails/", views.trail_search, name="trails"),
]
