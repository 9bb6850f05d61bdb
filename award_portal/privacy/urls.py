from award_portal.privacy import views
from award_portal.routes import routes

app_name = "privacy"

urlpatterns = routes(
    views,
    "",
    ("notice/", "notice", "privacy_notice"),
    ("consent/", "consent", "consent_page"),
    ("my-data/", "my_data"),
    ("retention/", "retention", "retention_page"),
    ("trails/", "trails", "trail_search"),
)
