from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReviewConfig(AppConfig):
    name = "review"
    verbose_name = _("评审")

    def ready(self) -> None:
        # The lifecycle's guards and effects of each stage, the publicity hooks, and the moves
        # of rubrics, rounds, sheets and proposed lists.
        from review import workflows  # noqa: F401
        from review.awards import guards as _award_guards  # noqa: F401
        from review.deliberation import guards as _deliberation_guards  # noqa: F401
        from review.rounds import guards as _round_guards  # noqa: F401
