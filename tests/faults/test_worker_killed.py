"""A Celery worker is killed in the middle of closing publicity windows. On restart, each
window is closed exactly once and its next step is taken exactly once."""

import re
import time
from datetime import date

import pytest

from applications.models import Notification
from publicity import tasks
from publicity.models import PublicityWindow, WindowEvent
from tests.factories import EditionFactory
from tests.faults.conftest import wait_for
from tests.publicity.factories import EndedWindowFactory, EntryFactory

WINDOWS = 4
# What tests.faults.slow_hooks writes; that module is only imported by the worker, since
# importing it registers its slow step.
NEXT_STEP_RECIPIENT = "next-step@example.cn"
SUCCEEDED = re.compile(r"close_ended_windows\[[^\]]+\] succeeded in [\d.]+s: (\d+)")


def _fired() -> int:
    return PublicityWindow.objects.filter(outcome_fired_at__isnull=False).count()


@pytest.mark.celery_worker
def test_worker_killed_while_closing_windows_closes_each_once_after_restart(workers):
    # One published list per kind and edition: each window has an edition of its own.
    windows = [
        EndedWindowFactory(
            edition=EditionFactory(number=10 + n, is_current=False), start_date=date(2023, 2, 15)
        )
        for n in range(WINDOWS)
    ]
    for window in windows:
        EntryFactory(window=window)
    first = workers.start("tests.faults.slow_hooks", SLOW_HOOK_SECONDS="3")

    tasks.close_ended_windows.delay()
    # Kill it once one window is done and the next one is in its slow step, uncommitted.
    assert wait_for(lambda: _fired() == 1, timeout=60), first.log_path.read_text()
    time.sleep(1)
    workers.kill(first)
    assert _fired() == 1
    assert PublicityWindow.objects.filter(status=PublicityWindow.Status.CLOSED).count() == 1
    assert Notification.objects.filter(recipient=NEXT_STEP_RECIPIENT).count() == 1

    # The restarted worker; the beat job fires again (it runs every five minutes).
    second = workers.start("tests.faults.slow_hooks", SLOW_HOOK_SECONDS="0")
    tasks.close_ended_windows.delay()
    tasks.close_ended_windows.delay()

    assert wait_for(lambda: _fired() == WINDOWS, timeout=60), second.log_path.read_text()
    assert wait_for(lambda: len(SUCCEEDED.findall(second.log_path.read_text())) == 2)
    assert sorted(SUCCEEDED.findall(second.log_path.read_text())) == ["0", str(WINDOWS - 1)]
    for window in windows:
        kinds = list(window.events.order_by("id").values_list("kind", flat=True))
        assert kinds == [
            WindowEvent.Kind.CLOSED,
            WindowEvent.Kind.OUTCOME_FIRED,
        ], window.pk
        assert (
            Notification.objects.filter(
                recipient=NEXT_STEP_RECIPIENT, subject=f"window {window.pk} closed"
            ).count()
            == 1
        )
    statuses = set(PublicityWindow.objects.values_list("status", flat=True))
    assert statuses == {PublicityWindow.Status.CLOSED}
