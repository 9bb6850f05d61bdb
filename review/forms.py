"""Forms of the review pages. They parse input; the services decide."""

from __future__ import annotations

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.utils.translation import gettext_lazy as _

from award_portal.single_line import SingleLineFormMixin
from review import widgets
from review.models import (
    REVIEW_STAGE_CHOICES,
    AdvancementDecision,
    ExpertProfile,
)


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


class RoundCreateForm(CrispyMixin, forms.Form):
    submit_label = _("创建评审轮次")
    stage = forms.ChoiceField(label=_("评审阶段"), choices=REVIEW_STAGE_CHOICES)
    due_date = forms.DateField(
        label=_("评分截止日期"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )


class ExpertChoiceForm(CrispyMixin, forms.Form):
    expert = forms.ModelChoiceField(label=_("专家"), queryset=ExpertProfile.objects.none())

    def __init__(self, *args, queryset=None, with_reason=True, label=None, **kwargs):
        if label:
            self.submit_label = label
        super().__init__(*args, **kwargs)
        if queryset is not None:
            self.fields["expert"].queryset = queryset
        if with_reason:
            self.fields["reason"] = forms.CharField(
                label=_("理由"), widget=forms.Textarea(attrs={"rows": 2})
            )


class AssignForm(CrispyMixin, forms.Form):
    submit_label = _("人工分配")
    expert = forms.ModelChoiceField(label=_("专家"), queryset=ExpertProfile.objects.none())
    application = forms.TypedChoiceField(label=_("申报"), coerce=int, choices=())
    reason = forms.CharField(label=_("理由"), widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, experts=None, applications=(), **kwargs):
        super().__init__(*args, **kwargs)
        if experts is not None:
            self.fields["expert"].queryset = experts
        self.fields["application"].choices = [(a.pk, str(a)) for a in applications]


class CloseRoundForm(CrispyMixin, forms.Form):
    submit_label = _("结束本轮评审并形成报告")
    summary = forms.CharField(
        label=_("评审报告综述（评审组意见）"), widget=forms.Textarea(attrs={"rows": 5})
    )


class AdvancementForm(CrispyMixin, forms.Form):
    submit_label = _("按规则决定晋级名单")
    method = forms.ChoiceField(
        label=_("决定方式"),
        choices=[
            (AdvancementDecision.Method.THRESHOLD, _("按分数线（得分率%）")),
            (AdvancementDecision.Method.TOP_N, _("按同类排名前 N 名")),
        ],
    )
    threshold = forms.DecimalField(
        label=_("分数线（得分率%）"),
        min_value=0,
        max_value=100,
        max_digits=5,
        decimal_places=2,
        required=False,
    )
    top_n = forms.IntegerField(label=_("晋级名额 N"), min_value=1, required=False)


class ManualDecisionForm(CrispyMixin, forms.Form):
    submit_label = _("逐项决定")
    application = forms.TypedChoiceField(
        label=_("申报"), coerce=int, choices=(), widget=widgets.Select
    )
    advances = forms.TypedChoiceField(
        label=_("结论"),
        choices=[("yes", _("晋级")), ("no", _("不晋级"))],
        coerce=lambda v: v == "yes",
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(label=_("理由"), widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, applications=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["application"].choices = widgets.PlainChoices(
            [(a.pk, str(a)) for a in applications]
        )
