from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReviewConfig(AppConfig):
    name = "review"
    verbose_name = _("评审")

    def ready(self) -> None:
        from review import (  # noqa: F401  (lifecycle guards, hooks)
            guards,
            workflows,  # noqa: F401  (the moves of rubrics, rounds and sheets)
        )
        from review.deliberation import guards as _deliberation_guards  # noqa: F401
