"""Worlds for the bad-input tests: the fixtures of the stage tests, reused as they are."""

from tests.applications.conftest import (  # noqa: F401 - fixtures
    categories,
    make_draft,
    open_edition,
    org_user,
    person_user,
)
from tests.review.conftest import office, review_edition, rubrics, supervisor  # noqa: F401
