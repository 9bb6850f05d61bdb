from celery import shared_task

from award_portal.privacy import retention


@shared_task
def purge_expired_materials() -> int:
    """Beat job: delete the materials of applications that did not win once kept long enough."""
    return retention.purge_expired_materials()
