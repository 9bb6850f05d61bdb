from celery import shared_task

from applications import notifications


@shared_task
def send_notifications(notification_ids: list[int]) -> int:
    sent = 0
    for notification_id in notification_ids:
        sent += notifications.send_notification(notification_id)
    return sent


@shared_task
def send_pending_notifications() -> int:
    """Beat job: send what the broker lost or what failed before."""
    ids = notifications.pending_notification_ids()
    return sum(notifications.send_notification(pk) for pk in ids)
