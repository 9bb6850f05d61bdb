"""What the portal keeps about its handling of personal information (个人信息保护法): who
agreed to which privacy notice and when, who exported what, how long the materials of
applications that did not win are kept, and which materials were deleted when they expired.

Every record here is append-only, like the lifecycle's audit records, except the retention
setting the city office changes.
"""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from applications.models import AppendOnlyModel, Application, Edition
from award_portal.model_fields import one_to_one, reference, user_reference


class PrivacyConsent(AppendOnlyModel):
    """A user's consent to one version of the privacy notice."""

    class Occasion(models.TextChoices):
        REGISTRATION = "registration", _("注册时")
        SIGN_IN = "sign_in", _("登录时")

    user = user_reference(
        _("用户"), null=True, on_delete=models.SET_NULL, related_name="privacy_consents"
    )
    username = models.CharField(_("用户名"), max_length=150)
    version = models.CharField(_("告知书版本"), max_length=20)
    occasion = models.CharField(_("同意场合"), max_length=20, choices=Occasion)
    ip_address = models.GenericIPAddressField(_("IP 地址"), null=True, blank=True)
    at = models.DateTimeField(_("同意时间"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = verbose_name_plural = _("个人信息处理同意记录")
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["user", "version"])]

    def __str__(self) -> str:
        return f"{self.username} {self.version} {self.at:%Y-%m-%d %H:%M}"


class ExportRecord(AppendOnlyModel):
    """One document or file a signed-in user downloaded: who, in which role, what, when."""

    user = user_reference(_("导出人"), null=True, on_delete=models.SET_NULL)
    username = models.CharField(_("用户名"), max_length=150)
    role = models.CharField(_("角色"), max_length=20, blank=True)
    page = models.CharField(_("导出功能"), max_length=100)
    path = models.CharField(_("地址"), max_length=500)
    filename = models.CharField(_("文件名"), max_length=255, blank=True)
    content_type = models.CharField(_("文件类型"), max_length=100, blank=True)
    size = models.PositiveBigIntegerField(_("大小（字节）"), null=True, blank=True)
    ip_address = models.GenericIPAddressField(_("IP 地址"), null=True, blank=True)
    at = models.DateTimeField(_("时间"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = verbose_name_plural = _("导出记录")
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.username} {self.filename or self.page} {self.at:%Y-%m-%d %H:%M}"


class MaterialRetention(models.Model):
    """How long the materials of an edition's applications that did not win are kept after
    the edition closes (months). Editions without a row keep them for the default."""

    edition = one_to_one(
        Edition, _("届次"), on_delete=models.CASCADE, related_name="material_retention"
    )
    months = models.PositiveSmallIntegerField(_("未获奖申报材料保存期限（月）"))
    set_by = user_reference(_("设置人"), null=True, on_delete=models.SET_NULL)
    set_at = models.DateTimeField(_("设置时间"), default=timezone.now)

    class Meta:
        verbose_name = verbose_name_plural = _("申报材料保存期限")

    def __str__(self) -> str:
        return f"{self.edition}: {self.months}"


class MaterialPurge(AppendOnlyModel):
    """The deletion of an application's uploaded files when their retention period ended: the
    files' names, sizes and checksums are kept here, the files themselves are gone."""

    application = reference(Application, _("申报"), related_name="material_purges")
    edition = reference(Edition, _("届次"))
    months = models.PositiveSmallIntegerField(_("保存期限（月）"))
    edition_closed_at = models.DateTimeField(_("届次结束时间"))
    files = models.JSONField(_("已删除的文件"), default=list)
    file_count = models.PositiveIntegerField(_("文件数"))
    total_size = models.PositiveBigIntegerField(_("合计大小（字节）"))
    at = models.DateTimeField(_("删除时间"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = verbose_name_plural = _("申报材料删除记录")
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.application_id}: {self.file_count} {self.at:%Y-%m-%d}"
