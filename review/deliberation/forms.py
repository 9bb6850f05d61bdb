"""Forms of the deliberation pages. They parse input; the services decide."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _

from review.forms import CrispyMixin, DateInput, text_field


class DraftListForm(CrispyMixin, forms.Form):
    submit_label = _("拟定名单，提请领导小组审议")
    summary = text_field(_("综合评审意见"), rows=4)
    applications = forms.MultipleChoiceField(
        label=_("提名"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("默认按综合得分从高到低在名额内提名；不足最低综合得分的不提名，名额空缺。"),
    )
    reason = text_field(
        _("未按排名顺序提名的理由"),
        rows=2,
        required=False,
        help_text=_("所选提名与综合得分排名不一致时必填。"),
    )

    def __init__(self, *args, choices=(), initial_ids=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["applications"].choices = list(choices)
        if not self.is_bound:
            self.initial["applications"] = [str(pk) for pk in initial_ids]

    def clean_applications(self) -> list[int]:
        return [int(pk) for pk in self.cleaned_data["applications"]]


class LeadershipDecisionForm(CrispyMixin, forms.Form):
    submit_label = _("记录领导小组审议结果")
    outcome = forms.ChoiceField(
        label=_("审议结果"),
        choices=[("approved", _("审议通过")), ("returned", _("退回重议"))],
        widget=forms.RadioSelect,
    )
    meeting_date = forms.DateField(label=_("会议日期"), widget=DateInput)
    document_number = forms.CharField(label=_("文号/会议纪要编号"), max_length=60)
    opinion = text_field(_("审议意见"), rows=3, required=False, help_text=_("退回时必填。"))
    attachment = forms.FileField(
        label=_("会议纪要或批复文件"),
        required=False,
        # Formatted when shown, in the reader's language (a lazy string's % is not lazy).
        help_text=lazy(
            lambda: (
                _("PDF、JPG 或 PNG，不超过 %(mb)s MB。") % {"mb": settings.EVIDENCE_MAX_FILE_MB}
            ),
            str,
        )(),
    )


class PublicizeForm(CrispyMixin, forms.Form):
    submit_label = _("发布公示")
    title = forms.CharField(label=_("公示标题"), max_length=200)
    document_number = forms.CharField(label=_("文号"), max_length=60, required=False)
    body = text_field(_("公示正文"), rows=5)
    start_date = forms.DateField(label=_("公示开始日期"), widget=DateInput)
    workdays = forms.IntegerField(
        label=_("公示工作日数"), min_value=settings.PUBLICITY_MIN_WORKDAYS, max_value=30, initial=5
    )


class ReasonOnlyForm(CrispyMixin, forms.Form):
    reason = text_field(_("说明"), rows=2, required=False)

    def __init__(self, *args, label=None, **kwargs):
        if label:
            self.submit_label = label
        super().__init__(*args, **kwargs)
