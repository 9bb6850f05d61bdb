"""Forms of the expert pool and review settings pages. They parse input; the services decide."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from applications.models import Edition
from award_portal.single_line import SingleLineFormMixin
from review.forms import CrispyMixin, ExpertChoiceForm
from review.models import ReviewSettings
from review.pool.workbook import MAX_BYTES


class ReviewSettingsForm(CrispyMixin, forms.ModelForm):
    submit_label = _("保存设置")

    class Meta:
        model = ReviewSettings
        fields = [
            "panel_size",
            "experts_per_application",
            "aggregation",
            "show_normalised",
            "deviation_percent",
            "material_weight_organization",
            "onsite_weight_organization",
            "defense_weight_organization",
            "material_weight_individual",
            "onsite_weight_individual",
            "material_threshold",
            "onsite_threshold",
            "defense_threshold",
            "minimum_composite",
        ]

    def clean(self):
        data = super().clean()
        org = sum(
            data.get(name) or Decimal(0)
            for name in (
                "material_weight_organization",
                "onsite_weight_organization",
                "defense_weight_organization",
            )
        )
        ind = sum(
            data.get(name) or Decimal(0)
            for name in ("material_weight_individual", "onsite_weight_individual")
        )
        if org != 100:
            self.add_error("defense_weight_organization", _("组织各阶段权重之和必须为 100%。"))
        if ind != 100:
            self.add_error("onsite_weight_individual", _("个人各阶段权重之和必须为 100%。"))
        return data


class ExpertRegisterForm(CrispyMixin, forms.Form):
    submit_label = _("添加专家")
    username = forms.SlugField(label=_("登录用户名"), max_length=150)
    name = forms.CharField(label=_("姓名"), max_length=50)
    employer = forms.CharField(label=_("工作单位"), max_length=200)
    employer_credit_code = forms.CharField(
        label=_("工作单位统一社会信用代码"), max_length=18, required=False
    )
    title = forms.CharField(label=_("职称/职务"), max_length=100, required=False)
    specialty = forms.CharField(label=_("专业领域"), max_length=100, required=False)
    industry = forms.CharField(label=_("熟悉行业"), max_length=100, required=False)
    phone = forms.CharField(label=_("联系电话"), max_length=20, required=False)
    email = forms.EmailField(label=_("电子邮箱"), required=False)


class PoolAddForm(ExpertChoiceForm):
    """The choice among every expert of the city outside the pool."""

    submit_label = _("加入本届专家库")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, with_reason=False, **kwargs)
        self.fields["expert"].label = _("库内专家")


class AccountSearchForm(CrispyMixin, forms.Form):
    submit_label = _("查找")
    submit_class = "btn-outline-primary"
    q = forms.CharField(
        label=_("登录用户名或姓名"),
        max_length=50,
        help_text=_("在已启用的账户中查找，可输入部分用户名或姓名。"),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper.form_method = "get"
        self.helper.disable_csrf = True


class EnlistAccountForm(CrispyMixin, forms.Form):
    """Details for an expert account that has no expert profile yet."""

    submit_label = _("加入本届专家库")
    user = forms.IntegerField(widget=forms.HiddenInput)
    q = forms.CharField(widget=forms.HiddenInput, max_length=50, required=False)
    employer = forms.CharField(label=_("工作单位"), max_length=200, required=False)
    title = forms.CharField(label=_("职称/职务"), max_length=100, required=False)
    specialty = forms.CharField(label=_("专业领域"), max_length=100, required=False)
    phone = forms.CharField(label=_("手机"), max_length=20, required=False)


class NewExpertForm(ExpertRegisterForm):
    submit_label = _("创建账户并加入专家库")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        email = self.fields["email"]
        email.required = True
        email.help_text = _("系统向该邮箱发送设置密码的邮件。")
        self.fields["username"].help_text = _("字母、数字、下划线或连字符，如手机号码。")


class ImportUploadForm(CrispyMixin, forms.Form):
    submit_label = _("上传并预览")
    file = forms.FileField(
        label=_("专家名单（.xlsx）"),
        help_text=_("用“下载导入模板”得到的表格填写；不超过 2 MB、500 行。"),
        widget=forms.ClearableFileInput(
            attrs={
                "accept": ".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            }
        ),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_BYTES:
            raise forms.ValidationError(_("文件过大（不超过 2 MB）。"))
        return upload


class ImportConfirmForm(SingleLineFormMixin, forms.Form):
    """The checked rows, signed, carried from the preview to the confirmation."""

    payload = forms.CharField(widget=forms.HiddenInput, max_length=2_000_000)


class ReuseForm(CrispyMixin, forms.Form):
    submit_label = _("沿用该届专家库")
    source = forms.ModelChoiceField(
        label=_("往届"), queryset=Edition.objects.none(), empty_label=None
    )

    def __init__(self, *args, editions=None, **kwargs):
        super().__init__(*args, **kwargs)
        if editions is not None:
            self.fields["source"].queryset = editions
            self.fields["source"].label_from_instance = lambda e: (
                _("%(name)s（%(n)d 位专家）") % {"name": e.name, "n": e.member_count}
            )
