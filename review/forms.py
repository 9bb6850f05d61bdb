"""What the forms of the review pages share: the crispy layout with its one-line checks, a
reason, a confirmation button, a choice of expert, a date picker and a text area."""

from __future__ import annotations

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.utils.translation import gettext_lazy as _

from award_portal.single_line import SingleLineFormMixin
from review.models import ExpertProfile
from review.widgets import PlainChoices, Select


class CrispyMixin(SingleLineFormMixin):
    submit_label = _("提交")
    submit_class = "btn-primary"
    form_action = ""

    def __init__(self, *args, **kwargs):
        action = kwargs.pop("action", None)
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        if action:
            self.helper.form_action = action
        self.helper.add_input(Submit("submit", self.submit_label, css_class=self.submit_class))


class ReasonForm(CrispyMixin, forms.Form):
    reason = forms.CharField(
        label=_("理由"),
        # form-control: the rows of the round page show the box alone, without crispy's wrapper.
        widget=forms.Textarea(
            attrs={
                "rows": 2,
                "class": "form-control",
                "aria-label": _("理由"),
                "placeholder": _("理由"),
            }
        ),
    )


class ConfirmForm(CrispyMixin, forms.Form):
    """A button that carries only the CSRF token."""

    def __init__(self, *args, label=None, **kwargs):
        if label:
            self.submit_label = label
        super().__init__(*args, **kwargs)


class DateInput(forms.DateInput):
    """A browser date picker: its value must be ISO (2023-06-15), whatever the language's
    date format, or the browser shows the field empty and refuses the form."""

    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


def text_field(label, rows: int = 3, required: bool = True, help_text=""):
    return forms.CharField(
        label=label,
        required=required,
        help_text=help_text,
        widget=forms.Textarea(attrs={"rows": rows}),
    )


def reference_field() -> forms.CharField:
    """An application named by its reference: a round may hold thousands, too many to list."""
    return forms.CharField(
        label=_("申报编号"),
        max_length=64,
        help_text=_("填写申报编号，例如 PZH3-2023-0001。"),
    )


def radio_field(label, choices) -> forms.ChoiceField:
    return forms.ChoiceField(label=label, choices=choices, widget=forms.RadioSelect)


def yes_no_field(label, choices) -> forms.TypedChoiceField:
    """Radio buttons for the `choices` "yes" and "no", cleaned to True and False."""
    return forms.TypedChoiceField(
        label=label, choices=choices, coerce=lambda v: v == "yes", widget=forms.RadioSelect
    )


class ExpertChoiceForm(CrispyMixin, forms.Form):
    # A province's pool has thousands of experts: the select built without a template per option.
    expert = forms.ModelChoiceField(
        label=_("专家"), queryset=ExpertProfile.objects.none(), widget=Select
    )

    def __init__(self, *args, queryset=None, with_reason=True, label=None, **kwargs):
        if label:
            self.submit_label = label
        super().__init__(*args, **kwargs)
        if queryset is not None:
            self.fields["expert"].queryset = queryset
            self.fields["expert"].widget.choices = expert_choices(queryset)
        if with_reason:
            self.fields["reason"] = text_field(_("理由"), rows=2)


def expert_choices(queryset) -> ExpertChoices:
    return ExpertChoices(queryset)


class ExpertChoices(PlainChoices):
    """The options of an expert select, read in one query when first shown (never, on a page
    that shows no such form): a ModelChoiceField's own would read its queryset again for the
    required attribute, and build each option through a template."""

    def __init__(self, queryset):
        self.queryset = queryset
        self._pairs = None

    @property
    def pairs(self) -> list[tuple]:
        if self._pairs is None:
            self._pairs = [("", "---------"), *((e.pk, str(e)) for e in self.queryset)]
        return self._pairs
