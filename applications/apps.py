from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApplicationsConfig(AppConfig):
    name = "applications"
    verbose_name = _("申报")

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save

        from applications.lifecycle import wiring
        from applications.models import Category, RecommendingUnit
        from applications.precheck.selectors import forget_reference_names
        from applications.readmodel import refresh_reference_rows

        for model in (Category, RecommendingUnit):  # the names the lists and overview keep
            uid = f"forget-names-{model.__name__}"
            post_save.connect(forget_reference_names, sender=model, dispatch_uid=f"{uid}-save")
            post_delete.connect(forget_reference_names, sender=model, dispatch_uid=f"{uid}-delete")
            # … and the lists' rows copy them, name and order
            post_save.connect(refresh_reference_rows, sender=model, dispatch_uid=f"rows-{uid}")
        wiring.connect()  # every workflow and publicity handler, in one place
