from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApplicationsConfig(AppConfig):
    name = "applications"
    verbose_name = _("申报")

    def ready(self) -> None:
        from applications import (
            guards,  # noqa: F401  (registers the stage 1 guards)
            precheck_guards,  # noqa: F401  (stages 2 and 3)
        )
