"""The office sees on its dashboard when the scheduled (beat) jobs have stopped running.

Each job that beat sends records a heartbeat when it succeeds; a job is late when the run its
schedule (CELERY_BEAT_SCHEDULE) asked for after its last one is more than two minutes past.
"""

from datetime import timedelta

import pytest
from celery.schedules import crontab
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from applications import tasks as application_tasks
from award_portal.accounts.models import Role
from award_portal.operations import heartbeat
from award_portal.operations.models import JobHeartbeat
from tests.clock import moment
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PROGRESS = reverse("applications:edition_progress")
WARNING = "定时任务未按时运行"


def _beat(task: str, at: str) -> None:
    heartbeat.record_run(task=task, at=moment(at))


def _all_ran(at: str) -> None:
    _beat(heartbeat.BEAT_STARTED, at)
    for entry in settings.CELERY_BEAT_SCHEDULE.values():
        _beat(entry["task"], at)


@pytest.mark.now("2026-11-16 10:00")
def test_no_job_is_late_within_its_period():
    _all_ran("2026-11-16 09:59")

    assert heartbeat.late_jobs(now=moment("2026-11-16 10:00")) == []


def test_minute_job_is_late_once_its_period_and_the_grace_have_passed():
    _all_ran("2026-11-16 09:59")

    on_time = heartbeat.late_jobs(now=moment("2026-11-16 10:02"))
    late = heartbeat.late_jobs(now=moment("2026-11-16 10:03"))

    assert on_time == []
    # Every five minutes: due 10:00, late from 10:02; the daily job is not due before 08:30.
    assert [(j.name, j.due_at) for j in late] == [
        ("send-pending-notifications", moment("2026-11-16 10:00")),
        ("close-ended-publicity-windows", moment("2026-11-16 10:00")),
    ]
    assert late[0].last_run_at == moment("2026-11-16 09:59")
    assert late[0].label == "发送待发邮件"


def test_daily_job_is_late_the_next_morning_after_its_hour():
    _all_ran("2026-11-15 08:30")
    for name, entry in settings.CELERY_BEAT_SCHEDULE.items():
        if name != "remind-deadlines":
            _beat(entry["task"], "2026-11-16 08:33")

    before = heartbeat.late_jobs(now=moment("2026-11-16 08:32"))
    after = heartbeat.late_jobs(now=moment("2026-11-16 08:33"))

    assert "remind-deadlines" not in [j.name for j in before]
    assert [j.name for j in after] == ["remind-deadlines"]
    assert after[0].due_at == moment("2026-11-16 08:30")


def test_job_that_never_ran_counts_from_the_start_of_beat():
    _beat(heartbeat.BEAT_STARTED, "2026-11-16 09:58")

    assert heartbeat.late_jobs(now=moment("2026-11-16 09:59")) == []
    late = heartbeat.late_jobs(now=moment("2026-11-16 10:03"))
    assert [(j.name, j.last_run_at) for j in late] == [
        ("send-pending-notifications", None),
        ("close-ended-publicity-windows", None),
    ]


def test_every_job_is_late_when_neither_beat_nor_a_job_ever_ran():
    late = heartbeat.late_jobs(now=moment("2026-11-16 10:00"))

    assert [j.name for j in late] == list(settings.CELERY_BEAT_SCHEDULE)


def test_job_sent_by_beat_records_a_heartbeat_and_one_called_otherwise_does_not():
    application_tasks.send_pending_notifications.apply()
    assert JobHeartbeat.objects.count() == 0

    application_tasks.send_pending_notifications.apply(headers={"celery_beat_task": True})
    application_tasks.send_pending_notifications.apply(headers={"celery_beat_task": True})

    beat = JobHeartbeat.objects.get()
    assert (beat.task, beat.runs) == ("applications.tasks.send_pending_notifications", 2)


@pytest.mark.now("2026-11-16 10:00")
def test_office_dashboard_warns_when_the_jobs_are_late(client, edition):
    client.force_login(UserFactory(role=Role.CITY_OFFICE))
    _all_ran("2026-11-16 09:50")

    page = client.get(PROGRESS).content.decode()

    assert WARNING in page
    assert "发送待发邮件：最近一次运行于 2026-11-16 09:50，应于 2026-11-16 09:51 再次运行" in page
    assert "截止日期提醒" not in page


@pytest.mark.now("2026-11-16 10:00")
def test_office_dashboard_has_no_warning_while_the_jobs_run(client, edition):
    client.force_login(UserFactory(role=Role.CITY_OFFICE))
    _all_ran("2026-11-16 09:59")

    page = client.get(PROGRESS).content.decode()

    assert WARNING not in page


@pytest.mark.now("2026-11-16 10:00")
def test_supervision_group_is_not_shown_the_warning(client, edition):
    client.force_login(UserFactory(role=Role.SUPERVISOR))

    page = client.get(PROGRESS).content.decode()

    assert "当前阶段" in page
    assert WARNING not in page


def _dashboard_queries(client) -> int:
    client.get(PROGRESS)
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(PROGRESS).status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.now("2026-11-16 10:00")
def test_dashboard_reads_the_heartbeats_in_one_query_however_many_jobs(client, edition, settings):
    client.force_login(UserFactory(role=Role.CITY_OFFICE))
    every_minute = {"task": "applications.tasks.send_pending_notifications", "schedule": 60.0}
    settings.CELERY_BEAT_SCHEDULE = {"one": every_minute}
    one = _dashboard_queries(client)
    settings.CELERY_BEAT_SCHEDULE = {
        f"job-{n}": {"task": f"tasks.job_{n}", "schedule": crontab(minute=f"*/{n + 2}")}
        for n in range(3)
    }

    three = _dashboard_queries(client)

    assert three == one


@pytest.mark.now("2026-11-16 10:00")
def test_dashboard_shows_the_warning_while_redis_is_down(client, edition, settings):
    client.force_login(UserFactory(role=Role.CITY_OFFICE))
    _all_ran("2026-11-16 09:00")
    settings.CACHES = {
        "default": {
            "BACKEND": "award_portal.cache.DegradingRedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",  # nothing listens there
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }

    response = client.get(PROGRESS)

    assert response.status_code == 200
    assert WARNING in response.content.decode()


def test_heartbeat_period_of_a_plain_interval():
    start = moment("2026-11-16 10:00")

    assert heartbeat.next_run_after(60.0, start) == start + timedelta(seconds=60)
    assert heartbeat.next_run_after(crontab(minute="*/5"), start) == start + timedelta(minutes=5)
