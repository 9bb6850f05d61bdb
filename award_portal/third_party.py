"""The third-party apps of INSTALLED_APPS under Chinese names, for the admin.

The admin groups models under their app's verbose_name, which these apps leave in English
(or unset, so Django shows the label: "Otp_Totp"). Their model and field names that go
through gettext are translated in award_portal/third_party_locale/; django-otp names its
TOTP device and fields with plain strings, which no catalogue can reach, so they are named
here when the app is ready. Only `verbose_name` is set: Django keeps the name given to the
field's constructor for migrations, so no migration of theirs changes.
"""

from axes.apps import AppConfig as BaseAxesConfig
from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_totp.apps import DefaultConfig as BaseTOTPConfig


class AxesConfig(BaseAxesConfig):
    verbose_name = _("登录防护")


class OTPConfig(AppConfig):
    name = "django_otp"
    verbose_name = _("双因素认证")


class SimpleHistoryConfig(AppConfig):
    name = "simple_history"
    verbose_name = _("修改历史")


TOTP_DEVICE_FIELDS = {
    "user": _("用户"),
    "name": _("设备名称"),
    "confirmed": _("已确认"),
    "key": _("密钥"),
    "step": _("时间步长（秒）"),
    "t0": _("起始时间（Unix 时间戳）"),
    "digits": _("口令位数"),
    "tolerance": _("允许误差（步）"),
    "drift": _("时钟偏移（步）"),
    "last_t": _("最近一次验证的时间步"),
    "throttling_failure_timestamp": _("最近一次验证失败时间"),
    "throttling_failure_count": _("连续验证失败次数"),
    "created_at": _("创建时间"),
    "last_used_at": _("最近使用时间"),
}


class TOTPConfig(BaseTOTPConfig):
    verbose_name = _("动态口令")

    def ready(self) -> None:
        super().ready()
        device = self.get_model("TOTPDevice")
        device._meta.verbose_name = _("动态口令设备")
        device._meta.verbose_name_plural = _("动态口令设备")
        for name, label in TOTP_DEVICE_FIELDS.items():
            device._meta.get_field(name).verbose_name = label
