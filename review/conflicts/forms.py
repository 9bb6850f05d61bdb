"""Forms of the conflict pages. They parse input; the services decide."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from review.forms import CrispyMixin, radio_field, text_field, yes_no_field
from review.models import ConflictKind


class ConflictDeclarationForm(CrispyMixin, forms.Form):
    submit_label = _("申报回避事项")
    kind = forms.ChoiceField(label=_("回避类型"), choices=ConflictKind.choices)
    organization_name = forms.CharField(label=_("单位或人员名称"), max_length=200)
    credit_code = forms.CharField(
        label=_("统一社会信用代码/身份证号"), max_length=18, required=False
    )
    note = text_field(_("说明（如任职、服务时间）"), rows=2)


class AttestForm(CrispyMixin, forms.Form):
    submit_label = _("确认")
    has_conflict = yes_no_field(
        _("您与该申报方是否存在需要回避的关系？"),
        [("no", _("不存在，开始评审")), ("yes", _("存在，申请回避"))],
    )
    kind = forms.ChoiceField(
        label=_("回避类型"), choices=[("", "—"), *ConflictKind.choices], required=False
    )
    note = text_field(_("说明"), rows=2, required=False)

    def clean(self):
        data = super().clean()
        if data.get("has_conflict"):
            if not data.get("kind"):
                self.add_error("kind", _("请选择回避类型。"))
            if not (data.get("note") or "").strip():
                self.add_error("note", _("请说明回避的理由。"))
        return data


class AvoidanceRequestForm(CrispyMixin, forms.Form):
    submit_label = _("提交回避申请")
    expert_name = forms.CharField(label=_("申请回避的专家姓名"), max_length=50)
    expert_employer = forms.CharField(label=_("该专家工作单位"), max_length=200, required=False)
    reason = text_field(_("回避理由"), rows=3)


class ConflictDecisionForm(CrispyMixin, forms.Form):
    submit_label = _("记录认定")
    decision = radio_field(_("认定"), [("confirm", _("确认回避")), ("override", _("不予回避"))])
    reason = text_field(_("认定理由"), rows=2)
