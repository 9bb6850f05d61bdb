"""Beat jobs of the publicity app. They load rows by id and call a service."""

from __future__ import annotations

import logging

from celery import shared_task
from django.utils import timezone

from publicity import reminders, selectors
from publicity.errors import PublicityError
from publicity.windows import services as windows

logger = logging.getLogger(__name__)


@shared_task
def close_ended_windows() -> int:
    """Close every window whose end has passed; each window is its own transaction."""
    closed = 0
    for window_id in selectors.windows_due_for_closing(today=timezone.localdate()):
        try:
            closed += windows.close_window(window_id=window_id)
        except PublicityError as exc:
            logger.error("window %s not closed: %s", window_id, exc.message)
    return closed


@shared_task
def close_window(window_id: int) -> bool:
    return windows.close_window(window_id=window_id)


@shared_task
def send_deadline_reminders() -> int:
    return reminders.send_deadline_reminders()
