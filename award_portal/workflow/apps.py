from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkflowConfig(AppConfig):
    name = "award_portal.workflow"
    label = "workflow"
    verbose_name = _("状态变更")
    default_auto_field = "django.db.models.BigAutoField"
