"""Stage 1 (自愿申报) besides the form itself: the uploaded materials and the colleagues
invited to fill the application in."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from applications.models.applications import Application
from award_portal.model_fields import reference, user_reference


class MaterialKind(models.TextChoices):
    """The electronic materials of notice §五(一)."""

    SELF_ASSESSMENT = "self_assessment", _("自我评价报告")
    EVIDENCE = "evidence", _("证实性材料")
    PUBLICITY_PROOF = "publicity_proof", _("内部公示证明")
    RECOMMENDATION = "recommendation", _("单位申报推荐意见")
    SIGNED_FORM = "signed_form", _("盖章申报表扫描件")


def material_upload_to(instance: Material, filename: str) -> str:
    # The name on disk is always ours; `filename` is already a server-generated name.
    return f"materials/{instance.application_id}/{filename}"


class Material(models.Model):
    """One uploaded file of an application, stored privately under a server-generated name."""

    application = reference(
        Application, _("申报"), on_delete=models.CASCADE, related_name="materials"
    )
    kind = models.CharField(_("材料类型"), max_length=20, choices=MaterialKind)
    file = models.FileField(_("文件"), upload_to=material_upload_to, max_length=200)
    original_name = models.CharField(_("原文件名"), max_length=200)
    content_type = models.CharField(_("文件类型"), max_length=100)
    size = models.PositiveBigIntegerField(_("大小（字节）"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    text_length = models.PositiveIntegerField(_("字数"), null=True, blank=True)
    uploaded_by = user_reference(_("上传人"), null=True, on_delete=models.SET_NULL)
    uploaded_at = models.DateTimeField(_("上传时间"), auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = _("申报材料")
        ordering = ["kind", "uploaded_at", "id"]
        constraints = [
            models.CheckConstraint(condition=models.Q(size__gt=0), name="material_not_empty"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}：{self.original_name}"


class Invitation(models.Model):
    """An organization's invitation to a colleague to edit the same application."""

    application = reference(
        Application, _("申报"), on_delete=models.CASCADE, related_name="invitations"
    )
    email = models.EmailField(_("受邀人邮箱"))
    token = models.CharField(_("邀请码"), max_length=64, unique=True, editable=False)
    invited_by = user_reference(_("邀请人"), on_delete=models.CASCADE)
    created_at = models.DateTimeField(_("邀请时间"), auto_now_add=True)
    expires_at = models.DateTimeField(_("失效时间"))
    accepted_at = models.DateTimeField(_("接受时间"), null=True, blank=True)
    accepted_by = user_reference(_("接受人"), null=True, on_delete=models.SET_NULL)
    history = HistoricalRecords()

    class Meta:
        verbose_name = verbose_name_plural = _("协作邀请")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.application_id} → {self.email}"
