"""The portal's Celery app with one more, slow, window-closed step, for fault tests.

Started as `celery -A tests.faults.slow_hooks worker`: the worker runs the real tasks, and the
closing of an acceptance window also writes an outbox row and then takes SLOW_HOOK_SECONDS,
long enough to kill the worker in the middle of it. Registering the step goes through the
public `publicity.hooks` API, as the stages of the award do.
"""

import os
import time

from award_portal.celery import app
from publicity import hooks

NEXT_STEP_RECIPIENT = "next-step@example.cn"


def slow_next_step(*, window, actor) -> None:
    from applications.models import Notification

    Notification.objects.create(
        recipient=NEXT_STEP_RECIPIENT, subject=f"window {window.pk} closed", body=window.title
    )
    time.sleep(float(os.environ.get("SLOW_HOOK_SECONDS", "3")))


hooks.register(hooks.WINDOW_CLOSED, "acceptance", slow_next_step)

__all__ = ["app"]
