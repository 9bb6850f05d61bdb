"""Forms of the deliberation and award pages. They parse input; the services decide."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from review.forms import CrispyMixin


class DateInput(forms.DateInput):
    """A browser date picker: its value must be ISO (2023-06-15), whatever the language's
    date format, or the browser shows the field empty and refuses the form."""

    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


def _text(label, rows: int = 3, required: bool = True, help_text=""):
    return forms.CharField(
        label=label,
        required=required,
        help_text=help_text,
        widget=forms.Textarea(attrs={"rows": rows}),
    )


class DraftListForm(CrispyMixin, forms.Form):
    submit_label = _("拟定名单，提请领导小组审议")
    summary = _text(_("综合评审意见"), rows=4)
    applications = forms.MultipleChoiceField(
        label=_("提名"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("默认按综合得分从高到低在名额内提名；不足最低综合得分的不提名，名额空缺。"),
    )
    reason = _text(
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
    opinion = _text(_("审议意见"), rows=3, required=False, help_text=_("退回时必填。"))
    attachment = forms.FileField(
        label=_("会议纪要或批复文件"),
        required=False,
        help_text=_("PDF、JPG 或 PNG，不超过 %(mb)s MB。") % {"mb": settings.EVIDENCE_MAX_FILE_MB},
    )


class PublicizeForm(CrispyMixin, forms.Form):
    submit_label = _("发布公示")
    title = forms.CharField(label=_("公示标题"), max_length=200)
    document_number = forms.CharField(label=_("文号"), max_length=60, required=False)
    body = _text(_("公示正文"), rows=5)
    start_date = forms.DateField(label=_("公示开始日期"), widget=DateInput)
    workdays = forms.IntegerField(
        label=_("公示工作日数"), min_value=settings.PUBLICITY_MIN_WORKDAYS, max_value=30, initial=5
    )


class GovernmentApprovalForm(CrispyMixin, forms.Form):
    submit_label = _("记录市政府审定并授奖")
    document_number = forms.CharField(label=_("市政府文号"), max_length=60)
    approved_on = forms.DateField(label=_("审定日期"), widget=DateInput)
    note = _text(_("说明"), rows=2, required=False)
    attachment = forms.FileField(label=_("批复文件"), required=False)


class CommendationForm(CrispyMixin, forms.Form):
    submit_label = _("发布表扬决定")
    title = forms.CharField(label=_("标题"), max_length=200)
    document_number = forms.CharField(
        label=_("文号"), max_length=60, required=False, help_text=_("留空则使用市政府审定文号。")
    )
    issued_on = forms.DateField(
        label=_("发文日期"), widget=DateInput, required=False, help_text=_("留空则为审定日期。")
    )
    body = _text(_("正文"), rows=6)


class RevokeForm(CrispyMixin, forms.Form):
    """The revocation page's form. What a revocation needs is the lifecycle's `revoke` move's
    to say (its reason and fields), so a revocation missing any of it is refused with the
    same words here as from the move's button; the browser still asks for every field."""

    submit_label = _("撤销奖励")
    submit_class = "btn-outline-danger"
    reason = forms.CharField(
        label=_("撤销理由"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2, "required": True}),
    )
    document_number = forms.CharField(
        label=_("撤销文号"),
        required=False,
        max_length=60,
        widget=forms.TextInput(attrs={"required": True}),
    )
    decided_on = forms.DateField(
        label=_("撤销日期"), required=False, widget=DateInput(attrs={"required": True})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("decided_on", timezone.localdate())


class ReasonOnlyForm(CrispyMixin, forms.Form):
    reason = _text(_("说明"), rows=2, required=False)

    def __init__(self, *args, label=None, **kwargs):
        if label:
            self.submit_label = label
        super().__init__(*args, **kwargs)


class VerifyForm(CrispyMixin, forms.Form):
    submit_label = _("查询")
    number = forms.CharField(
        label=_("证书编号"),
        max_length=40,
        widget=forms.TextInput(attrs={"placeholder": "PZHZLJ-03-ZZ001", "autocomplete": "off"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper.form_method = "get"
        self.helper.disable_csrf = True
