"""Forms of the award pages. They parse input; the services decide."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from review.forms import CrispyMixin, DateInput, text_field


class GovernmentApprovalForm(CrispyMixin, forms.Form):
    submit_label = _("记录市政府审定并授奖")
    document_number = forms.CharField(label=_("市政府文号"), max_length=60)
    approved_on = forms.DateField(label=_("审定日期"), widget=DateInput)
    note = text_field(_("说明"), rows=2, required=False)
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
    body = text_field(_("正文"), rows=6)


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
