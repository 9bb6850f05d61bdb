from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OperationsConfig(AppConfig):
    name = "award_portal.operations"
    label = "operations"
    verbose_name = _("运行状况")
    default_auto_field = "django.db.models.BigAutoField"
