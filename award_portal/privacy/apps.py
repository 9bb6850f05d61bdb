from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PrivacyConfig(AppConfig):
    name = "award_portal.privacy"
    label = "privacy"
    verbose_name = _("个人信息保护")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from award_portal.privacy import signals  # noqa: F401
