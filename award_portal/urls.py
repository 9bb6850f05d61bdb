from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from award_portal import views

admin.site.site_header = _("市政府质量奖评选管理平台 · 后台管理")
admin.site.site_title = _("质量奖后台")
admin.site.index_title = _("数据管理")

urlpatterns = [
    path("", views.home, name="home"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("accounts/", include("award_portal.accounts.urls")),
    path("applications/", include("applications.urls")),
    path("review/", include("review.urls")),
    path("publicity/", include("publicity.urls")),
    path("editions/", include("applications.editions.urls")),
    path("privacy/", include("award_portal.privacy.urls")),
    path("admin/", admin.site.urls),
]

handler400 = "award_portal.views.bad_request"
handler403 = "award_portal.views.permission_denied"
handler404 = "award_portal.views.page_not_found"
handler500 = "award_portal.views.server_error"
