"""award_portal.widgets writes out the same HTML as Django's widget templates."""

import pytest
from django import forms
from django.utils.safestring import mark_safe

from award_portal.widgets import Select

CASES = [
    ([("", "—"), ("1", "1"), ("2.5", "2.5")], "2.5", {"class": "form-select", "id": "id_x"}),
    (
        [("", "—"), ("a<b", "x & y"), (3, mark_safe("<b>强</b>"))],
        "a<b",
        {"class": 'a"b', "disabled": True, "required": False, "data-n": 3},
    ),
    ([("第一组", [("1", "一"), ("2", "二")]), ("3", "三")], "2", None),
    ([("1", "一"), ("2", "二")], ["1", "2"], {"multiple": True}),
    ([], None, {"aria-describedby": "id_x_helptext"}),
]


@pytest.mark.parametrize(("choices", "value", "attrs"), CASES)
def test_select_is_djangos_select(choices, value, attrs):
    expected = forms.Select(choices=choices).render("score", value, attrs)
    assert Select(choices=choices).render("score", value, attrs) == expected


def test_select_in_a_bound_form_with_errors():
    class Form(forms.Form):
        ours = forms.TypedChoiceField(choices=[("", "—"), ("1", "1")], coerce=int, widget=Select)
        django = forms.TypedChoiceField(choices=[("", "—"), ("1", "1")], coerce=int)

    form = Form(data={"ours": "9", "django": "9"})
    assert not form.is_valid()
    ours = str(form["ours"]).replace("ours", "django")
    assert ours == str(form["django"])
