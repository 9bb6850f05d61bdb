"""Redis is down while an applicant submits: the submission is saved, and its emails wait in
the outbox until the beat job sends them, exactly once."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse

from applications.models import ApplicationEvent, Notification, Status
from applications.tasks import send_pending_notifications
from tests.applications import helpers
from tests.faults.conftest import wait_for

# Working days are counted from today here: a day of a year the calendar knows.
pytestmark = pytest.mark.now("2026-11-16")


def _submit_through_the_page(client, application):
    client.force_login(application.owner)
    data = helpers.valid_data(application.category.code, application.unit_id)
    return client.post(
        reverse("applications:edit", args=[application.pk]), {**data, "action": "submit"}
    )


def _age_outbox(minutes: int = 5) -> None:
    """The beat job leaves fresh rows to the task queued after commit; these are old now."""
    for row in Notification.objects.all():
        Notification.objects.filter(pk=row.pk).update(
            created_at=row.created_at - timedelta(minutes=minutes)
        )


@pytest.mark.django_db(transaction=True)
def test_submit_while_broker_down_is_saved_and_emails_go_out_once_later(
    make_draft, email_templates, broker_down, client, mailoutbox
):
    application = make_draft("general")

    response = _submit_through_the_page(client, application)

    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == Status.SUBMITTED
    assert ApplicationEvent.objects.filter(application=application, move="submit").count() == 1
    pending = list(Notification.objects.values_list("recipient", "status"))
    assert pending == [(application.unit.email, Notification.Status.PENDING)]
    assert mailoutbox == []

    # Redis is back; the beat job runs, twice (a retried or duplicated run).
    broker_down.conf.task_always_eager = True
    _age_outbox()
    first, second = send_pending_notifications(), send_pending_notifications()

    assert (first, second) == (1, 0)
    assert [message.to for message in mailoutbox] == [[application.unit.email]]
    assert application.reference in mailoutbox[0].body
    assert list(Notification.objects.values_list("status", "attempts")) == [
        (Notification.Status.SENT, 1)
    ]


@pytest.mark.celery_worker
def test_submit_while_redis_down_is_delivered_once_by_a_real_worker_when_it_is_back(
    make_draft, email_templates, real_parts, client, workers
):
    from award_portal.celery import app

    application = make_draft("general")
    saved_url = app.conf.broker_url
    app.conf.broker_url = "redis://127.0.0.1:1/0"  # Redis is down while the user submits
    app._pool = None
    app.amqp._producer_pool = None
    try:
        response = _submit_through_the_page(client, application)
    finally:
        app.conf.broker_url = saved_url
        app._pool = None
        app.amqp._producer_pool = None
    application.refresh_from_db()
    assert (response.status_code, application.status) == (302, Status.SUBMITTED)
    assert Notification.objects.get().status == Notification.Status.PENDING

    # Redis is back: a worker runs and the beat job fires twice.
    worker = workers.start()
    _age_outbox()
    send_pending_notifications.delay()
    send_pending_notifications.delay()
    runs = re.compile(r"send_pending_notifications\[[^\]]+\] succeeded in [\d.]+s: (\d+)")

    assert wait_for(lambda: len(runs.findall(worker.log_path.read_text())) == 2), (
        worker.log_path.read_text()
    )
    log = worker.log_path.read_text()
    assert sorted(runs.findall(log)) == ["0", "1"]
    assert log.count(f"To: {application.unit.email}") == 1
    assert list(Notification.objects.values_list("status", "attempts")) == [
        (Notification.Status.SENT, 1)
    ]
