from django.db import models
from django.utils.translation import gettext_lazy as _


class JobHeartbeat(models.Model):
    """When a scheduled (beat) job last ran to its end: one row per Celery task, written by the
    worker each time beat's message for it succeeds. The office's dashboard compares it with
    the task's schedule to notice a beat or worker that has stopped."""

    task = models.CharField(_("任务"), max_length=200, unique=True)
    last_run_at = models.DateTimeField(_("最近运行时间"))
    runs = models.PositiveBigIntegerField(_("运行次数"), default=0)

    class Meta:
        verbose_name = _("定时任务运行记录")
        verbose_name_plural = _("定时任务运行记录")

    def __str__(self) -> str:
        return f"{self.task} @ {self.last_run_at:%Y-%m-%d %H:%M:%S}"
