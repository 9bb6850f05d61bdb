"""award_portal.widgets.FormRenderer writes out the same HTML as Django's widget templates."""

from decimal import Decimal

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates
from django.utils.safestring import mark_safe

from award_portal.widgets import FormRenderer

ATTRS = [
    None,
    {"class": "form-control", "id": "id_x", "required": True},
    {"class": 'a"b<', "disabled": True, "required": False, "data-n": 3, "rows": 2},
    {"aria-describedby": "id_x_helptext", "placeholder": mark_safe("<b>强</b>")},
]
VALUES = [None, "", "文本 & <b>", mark_safe("<i>安全</i>"), 0, Decimal("12.50"), "0", "a\nb"]
WIDGETS = [
    forms.TextInput,
    forms.NumberInput,
    forms.EmailInput,
    forms.DateInput,
    forms.HiddenInput,
    forms.Textarea,
    forms.CheckboxInput,
    forms.PasswordInput,
]
CHOICES = [
    [("", "—"), ("1", "1"), ("2.5", "2.5")],
    [("", "—"), ("a<b", "x & y"), (3, mark_safe("<b>强</b>"))],
    [("第一组", [("1", "一"), ("2", "二")]), ("3", "三")],
    [],
]


def both(widget, value, attrs):
    django = widget.render("field", value, attrs, renderer=DjangoTemplates())
    ours = widget.render("field", value, attrs, renderer=FormRenderer())
    return django, ours


@pytest.mark.parametrize("widget_class", WIDGETS)
@pytest.mark.parametrize("attrs", ATTRS)
def test_inputs_and_textarea_are_djangos(widget_class, attrs):
    for value in VALUES:
        django, ours = both(widget_class(), value, attrs)
        assert ours == django


@pytest.mark.parametrize("choices", CHOICES)
@pytest.mark.parametrize("attrs", ATTRS)
def test_selects_are_djangos(choices, attrs):
    for value in ["2.5", "a<b", "2", 3, None, ""]:
        django, ours = both(forms.Select(choices=choices), value, attrs)
        assert ours == django
    django, ours = both(forms.SelectMultiple(choices=choices), ["1", "2"], attrs)
    assert ours == django


def test_other_widgets_go_to_djangos_templates():
    for widget in (
        forms.RadioSelect(choices=CHOICES[0]),
        forms.CheckboxSelectMultiple(choices=CHOICES[2]),
        forms.ClearableFileInput(),
        forms.SplitDateTimeWidget(),
    ):
        django, ours = both(widget, None, {"class": "x"})
        assert ours == django


def test_the_portal_renders_with_it():
    class Form(forms.Form):
        score = forms.TypedChoiceField(choices=CHOICES[0], coerce=Decimal)
        note = forms.CharField(widget=forms.Textarea)

    form = Form(data={"score": "9", "note": "<script>"})
    assert not form.is_valid()
    assert isinstance(form.renderer, FormRenderer)
    assert "&lt;script&gt;</textarea>" in str(form["note"])
