"""The Celery workers the tests start in processes of their own: one process each, and no
chatter with other workers (heartbeats, gossip, mingling) to wait for."""

import signal
import subprocess
import time


def worker_arguments(app: str = "award_portal") -> list[str]:
    """The arguments after `celery` that start such a worker of `app`."""
    return [
        "-A",
        app,
        "worker",
        "--pool=solo",
        "--loglevel=INFO",
        "--without-heartbeat",
        "--without-gossip",
        "--without-mingle",
    ]


def wait_for(predicate, *, timeout: float = 60, step: float = 0.2) -> bool:
    """Whether `predicate()` came true within `timeout` seconds, asked every `step`."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(step)
    return False


def stop_worker(worker: subprocess.Popen) -> None:
    """A warm shutdown if the worker still runs, killed if it takes more than 20 seconds."""
    if worker.poll() is None:
        worker.send_signal(signal.SIGTERM)
        try:
            worker.wait(timeout=20)
        except subprocess.TimeoutExpired:
            worker.kill()
            worker.wait(timeout=10)
