from django.urls import path

from publicity import views

app_name = "publicity"

urlpatterns = [
    path("", views.public_list, name="public_list"),
]
