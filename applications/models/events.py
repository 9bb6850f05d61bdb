"""The append-only audit records of the lifecycle: an application's moves and an edition's."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from applications.models.applications import STATUS_LABELS, Application, Status
from applications.models.editions import Edition, Stage
from award_portal.model_fields import reference, user_reference


class AppendOnlyQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise PermissionError("audit records are append-only")

    def delete(self):
        raise PermissionError("audit records are append-only")


class AppendOnlyModel(models.Model):
    """A record that is written once and never changed or deleted."""

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if self.pk is not None and not self._state.adding:
            raise PermissionError("audit records are append-only")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("audit records are append-only")


class AuditRecord(AppendOnlyModel):
    """One entry of an audit trail: what happened and when, read in the order it happened."""

    at = models.DateTimeField(_("时间"), auto_now_add=True)

    class Meta:
        abstract = True
        ordering = ["at", "id"]


class ApplicationEvent(AuditRecord):
    """One move of an application's status: who, in which role and unit, from, to, when, why."""

    application = reference(Application, _("申报"), related_name="events")
    move = models.CharField(_("操作"), max_length=40)
    from_status = models.CharField(_("原状态"), max_length=20, choices=Status)
    to_status = models.CharField(_("新状态"), max_length=20, choices=Status)
    actor = user_reference(_("操作人"), null=True, on_delete=models.SET_NULL)
    actor_name = models.CharField(_("操作人姓名"), max_length=150)
    actor_role = models.CharField(_("操作人角色"), max_length=20)
    actor_unit = models.CharField(_("操作人单位"), max_length=100, blank=True)
    reason = models.TextField(_("理由/意见"), blank=True)
    internal_note = models.TextField(_("内部备注"), blank=True)
    ip_address = models.GenericIPAddressField(_("IP 地址"), null=True, blank=True)
    at = models.DateTimeField(_("时间"), auto_now_add=True, db_index=True)

    class Meta(AuditRecord.Meta):
        verbose_name = verbose_name_plural = _("状态变更记录")

    def __str__(self) -> str:
        return f"{self.application_id}: {self.from_status} → {self.to_status}"

    def get_from_status_display(self) -> str:  # see STATUS_LABELS
        return STATUS_LABELS.get(self.from_status, self.from_status)

    def get_to_status_display(self) -> str:
        return STATUS_LABELS.get(self.to_status, self.to_status)


class EditionEvent(AuditRecord):
    """One move of an edition from one stage to the next."""

    edition = reference(Edition, _("届次"), related_name="events")
    from_stage = models.CharField(_("原阶段"), max_length=20, choices=Stage)
    to_stage = models.CharField(_("新阶段"), max_length=20, choices=Stage)
    actor = user_reference(_("操作人"), null=True, on_delete=models.SET_NULL)
    actor_name = models.CharField(_("操作人姓名"), max_length=150)
    reason = models.TextField(_("说明"), blank=True)

    class Meta(AuditRecord.Meta):
        verbose_name = verbose_name_plural = _("届次阶段变更记录")

    def __str__(self) -> str:
        return f"{self.edition}: {self.from_stage} → {self.to_stage}"
