"""The e-mails the moves send: their editable texts and the outbox."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from applications.models.events import ApplicationEvent
from award_portal.model_fields import reference


class EmailTemplate(models.Model):
    """The editable Chinese text of one notification, keyed by the move that sends it."""

    key = models.CharField(_("触发操作"), max_length=40, unique=True)
    subject = models.CharField(_("邮件标题"), max_length=200)
    body = models.TextField(
        _("邮件正文"),
        help_text=_(
            "可使用 {{ application }}、{{ reference }}、{{ status }}、{{ reason }}、"
            "{{ edition }}、{{ url }}。"
        ),
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = verbose_name_plural = _("通知模板")
        ordering = ["key"]

    def __str__(self) -> str:
        return self.key


class Notification(models.Model):
    """An email in the outbox. Written in the same transaction as the move that caused it,
    so a move is never lost when the broker is down, and sent at most once."""

    class Status(models.TextChoices):
        PENDING = "pending", _("待发送")
        SENDING = "sending", _("发送中")
        SENT = "sent", _("已发送")
        FAILED = "failed", _("发送失败")

    event = reference(ApplicationEvent, _("状态变更"), null=True, related_name="notifications")
    recipient = models.EmailField(_("收件人"))
    subject = models.CharField(_("标题"), max_length=200)
    body = models.TextField(_("正文"))
    status = models.CharField(
        _("状态"), max_length=10, choices=Status, default=Status.PENDING, db_index=True
    )
    attempts = models.PositiveSmallIntegerField(_("尝试次数"), default=0)
    last_error = models.TextField(_("最近错误"), blank=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    claimed_at = models.DateTimeField(_("开始发送时间"), null=True, blank=True)
    sent_at = models.DateTimeField(_("发送时间"), null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = _("通知邮件")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.recipient}: {self.subject}"
