"""The embedded set-up (`./portal demo`: SQLite, the filesystem broker, runserver and a Celery
worker) holds twenty people writing at once, while the worker sends their emails from the
outbox: nobody gets a "database is locked" error page."""

from __future__ import annotations

import threading

import pytest
from django.urls import reverse

from tests.factories import PASSWORD
from tests.faults import seed
from tests.faults.conftest import wait_for
from tests.faults.standalone import Browser, Site

WRITERS = 20
WHEN = "2026-11-16 10:00"

pytestmark = [pytest.mark.now(WHEN), pytest.mark.celery_worker]


@pytest.fixture
def sqlite_site(request, tmp_path):
    """runserver and a Celery worker on a database file with a unit's pre-check queue."""
    from django.db import connection

    if connection.vendor != "sqlite":
        pytest.skip("about the embedded SQLite database; PostgreSQL has no such lock")
    site = Site(tmp_path, WHEN, request.getfixturevalue("site_database"))
    site.manage(
        "shell", "-c", f"from tests.faults.seed import precheck_queue; precheck_queue({WRITERS})"
    )
    try:
        site.worker()
        site.url = site.serve()
        yield site
    finally:
        site.stop()


def _in_parallel(action, count: int) -> list:
    """Run action(i) in `count` threads released at the same instant; their answers in order."""
    start = threading.Barrier(count)
    answers: list = [None] * count

    def run(i: int) -> None:
        start.wait()
        answers[i] = action(i)

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=180)
    return answers


def _pending_ids(site: Site) -> list[int]:
    output = site.manage(
        "shell",
        "-v0",
        "-c",
        "from applications.models import Application; "
        "print(*Application.objects.filter(status='submitted').order_by('pk')"
        ".values_list('pk', flat=True))",
    )
    return [int(pk) for pk in output.split()]


def _count(site: Site, status: str) -> int:
    output = site.manage(
        "shell",
        "-v0",
        "-c",
        "from applications.models import Application; "
        f"print(Application.objects.filter(status={status!r}).count())",
    )
    return int(output)


def _sent(site: Site) -> int:
    output = site.manage(
        "shell",
        "-v0",
        "-c",
        "from applications.models import Notification; "
        "print(Notification.objects.filter(status='sent').count())",
    )
    return int(output)


def test_twenty_parallel_logins_and_recommendations_on_sqlite_answer_no_error(sqlite_site):
    ids = _pending_ids(sqlite_site)
    officers = [Browser(sqlite_site.url) for _ in ids]

    logins = _in_parallel(lambda i: officers[i].login(seed.OFFICER, PASSWORD), WRITERS)
    recommendations = _in_parallel(
        lambda i: officers[i].request(
            reverse("applications:unit_recommend", kwargs={"pk": ids[i]}),
            {"opinion": "经初核，材料完整真实，同意推荐。"},
        )[0],
        WRITERS,
    )

    log = sqlite_site.logs()
    assert (logins, recommendations) == ([302] * WRITERS, [302] * WRITERS), log[-5000:]
    assert "database is locked" not in log
    assert (_count(sqlite_site, "submitted"), _count(sqlite_site, "recommended")) == (0, WRITERS)
    # The worker, writing to the same file meanwhile, sends the office one email for each.
    assert wait_for(lambda: _sent(sqlite_site) == WRITERS, timeout=60), sqlite_site.logs()
