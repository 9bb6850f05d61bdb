"""The operations tests start the portal's own processes: a supervisor, Celery, gunicorn."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
from pathlib import Path

import pytest

from tests.faults.conftest import migrated_sqlite  # noqa: F401 - a fixture used here too
from tests.operations.processes import descendants

ROOT = Path(__file__).resolve().parent.parent.parent


class Started:
    """Processes a test started in a session of their own; whatever is left is killed after."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.processes: list[subprocess.Popen] = []

    def start(self, name: str, argv: list[str], env: dict[str, str]) -> subprocess.Popen:
        log_path = self.folder / f"{name}.log"
        log = open(log_path, "w")  # noqa: SIM115 - written until the process stops
        process = subprocess.Popen(
            argv, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )
        process.log_path, process.log_file = log_path, log
        self.processes.append(process)
        return process

    def kill_all(self) -> None:
        for process in self.processes:
            for pid in descendants(process.pid) | {process.pid}:
                with contextlib.suppress(ProcessLookupError):
                    os.kill(pid, signal.SIGKILL)
            process.wait(timeout=10)
            process.log_file.close()


@pytest.fixture
def started(tmp_path):
    processes = Started(tmp_path)
    yield processes
    processes.kill_all()


def portal_env(tmp_path: Path, database_url: str, **extra: str) -> dict[str, str]:
    """The environment of a portal of the test's own: its database, its var/ folder, no Redis."""
    return {
        **{k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL"}},
        "DATABASE_URL": database_url,
        "VAR_DIR": str(tmp_path / "var"),
        "EMAIL_URL": "console://",
        "CELERY_TASK_ALWAYS_EAGER": "false",
        "PYTHONUNBUFFERED": "1",
        **extra,
    }
