"""Forms of the round pages. They parse input; the services decide."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from review import widgets
from review.forms import CrispyMixin, expert_choices
from review.models import REVIEW_STAGE_CHOICES, AdvancementDecision, ExpertProfile
from review.widgets import Select


class RoundCreateForm(CrispyMixin, forms.Form):
    submit_label = _("创建评审轮次")
    stage = forms.ChoiceField(label=_("评审阶段"), choices=REVIEW_STAGE_CHOICES)
    due_date = forms.DateField(
        label=_("评分截止日期"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )


class AssignForm(CrispyMixin, forms.Form):
    submit_label = _("人工分配")
    expert = forms.ModelChoiceField(
        label=_("专家"), queryset=ExpertProfile.objects.none(), widget=Select
    )
    application = forms.CharField(
        label=_("申报编号"),
        max_length=64,
        help_text=_("填写申报编号，例如 PZH3-2023-0001。"),
    )
    reason = forms.CharField(label=_("理由"), widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, experts=None, **kwargs):
        super().__init__(*args, **kwargs)
        if experts is not None:
            self.fields["expert"].queryset = experts
            self.fields["expert"].widget.choices = expert_choices(experts)


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
