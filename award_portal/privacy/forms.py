from __future__ import annotations

import re

from django import forms
from django.utils.translation import gettext_lazy as _

from applications.models import Edition
from award_portal.privacy.trails import TRAILS
from award_portal.single_line import SingleLineFormMixin

IP_RE = re.compile(r"^[0-9A-Fa-f:.]+$")
MAX_MONTHS = 120


class ConsentForm(SingleLineFormMixin, forms.Form):
    agree = forms.BooleanField(
        label=_("我已阅读并同意上述个人信息处理告知"),
        error_messages={"required": _("须同意个人信息处理告知才能继续使用本平台。")},
    )


class RetentionForm(SingleLineFormMixin, forms.Form):
    edition = forms.ModelChoiceField(
        label=_("届次"),
        queryset=Edition.objects.order_by("-number"),
        error_messages={"invalid_choice": _("请选择一个届次。"), "required": _("请选择一个届次。")},
    )
    months = forms.IntegerField(
        label=_("未获奖申报材料保存期限（月）"),
        min_value=1,
        max_value=MAX_MONTHS,
        help_text=_("从届次结束之日起计算，期满后自动删除未获奖申报的上传材料。"),
        error_messages={
            "required": _("请填写保存期限（月）。"),
            "invalid": _("保存期限请填写整数月数。"),
            "min_value": _("保存期限至少为1个月。"),
            "max_value": _("保存期限最多为%(limit_value)s个月。"),
        },
    )


class TrailSearchForm(SingleLineFormMixin, forms.Form):
    trail = forms.ChoiceField(
        label=_("记录类型"),
        choices=[(name, trail.label) for name, trail in TRAILS.items()],
        required=False,
    )
    user = forms.CharField(label=_("用户"), max_length=150, required=False)
    date_from = forms.DateField(
        label=_("起始日期"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": _("请填写有效日期，例如 2026-11-16。")},
    )
    date_to = forms.DateField(
        label=_("截止日期"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": _("请填写有效日期，例如 2026-11-16。")},
    )
    action = forms.CharField(label=_("操作"), max_length=100, required=False)
    ip = forms.CharField(label=_("IP 地址"), max_length=45, required=False)

    def clean_ip(self):
        value = self.cleaned_data["ip"].strip()
        if value and not IP_RE.match(value):
            raise forms.ValidationError(_("IP 地址只能包含数字、字母 a-f、点和冒号。"))
        return value

    def clean(self):
        data = super().clean()
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", _("截止日期不能早于起始日期。"))
        return data

    def criteria(self) -> dict:
        data = self.cleaned_data
        return {
            "user": data.get("user", "").strip(),
            "date_from": data.get("date_from"),
            "date_to": data.get("date_to"),
            "action": data.get("action", "").strip(),
            "ip": data.get("ip", ""),
        }
