import os

from celery import Celery
from celery.signals import beat_init, task_success

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "award_portal.settings")

app = Celery("award_portal")
# The beat jobs are CELERY_BEAT_SCHEDULE in settings.py.
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@task_success.connect
def record_heartbeat(sender=None, **_kwargs):
    """A job that beat sent has run: the office's dashboard can tell beat and worker are up."""
    from award_portal.operations import heartbeat

    if sender is not None and heartbeat.sent_by_beat(sender.request):
        heartbeat.record_run(task=sender.name)


@beat_init.connect
def record_beat_start(sender=None, **_kwargs):
    from award_portal.operations import heartbeat

    heartbeat.record_run(task=heartbeat.BEAT_STARTED)
