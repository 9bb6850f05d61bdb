"""The portal's Celery app with its minute job sent every second, for the supervisor's test:

celery -A tests.operations.fast_beat worker | beat
"""

from award_portal.celery import app

app.conf.beat_schedule = {
    "send-pending-notifications": {
        "task": "applications.tasks.send_pending_notifications",
        "schedule": 1.0,
    },
}

__all__ = ["app"]
