"""The supervisor restarts what dies: real Celery worker and beat processes, killed with SIGKILL.

The worker and beat run as separate supervised processes, each with its own restart, on a
SQLite file and the embedded filesystem broker, as `./portal demo` and `./portal serve` run
them. Beat sends the minute job every second here (tests.operations.fast_beat), and each run
that the worker completes records a heartbeat, so the test sees the two working together.
"""

import os
import shutil
import signal
import sqlite3
import sys
import time
from contextlib import closing

import pytest

from tests.operations.conftest import portal_env
from tests.operations.processes import alive, descendants, started_pids, wait_for

pytestmark = pytest.mark.celery_worker

TASK = "applications.tasks.send_pending_notifications"
SLEEPER = f"sleeper={sys.executable} -c 'import time; time.sleep(60)'"


def _runs(database, task: str = TASK) -> int:
    with closing(sqlite3.connect(database, timeout=20)) as db:
        row = db.execute(
            "SELECT runs FROM operations_jobheartbeat WHERE task = ?", (task,)
        ).fetchone()
    return row[0] if row else 0


def _start_supervisor(started, tmp_path, *arguments: str, database_url="sqlite:///unused", **env):
    """`award_portal.supervise` started with `arguments` (options, then name=command programs)."""
    return started.start(
        "supervise",
        [sys.executable, "-m", "award_portal.supervise", *arguments],
        portal_env(tmp_path, database_url, **env),
    )


def _supervise(started, tmp_path, migrated_sqlite):
    database = tmp_path / "portal.sqlite3"
    shutil.copy(migrated_sqlite, database)
    celery = f"{sys.executable} -m celery -A tests.operations.fast_beat"
    supervisor = _start_supervisor(
        started,
        tmp_path,
        f"worker={celery} worker --loglevel=INFO --concurrency=1 --without-gossip "
        "--without-mingle --without-heartbeat",
        f"beat={celery} beat --loglevel=INFO",
        database_url=f"sqlite:///{database}",
        DEBUG="true",
    )
    return supervisor, database


def _restarted(log, name: str, killed: int) -> int:
    assert wait_for(lambda: len(started_pids(log, name)) >= 2, timeout=30), log.read_text()
    pid = started_pids(log, name)[-1]
    assert pid != killed and alive(pid)
    return pid


def test_supervisor_restarts_a_killed_worker_and_beat(started, tmp_path, migrated_sqlite):
    supervisor, database = _supervise(started, tmp_path, migrated_sqlite)
    log = supervisor.log_path
    # Beat sends the job, the worker runs it: heartbeats come in.
    assert wait_for(lambda: _runs(database) >= 2, timeout=120), log.read_text()
    assert _runs(database, "celery.beat") == 1

    # The worker, SIGKILLed like the out-of-memory killer does: its pool child goes with it.
    worker = started_pids(log, "worker")[0]
    pool = descendants(worker)
    assert pool, "the prefork worker has a pool process"
    supervisor_pid_before = supervisor.pid
    os.kill(worker, signal.SIGKILL)
    new_worker = _restarted(log, "worker", worker)
    assert "worker killed by SIGKILL" in log.read_text()
    assert wait_for(lambda: not any(alive(pid) for pid in pool), timeout=10)
    runs = _runs(database)
    assert wait_for(lambda: _runs(database) >= runs + 2, timeout=120), log.read_text()

    # Beat, SIGKILLed: started again, it sends the job again.
    beat = started_pids(log, "beat")[0]
    os.kill(beat, signal.SIGKILL)
    _restarted(log, "beat", beat)
    assert wait_for(lambda: _runs(database, "celery.beat") == 2, timeout=60), log.read_text()
    runs = _runs(database)
    assert wait_for(lambda: _runs(database) >= runs + 2, timeout=120), log.read_text()

    # Ctrl+C: every process below the supervisor is gone within 10 seconds.
    assert supervisor.pid == supervisor_pid_before and alive(new_worker)
    everyone = descendants(supervisor.pid)
    stopped_at = time.monotonic()
    supervisor.send_signal(signal.SIGINT)
    supervisor.wait(timeout=10)
    assert wait_for(lambda: not any(alive(pid) for pid in everyone), timeout=1)
    assert time.monotonic() - stopped_at < 10
    assert supervisor.returncode == 0
    assert "[supervise] stopped" in log.read_text()


def test_supervisor_gives_up_on_a_program_that_cannot_start(started, tmp_path):
    supervisor = _start_supervisor(
        started,
        tmp_path,
        "--max-quick-exits",
        "3",
        SLEEPER,
        f"broken={sys.executable} -c 'raise SystemExit(3)'",
    )

    supervisor.wait(timeout=30)

    log = supervisor.log_path.read_text()
    assert supervisor.returncode == 1
    assert len(started_pids(supervisor.log_path, "broken")) == 3
    assert "broken exited with status 3 3 times in a row" in log
    assert not alive(started_pids(supervisor.log_path, "sleeper")[0])


def test_supervisor_stops_everything_when_a_program_does_not_exist(started, tmp_path):
    supervisor = _start_supervisor(
        started, tmp_path, SLEEPER, f"missing={tmp_path / 'no-such-program'}"
    )

    supervisor.wait(timeout=20)

    log = supervisor.log_path.read_text()
    assert supervisor.returncode == 1
    assert "missing cannot be started" in log
    assert not alive(started_pids(supervisor.log_path, "sleeper")[0])
