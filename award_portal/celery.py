import os

from celery import Celery
from celery.schedules import crontab

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "award_portal.settings")

app = Celery("award_portal")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

app.conf.beat_schedule = {
    "send-pending-notifications": {
        "task": "applications.tasks.send_pending_notifications",
        "schedule": 60.0,
    },
    "close-ended-publicity-windows": {
        "task": "publicity.tasks.close_ended_windows",
        "schedule": crontab(minute="*/5"),
    },
    "remind-deadlines": {
        "task": "publicity.tasks.send_deadline_reminders",
        "schedule": crontab(hour=8, minute=30),
    },
}
