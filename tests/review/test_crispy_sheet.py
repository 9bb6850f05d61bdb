"""A score sheet's fields are written by award_portal.crispy_fields as crispy writes them."""

import pytest

from review.sheets.forms import ScoreSheetForm
from tests.foundation.test_crispy_fields import assert_same


@pytest.mark.django_db
@pytest.mark.parametrize("bound", ["unbound", "errors", "locked"])
def test_the_score_sheet_is_written_as_crispy_writes_it(assignment, bound):
    sheet = assignment.sheet
    items = list(sheet.rubric.items.all())
    data = None
    if bound == "errors":
        data = {f"item_{item.pk}": "999" for item in items[:4]}
        data |= {f"item_{items[4].pk}": "x<b>", "strengths_0": "好 & <i>", "overall_comment": "a"}

    def make():
        if data is None:
            initial = ScoreSheetForm.initial_for(sheet, items)
            return ScoreSheetForm(
                initial=initial, sheet=sheet, items=items, locked=bound == "locked"
            )
        form = ScoreSheetForm(data, sheet=sheet, items=items)
        form.is_valid()
        return form

    html = assert_same(make)
    if bound == "errors":
        assert "invalid-feedback" in html
