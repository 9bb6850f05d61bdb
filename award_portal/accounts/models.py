from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _

from award_portal.model_fields import reference, user_reference


class Role(models.TextChoices):
    APPLICANT = "applicant", _("申报者")
    UNIT_OFFICER = "unit_officer", _("推荐单位经办人")
    CITY_OFFICE = "city_office", _("市质量强市办")
    EXPERT = "expert", _("评审专家")
    SUPERVISOR = "supervisor", _("评审监督组")
    LEADER = "leader", _("领导小组")
    ADMIN = "admin", _("系统管理员")


class ApplicantKind(models.TextChoices):
    ORGANIZATION = "organization", _("组织")
    INDIVIDUAL = "individual", _("个人")


class User(AbstractUser):
    """A person who signs in. They act for at most one unit (DESIGN §1)."""

    role = models.CharField(_("角色"), max_length=20, choices=Role, default=Role.APPLICANT)
    full_name = models.CharField(_("姓名"), max_length=50, blank=True)
    phone = models.CharField(_("手机号码"), max_length=20, blank=True)
    verified_email = models.EmailField(
        _("已验证的邮箱"),
        blank=True,
        help_text=_("用户通过验证邮件中的链接确认过的邮箱；与当前邮箱不同时视为未验证。"),
    )
    unit = reference(
        "applications.RecommendingUnit",
        _("所属推荐单位"),
        null=True,
        related_name="officers",
        help_text=_("推荐单位经办人必须属于一个推荐单位。"),
    )
    organization_name = models.CharField(_("所在单位"), max_length=200, blank=True)
    applicant_kind = models.CharField(
        _("申报主体"), max_length=20, choices=ApplicantKind, blank=True
    )
    data_consent_at = models.DateTimeField(_("同意使用个人信息的时间"), null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = _("用户")
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(role="unit_officer") | models.Q(unit__isnull=False),
                name="unit_officer_has_unit",
                violation_error_message=_("推荐单位经办人必须属于一个推荐单位。"),
            )
        ]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        return self.full_name or self.get_full_name() or self.username

    @property
    def has_verified_email(self) -> bool:
        """The account's current email address is one its user confirmed by a link."""
        return bool(self.email) and self.verified_email.lower() == self.email.lower()


class AuthEvent(models.Model):
    """Append-only record of sign-ins, sign-outs, failed attempts and changes of credentials."""

    class Kind(models.TextChoices):
        LOGIN = "login", _("登录")
        LOGOUT = "logout", _("退出")
        FAILED = "failed", _("登录失败")
        LOCKED = "locked", _("账户锁定")
        OTP_ENROLLED = "otp_enrolled", _("启用两步验证")
        OTP_VERIFIED = "otp_verified", _("两步验证通过")
        OTP_FAILED = "otp_failed", _("两步验证失败")
        OTP_REMOVED = "otp_removed", _("停用两步验证")
        REAUTH = "reauth", _("再次验证密码")
        PASSWORD_CHANGED = "password_changed", _("修改密码")
        EMAIL_CHANGED = "email_changed", _("修改邮箱")
        EMAIL_VERIFIED = "email_verified", _("邮箱已验证")
        UNLOCKED = "unlocked", _("解除登录锁定")

    kind = models.CharField(_("事件"), max_length=20, choices=Kind)
    user = user_reference(_("用户"), null=True, on_delete=models.SET_NULL)
    username = models.CharField(_("用户名"), max_length=150, blank=True)
    ip_address = models.GenericIPAddressField(_("IP 地址"), null=True, blank=True)
    user_agent = models.CharField(_("浏览器"), max_length=300, blank=True)
    at = models.DateTimeField(_("时间"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = verbose_name_plural = _("登录审计记录")
        ordering = ["-at"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.username} {self.at:%Y-%m-%d %H:%M}"
