"""Heartbeats of the scheduled (beat) jobs, and which of them are late.

The worker records a heartbeat each time a job that beat sent succeeds (`record_run`, called
from the `task_success` signal in award_portal/celery.py), and beat records its own start. The
office's dashboard asks `late_jobs()`: a job is late when the run its schedule in
CELERY_BEAT_SCHEDULE asked for after its last run (or, for a job that never ran, after beat
last started) is more than GRACE in the past. That is the sign of a stopped beat or worker:
publicity windows no longer close on time and e-mails wait in the outbox.

The heartbeats live in the database, not in the cache: they must be seen by the web server
whether or not Redis is there (without Redis each process has a cache of its own), and the
dashboard that reads them must not fail while Redis is down.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from celery.schedules import crontab, maybe_schedule
from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from award_portal.operations.models import JobHeartbeat

# Beat's own start, recorded under this name; the reference for jobs that never ran yet.
BEAT_STARTED = "celery.beat"
# Time for a message to wait its turn in the queue and for the job to run.
GRACE = timedelta(minutes=2)

JOB_LABELS = {
    "send-pending-notifications": _("发送待发邮件"),
    "close-ended-publicity-windows": _("按期关闭公示"),
    "remind-deadlines": _("截止日期提醒"),
    "purge-expired-materials": _("删除到期的未获奖申报材料"),
}


@dataclass(frozen=True)
class LateJob:
    name: str
    label: str
    last_run_at: datetime | None  # None: never ran on this installation
    due_at: datetime  # the run that did not happen


def sent_by_beat(request) -> bool:
    """Whether the task's message came from beat (Celery marks them with this header)."""
    if getattr(request, "celery_beat_task", False):
        return True
    return bool((getattr(request, "headers", None) or {}).get("celery_beat_task"))


def record_run(*, task: str, at: datetime | None = None) -> None:
    at = at or timezone.now()
    if JobHeartbeat.objects.filter(task=task).update(last_run_at=at, runs=F("runs") + 1):
        return
    try:
        with transaction.atomic():
            JobHeartbeat.objects.create(task=task, last_run_at=at, runs=1)
    except IntegrityError:  # another process wrote the first one meanwhile
        JobHeartbeat.objects.filter(task=task).update(last_run_at=at, runs=F("runs") + 1)


def next_run_after(schedule, moment: datetime) -> datetime:
    """When `schedule` (a Celery schedule, or seconds) asks for the run after `moment`."""
    schedule = maybe_schedule(schedule)
    if isinstance(schedule, crontab):
        moment = timezone.localtime(moment)
        start, delta, _now = schedule.remaining_delta(moment, tz=moment.tzinfo)
        return start + delta
    return moment + schedule.run_every


def late_jobs(*, now: datetime | None = None) -> list[LateJob]:
    """The scheduled jobs that missed a run, in the order of CELERY_BEAT_SCHEDULE. One query."""
    now = now or timezone.now()
    entries = settings.CELERY_BEAT_SCHEDULE
    tasks = {entry["task"] for entry in entries.values()} | {BEAT_STARTED}
    beats = dict(JobHeartbeat.objects.filter(task__in=tasks).values_list("task", "last_run_at"))
    beat_started = beats.get(BEAT_STARTED)
    late = []
    for name, entry in entries.items():
        last_run = beats.get(entry["task"])
        reference = last_run or beat_started
        if reference is None:
            due = None  # neither the job nor beat was ever seen running
        else:
            due = next_run_after(entry["schedule"], reference)
            if now - due <= GRACE:
                continue
        late.append(
            LateJob(
                name=name,
                label=str(JOB_LABELS.get(name, name)),
                last_run_at=last_run,
                due_at=due or now,
            )
        )
    return late
