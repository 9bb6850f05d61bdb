"""The rules of the call notice that the pre-check and acceptance enforce: consultations,
locality, internal publicity, rare characters. Fixtures come from the stage 2 and 3 tests."""

from tests.applications.conftest import (  # noqa: F401, E402
    categories,
    make_draft,
    open_edition,
    org_user,
    person_user,
)
from tests.precheck.conftest import (  # noqa: F401
    category,
    edition,
    office,
    officer,
    other_officer,
    submitted,
)
