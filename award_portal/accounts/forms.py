from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django.contrib.auth import forms as auth_forms
from django.utils.translation import gettext_lazy as _


class CrispyMixin:
    submit_label = _("提交")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.add_input(Submit("submit", self.submit_label))


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
