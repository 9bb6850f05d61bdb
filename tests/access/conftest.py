"""The review fixtures (an edition in material review, rubrics, the office) for the policy's
tests of rounds and sheets."""

from tests.review.conftest import office, review_edition, rubrics, supervisor

__all__ = ["office", "review_edition", "rubrics", "supervisor"]
