from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _

from applications.models import AuditRecord
from award_portal.model_fields import reference, user_reference


class StateChange(AuditRecord):
    """One move of a record's status through the engine: which record, which move, from, to,
    who (with the role and unit they acted in), when, why, from which address, and the data
    the move carried."""

    kind = models.CharField(_("记录类型"), max_length=40, db_index=True)
    content_type = reference(ContentType, _("模型"))
    object_id = models.PositiveBigIntegerField(_("记录编号"))
    move = models.CharField(_("操作"), max_length=40)
    source = models.CharField(_("原状态"), max_length=30)
    target = models.CharField(_("新状态"), max_length=30)
    actor = user_reference(
        _("操作人"), null=True, on_delete=models.SET_NULL, help_text=_("为空表示系统自动处理。")
    )
    actor_name = models.CharField(_("操作人姓名"), max_length=150, blank=True)
    actor_role = models.CharField(_("操作人角色"), max_length=20, blank=True)
    actor_unit = models.CharField(_("操作人单位"), max_length=100, blank=True)
    reason = models.TextField(_("理由"), blank=True)
    ip_address = models.GenericIPAddressField(_("IP 地址"), null=True, blank=True)
    data = models.JSONField(_("附带数据"), default=dict, blank=True)
    at = models.DateTimeField(_("时间"), auto_now_add=True, db_index=True)

    class Meta(AuditRecord.Meta):
        verbose_name = verbose_name_plural = _("状态变更记录（通用）")
        indexes = [models.Index(fields=["content_type", "object_id", "at"])]

    def __str__(self) -> str:
        return f"{self.kind} {self.object_id}: {self.source} → {self.target}"
