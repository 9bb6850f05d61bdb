"""Notifications with real parts: a Celery worker on Redis, and a broker that is down."""

import pytest

from applications.lifecycle import transition
from applications.models import ApplicationEvent, Notification, Status
from applications.tasks import send_pending_notifications
from tests.celery_worker import wait_for
from tests.factories import ApplicationFactory, UnitOfficerFactory, UserFactory
from tests.lifecycle.conftest import put


@pytest.mark.celery_worker
def test_real_worker_sends_the_email_of_a_move_once(celery_worker_process):
    from applications.reference_data import load_reference_data

    load_reference_data()
    owner = UserFactory(email="worker-test@example.cn")
    application = put(ApplicationFactory(owner=owner), Status.SUBMITTED)
    officer = UnitOfficerFactory(unit=application.unit)

    transition(application=application, to=Status.RETURNED, actor=officer, reason="请补充材料")

    assert wait_for(
        lambda: Notification.objects.filter(status=Notification.Status.SENT).count() == 1
    ), celery_worker_process.log_path.read_text()
    notification = Notification.objects.get()
    assert (notification.recipient, notification.attempts) == ("worker-test@example.cn", 1)
    assert "worker-test@example.cn" in celery_worker_process.log_path.read_text()
    assert send_pending_notifications() == 0


@pytest.mark.django_db(transaction=True)
def test_move_is_kept_when_the_broker_is_down_and_its_email_goes_out_later(
    reference_data, mailoutbox
):
    from award_portal.celery import app

    application = put(ApplicationFactory(), Status.SUBMITTED)
    officer = UnitOfficerFactory(unit=application.unit)
    saved = app.conf.broker_url, app.conf.task_always_eager
    app.conf.broker_url, app.conf.task_always_eager = "redis://127.0.0.1:1/0", False
    app._pool = None
    try:
        transition(application=application, to=Status.RETURNED, actor=officer, reason="补充")
    finally:
        app.conf.broker_url, app.conf.task_always_eager = saved
        app._pool = None

    assert ApplicationEvent.objects.filter(application=application).count() == 1
    notification = Notification.objects.get()
    assert notification.status == Notification.Status.PENDING
    assert mailoutbox == []

    Notification.objects.filter(pk=notification.pk).update(
        created_at=notification.created_at.replace(year=2020)
    )
    assert send_pending_notifications() == 1
    assert send_pending_notifications() == 0
    assert len(mailoutbox) == 1
    assert ApplicationEvent.objects.filter(application=application).count() == 1
