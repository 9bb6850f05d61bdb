"""The documents' tests build applications with the fixtures of the applications' tests."""

from tests.applications.conftest import (  # noqa: F401
    categories,
    make_draft,
    open_edition,
    org_user,
    person_user,
    unit,
)
