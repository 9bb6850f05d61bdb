"""Forms of the round pages. They parse input; the services decide."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from review import widgets
from review.forms import CrispyMixin, DateInput, reference_field, text_field, yes_no_field
from review.models import REVIEW_STAGE_CHOICES, AdvancementDecision
from review.rounds import selectors


class RoundCreateForm(CrispyMixin, forms.Form):
    submit_label = _("创建评审轮次")
    stage = forms.ChoiceField(label=_("评审阶段"), choices=REVIEW_STAGE_CHOICES)
    due_date = forms.DateField(label=_("评分截止日期"), widget=DateInput)


def expert_field() -> forms.CharField:
    """A field naming an expert by number or name (see review.rounds.experts)."""
    return forms.CharField(
        label=_("专家"),
        max_length=300,
        widget=widgets.ExpertInput,
        help_text=_("填写专家姓名或编号，输入时可从提示中选择；同名专家请填写编号。"),
        error_messages={"required": _("请填写专家姓名或专家编号。")},
    )


class ExpertForm(CrispyMixin, forms.Form):
    """One expert of a round's page, searched among `search` (the URL of its suggestions)."""

    def __init__(self, *args, search="", with_reason=True, label=None, **kwargs):
        if label:
            self.submit_label = label
        super().__init__(*args, **kwargs)
        self.fields = {"expert": expert_field(), **self.fields}
        self.fields["expert"].widget.attrs["data-expert-search"] = search
        if with_reason:
            self.fields["reason"] = text_field(_("理由"), rows=2)


class AssignForm(ExpertForm):
    submit_label = _("人工分配")
    application = reference_field()


class CloseRoundForm(CrispyMixin, forms.Form):
    submit_label = _("结束本轮评审并形成报告")
    summary = text_field(_("评审报告综述（评审组意见）"), rows=5)


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
    # A province's round has tens of thousands of applications: named by reference, not listed.
    application = reference_field()
    advances = yes_no_field(_("结论"), [("yes", _("晋级")), ("no", _("不晋级"))])
    reason = text_field(_("理由"), rows=2)

    def __init__(self, *args, review_round=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.review_round = review_round

    def clean_application(self):
        text = self.cleaned_data["application"]
        found = selectors.application_by_reference(self.review_round, text)
        if found is None or not (
            selectors.round_applications(self.review_round).filter(pk=found.pk).exists()
        ):
            raise forms.ValidationError(
                _("本轮评审中没有申报编号为“%(text)s”的申报，请核对后重新输入。"),
                params={"text": text.strip()},
            )
        return found.pk
