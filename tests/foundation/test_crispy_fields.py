"""award_portal.crispy_fields writes the same field HTML as crispy-bootstrap5's templates."""

import re

import pytest
from crispy_forms.helper import FormHelper
from crispy_forms.layout import Fieldset, Layout
from django import forms
from django.template import Context, Template
from django.test.signals import template_rendered
from django.utils.html import format_html

from award_portal import crispy_fields

TEMPLATE = Template("{% load crispy_forms_tags %}{% crispy form %}")


def _crispy_only(item):
    """The layout with our layout objects turned back into crispy's own."""
    ours = crispy_fields.Field | crispy_fields.InlineRadios | crispy_fields.AppendedText
    if isinstance(item, ours):
        item.__class__ = item.__class__.__mro__[1]
    for child in getattr(item, "fields", []):
        _crispy_only(child)


def _normal(html: str) -> str:
    return re.sub(r"\s+", " ", html).strip()


CRISPY_FIELDS = {
    "bootstrap5/field.html",
    "bootstrap5/layout/radioselect_inline.html",
    "bootstrap5/layout/prepended_appended_text.html",
}


def _render(make, fast: bool) -> str:
    form = make()
    if not fast:
        _crispy_only(form.helper.layout)
    used = []

    def note(sender, template, **kwargs):
        used.append(template.name)

    template_rendered.connect(note)
    try:
        html = _normal(TEMPLATE.render(Context({"form": form})))
    finally:
        template_rendered.disconnect(note)
    # The fast path renders none of crispy's field templates; crispy renders them all.
    assert bool(CRISPY_FIELDS & set(used)) is not fast, set(used)
    return html


def assert_same(make):
    ours, crispy = _render(make, True), _render(make, False)
    at = next((i for i, (a, b) in enumerate(zip(ours, crispy, strict=False)) if a != b), None)
    where = None if at is None else (ours[at - 200 : at + 200], crispy[at - 200 : at + 200])
    assert ours == crispy, where
    return ours


class Sample(forms.Form):
    required_css_class = "needed"
    name = forms.CharField(label="名称 <&>", help_text=format_html("<b>{}</b>", "提示"))
    count = forms.IntegerField(label="人数", required=False)
    note = forms.CharField(label="说明", widget=forms.Textarea(attrs={"rows": 2}), required=False)
    kind = forms.ChoiceField(label="类型", choices=[("", "—"), ("a", "甲"), ("b", "乙")])
    agree = forms.BooleanField(label="同意", help_text="必须勾选")
    maybe = forms.BooleanField(label="可选", required=False)
    answer = forms.ChoiceField(
        label="确认", choices=[("yes", "是"), ("no", "否")], widget=forms.RadioSelect
    )
    grouped = forms.ChoiceField(
        label="分组",
        choices=[("组一", [("1", "一"), ("2", "二")]), ("3", "三")],
        widget=forms.RadioSelect,
        required=False,
        help_text="可不选",
    )
    many = forms.MultipleChoiceField(
        label="多选", choices=[("a", "甲"), ("b", "乙")], widget=forms.CheckboxSelectMultiple
    )
    amount = forms.DecimalField(label="金额", help_text="万元为单位")
    amount_select = forms.ChoiceField(label="档次", choices=[("1", "一")], required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            Fieldset(
                "样例",
                crispy_fields.Field("name"),
                crispy_fields.Field("count", wrapper_class="extra"),
                crispy_fields.Field("note"),
                crispy_fields.Field("kind"),
                crispy_fields.Field("agree"),
                crispy_fields.Field("maybe", wrapper_class="w"),
                crispy_fields.InlineRadios("answer"),
                crispy_fields.InlineRadios("grouped", wrapper_class="w"),
                crispy_fields.InlineRadios("many"),
                crispy_fields.AppendedText("amount", "万元"),
                crispy_fields.AppendedText("amount_select", "档"),
            )
        )


@pytest.mark.parametrize(
    "data",
    [
        None,
        {},
        {"name": "x", "count": "z", "answer": "no", "many": ["b"], "amount": "1.5", "agree": "on"},
    ],
)
def test_every_field_kind_is_written_as_crispy_writes_it(data):
    html = assert_same(lambda: Sample(data=data))

    assert "form-check-inline" in html and "input-group-text" in html
