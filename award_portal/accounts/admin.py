from axes.admin import AccessAttemptAdmin as BaseAccessAttemptAdmin
from axes.helpers import get_cool_off
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.utils import display_for_value
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.core.exceptions import PermissionDenied
from django.db.models import OuterRef, Subquery, Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_totp.admin import TOTPDeviceAdmin as BaseTOTPDeviceAdmin
from django_otp.plugins.otp_totp.models import TOTPDevice
from simple_history.admin import SimpleHistoryAdmin

from award_portal.accounts.models import AuthEvent, User
from award_portal.accounts.services import unlock_logins


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ("username", "full_name", "role", "unit", "email", "email_verified", "is_active")
    list_filter = ("role", "unit", "is_active")
    list_select_related = ("unit",)
    search_fields = ("username", "full_name", "email", "phone", "organization_name")
    fieldsets = (
        *BaseUserAdmin.fieldsets,
        (
            _("平台角色"),
            {
                "fields": (
                    "role",
                    "full_name",
                    "phone",
                    "verified_email",
                    "unit",
                    "organization_name",
                    "applicant_kind",
                    "data_consent_at",
                )
            },
        ),
    )
    add_fieldsets = (
        *BaseUserAdmin.add_fieldsets,
        (_("平台角色"), {"fields": ("role", "full_name", "email", "unit")}),
    )
    # An address is verified by its owner opening the link sent to it, never by a form.
    readonly_fields = ("verified_email",)
    actions = ["unlock"]

    @admin.display(description=_("邮箱已验证"), boolean=True)
    def email_verified(self, user):
        return user.has_verified_email

    @admin.action(description=_("解锁"), permissions=["change"])
    def unlock(self, request, queryset):
        """Lift the login lockout of the chosen users, at every address."""
        usernames = list(queryset.values_list("username", flat=True))
        unlock_logins(request=request, usernames=usernames)
        self.message_user(
            request,
            _("已解除 %(count)d 个用户的登录锁定。") % {"count": len(usernames)},
            messages.SUCCESS,
        )


class ReadOnlyAdmin(admin.ModelAdmin):
    """For audit records: visible to those who may read them, never changed or deleted."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class HistoryAdmin(SimpleHistoryAdmin):
    """django-simple-history's admin with the history for reading only.

    Its "revert" form saves a past version over the record, status and stage included,
    around every service and the audit trail, and it accepts that POST even when reverting
    is switched off (SIMPLE_HISTORY_REVERT_DISABLED only hides the button). Here a past
    version is shown, never saved."""

    def revert_disabled(self, request, obj=None):
        return True

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if request.method not in ("GET", "HEAD"):
            raise PermissionDenied
        return super().history_form_view(request, object_id, version_id, extra_context)


class ReadOnlyHistoryAdmin(HistoryAdmin, ReadOnlyAdmin):
    """For records written by the portal's services that keep their history: the record and
    its past versions are read here, never changed."""


class ReadOnlyInlineMixin:
    """For the rows shown beneath their parent: read with it, never added or deleted here."""

    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def get_readonly_fields(self, request, obj=None):
        """Every field the inline shows (`fields`, when it names them) is read-only."""
        return self.fields or super().get_readonly_fields(request, obj)


@admin.register(AuthEvent)
class AuthEventAdmin(ReadOnlyAdmin):
    list_display = ("at", "kind", "username", "ip_address")
    list_filter = ("kind",)
    search_fields = ("username", "ip_address")
    date_hierarchy = "at"


# --- two-factor devices ------------------------------------------------------------------------
# django-otp's admin, in Chinese: its fieldset titles, help texts and search hint are plain
# English strings (the model and field names are set in award_portal/third_party.py).

TOTP_FIELDSETS = {
    "Identity": _("设备"),
    "Timestamps": _("时间"),
    "Configuration": _("参数"),
    "State": _("状态"),
    "Throttling": _("失败限制"),
}
TOTP_HELP_TEXTS = {
    "user": _("该设备所属的用户。"),
    "name": _("便于识别设备的名称。"),
    "confirmed": _("设备是否已可使用。"),
    "key": _("十六进制编码的密钥，最长 40 字节。"),
    "step": _("口令更换的间隔，单位为秒。"),
    "t0": _("开始计算时间步的 Unix 时间。"),
    "digits": _("口令的位数。"),
    "tolerance": _("验证时前后允许偏差的时间步数。"),
    "drift": _("已知的设备时钟与服务器时钟相差的时间步数。"),
    "throttling_failure_timestamp": _("最近一次验证失败的时间；暂停期从此时计算。"),
    "throttling_failure_count": _("连续验证失败的次数。"),
}

# Read-only fields show the model's help text, which is English; these show none.
TOTP_TIMES = {"created_at": "created", "last_used_at": "last_used"}

admin.site.unregister(TOTPDevice)


@admin.register(TOTPDevice)
class TOTPDeviceAdmin(BaseTOTPDeviceAdmin):
    search_help_text = _("按用户的用户名或电子邮件地址搜索")
    readonly_fields = ["created", "last_used", "qrcode_link"]

    @admin.display(description=_("创建时间"))
    def created(self, device):
        return display_for_value(device.created_at, self.get_empty_value_display())

    @admin.display(description=_("最近使用时间"))
    def last_used(self, device):
        return display_for_value(device.last_used_at, self.get_empty_value_display())

    def get_fieldsets(self, request, obj=None):
        return [
            (
                TOTP_FIELDSETS.get(title, title),
                {**options, "fields": [TOTP_TIMES.get(f, f) for f in options["fields"]]},
            )
            for title, options in super().get_fieldsets(request, obj)
        ]

    def get_form(self, request, obj=None, change=False, **kwargs):
        kwargs.setdefault("help_texts", TOTP_HELP_TEXTS)
        return super().get_form(request, obj, change=change, **kwargs)


# django-axes's list of failed attempts: its "status" column has no Chinese name, and its
# text is pieced together from an English word order.
admin.site.unregister(AccessAttempt)


@admin.register(AccessAttempt)
class AccessAttemptAdmin(BaseAccessAttemptAdmin):
    actions = [*BaseAccessAttemptAdmin.actions, "unlock"]

    def get_queryset(self, request):
        """Each row with what counts towards the locks it is part of (award_portal.accounts.
        lockout): the login name's failures at its address, and the address's over all names."""
        since = timezone.now() - get_cool_off()
        recent = AccessAttempt.objects.filter(attempt_time__gte=since)
        return (
            super()
            .get_queryset(request)
            .annotate(
                name_failures=_failures(
                    recent.filter(username=OuterRef("username"), ip_address=OuterRef("ip_address"))
                ),
                address_failures=_failures(recent.filter(ip_address=OuterRef("ip_address"))),
            )
        )

    @admin.display(description=_("状态"))
    def status(self, obj):
        if (obj.address_failures or 0) >= settings.LOGIN_ADDRESS_FAILURE_LIMIT:
            return _("已锁定（该网络地址）")
        remaining = settings.AXES_FAILURE_LIMIT - (obj.name_failures or 0)
        if remaining > 0:
            return _("还可尝试 %(count)d 次") % {"count": remaining}
        return _("已锁定")

    @admin.action(description=_("解锁"), permissions=["delete"])
    def unlock(self, request, queryset):
        """Forget the chosen failed attempts and every other failure of their login names."""
        forgotten = unlock_logins(request=request, attempts=queryset)
        self.message_user(
            request,
            _("已解除登录锁定，清除了 %(count)d 条失败记录。") % {"count": forgotten},
            messages.SUCCESS,
        )


def _failures(attempts):
    """The failures of these attempts added up, as a subquery of one row."""
    total = attempts.order_by().values("ip_address").annotate(n=Sum("failures_since_start"))
    return Subquery(total.values("n")[:1])
