import re
import unicodedata

from django import forms
from django.contrib.auth import forms as auth_forms
from django.contrib.auth import password_validation
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from award_portal.accounts.models import ApplicantKind, User
from award_portal.forms import CrispyMixin


class LoginForm(CrispyMixin, auth_forms.AuthenticationForm):
    submit_label = _("登录")
    error_messages = {
        "invalid_login": _("用户名或密码不正确。请注意密码区分大小写。"),
        "inactive": _("该账户已停用，请联系市质量强市办。"),
    }


class PasswordChangeForm(CrispyMixin, auth_forms.PasswordChangeForm):
    submit_label = _("修改密码")


class PasswordResetForm(CrispyMixin, auth_forms.PasswordResetForm):
    submit_label = _("发送重置邮件")


class SetPasswordForm(CrispyMixin, auth_forms.SetPasswordForm):
    submit_label = _("设置新密码")


class RegisterForm(CrispyMixin, forms.Form):
    """An applicant's account: signs in with its email address, which it must verify."""

    submit_label = _("注册")

    email = forms.EmailField(
        label=_("电子邮箱"),
        max_length=150,
        help_text=_(
            "用于登录、接收通知和找回密码。注册后我们会发送一封验证邮件，"
            "验证邮箱后才能提交申报或接受协作邀请。"
        ),
        error_messages={"invalid": _("请填写有效的电子邮箱。")},
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    phone = forms.CharField(
        label=_("手机号码（选填）"),
        max_length=20,
        required=False,
        help_text=_("便于推荐单位和市质量强市办联系您。"),
        widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
    )
    applicant_kind = forms.ChoiceField(
        label=_("申报主体"),
        choices=ApplicantKind.choices,
        widget=forms.RadioSelect,
        help_text=_("组织可邀请同事共同填写；个人申报请选择“个人”。"),
    )
    full_name = forms.CharField(label=_("姓名"), max_length=50, help_text=_("您本人的姓名。"))
    organization_name = forms.CharField(
        label=_("所在单位"),
        max_length=200,
        required=False,
        help_text=_("申报组织请填写组织全称。"),
    )
    password1 = forms.CharField(
        label=_("密码"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=password_validation.password_validators_help_text_html(),
    )
    password2 = forms.CharField(
        label=_("再次输入密码"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    consent = forms.BooleanField(
        label=_(
            "我同意本平台按上方的个人信息处理告知，为评选工作收集、使用我填写的个人信息和申报材料。"
        ),
        error_messages={"required": _("须同意个人信息的使用才能注册。")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper.form_tag = False  # the page's own <form> carries "next"
        self.helper.disable_csrf = True

    def clean_email(self):
        value = self.cleaned_data["email"].strip().lower()
        taken = User.objects.filter(Q(username__iexact=value) | Q(email__iexact=value))
        if taken.exists():
            raise forms.ValidationError(_("该邮箱已注册，请直接登录或找回密码。"), code="taken")
        return value

    def clean_phone(self):
        from award_portal.accounts.services import is_mobile, normalize_mobile

        value = normalize_mobile(self.cleaned_data["phone"])
        if value and not is_mobile(value):
            raise forms.ValidationError(_("请填写11位手机号码，或留空。"), code="invalid")
        return value

    def clean(self):
        data = super().clean()
        if (
            data.get("applicant_kind") == ApplicantKind.ORGANIZATION
            and not (data.get("organization_name") or "").strip()
        ):
            self.add_error("organization_name", _("申报组织请填写组织全称。"))
        first, second = data.get("password1"), data.get("password2")
        if first and second and first != second:
            self.add_error("password2", _("两次输入的密码不一致。"))
        if first and data.get("email"):
            candidate = User(
                username=data["email"], email=data["email"], full_name=data.get("full_name", "")
            )
            try:
                password_validation.validate_password(first, candidate)
            except forms.ValidationError as exc:
                self.add_error("password1", exc)
        return data


class OneTimeCodeForm(CrispyMixin, forms.Form):
    """The six digits an authenticator app shows."""

    submit_label = _("验证")

    code = forms.CharField(
        label=_("动态验证码"),
        max_length=20,
        help_text=_("打开手机上的验证器应用，输入本平台账户当前显示的6位数字。"),
        error_messages={
            "invalid": _("请输入6位数字验证码。"),
            "required": _("请输入6位数字验证码。"),
        },
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "inputmode": "numeric",
                "autofocus": True,
            }
        ),
    )

    def __init__(self, *args, submit_label=None, **kwargs):
        if submit_label is not None:
            self.submit_label = submit_label
        super().__init__(*args, **kwargs)

    def clean_code(self):
        # Chinese input methods may type full-width digits; apps show "123 456".
        value = re.sub(r"\s", "", unicodedata.normalize("NFKC", self.cleaned_data["code"]))
        if not re.fullmatch(r"[0-9]{6}", value):
            raise forms.ValidationError(self.fields["code"].error_messages["invalid"])
        return value


class ConfirmPasswordForm(CrispyMixin, forms.Form):
    submit_label = _("确认")

    password = forms.CharField(
        label=_("当前密码"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password", "autofocus": True}),
    )


class EmailChangeForm(CrispyMixin, forms.Form):
    submit_label = _("保存新邮箱")

    email = forms.EmailField(
        label=_("新邮箱"),
        max_length=254,
        help_text=_("用于接收通知和找回密码。"),
        error_messages={"invalid": _("请填写有效的电子邮箱。")},
    )
