"""The applicant's edit form is written by award_portal.crispy_fields as crispy writes it."""

import pytest

from applications.intake.forms import FORMS, as_form_data
from tests.applications.helpers import valid_data
from tests.foundation.test_crispy_fields import assert_same

pytestmark = pytest.mark.now("2026-11-16")


@pytest.mark.django_db
@pytest.mark.parametrize("code", ["general", "medical", "education", "team", "individual"])
@pytest.mark.parametrize("bound", ["unbound", "valid", "errors"])
def test_the_edit_form_is_written_as_crispy_writes_it(code, bound, open_edition, unit):
    data = None
    if bound == "valid":
        data = valid_data(code, unit.pk)
    elif bound == "errors":
        data = {"criterion_1": "no", "publicity_start": "x"}

    def make():
        kwargs = {} if data is None else {"data": as_form_data(data)}
        form = FORMS[code](edition=open_edition, strict=True, **kwargs)
        if data is not None:
            form.is_valid()
        return form

    html = assert_same(make)
    if bound == "errors":
        assert "invalid-feedback" in html
