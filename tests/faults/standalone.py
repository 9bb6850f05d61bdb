"""The portal in processes of its own, as `./portal demo` runs it: `manage.py runserver` and a
Celery worker on a database file (SQLite and the embedded filesystem broker by default).

The processes run at the test's moment, not the wall clock's:

    python -m tests.faults.standalone 'YYYY-MM-DD HH:MM' manage.py runserver --noreload
    python -m tests.faults.standalone 'YYYY-MM-DD HH:MM' celery -A award_portal worker --pool=solo
"""

from __future__ import annotations

import http.cookiejar
import os
import runpy
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

from tests.celery_worker import worker_arguments

ROOT = Path(__file__).resolve().parent.parent.parent


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Site:
    """The processes of a portal on `database_url`; their logs go to `folder`."""

    def __init__(self, folder: Path, when: str, database_url: str, **env: str):
        self.folder = folder
        self.when = when
        self.env = {
            **{k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL"}},
            "DATABASE_URL": database_url,
            "VAR_DIR": str(folder / "var"),
            "DEBUG": "true",
            "EMAIL_URL": "console://",
            "CELERY_TASK_ALWAYS_EAGER": "false",
            "PYTHONUNBUFFERED": "1",
            **env,
        }
        self.started: list[subprocess.Popen] = []

    def run(self, *args: str, timeout: float = 300) -> str:
        done = subprocess.run(
            [sys.executable, "-m", "tests.faults.standalone", self.when, *args],
            cwd=ROOT,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=timeout,
        )
        if done.returncode != 0:
            raise RuntimeError(f"{' '.join(args)} failed:\n{done.stdout}\n{done.stderr}")
        return done.stdout

    def manage(self, *args: str) -> str:
        return self.run("manage.py", *args)

    def start(self, name: str, *args: str, ready: str) -> subprocess.Popen:
        log_path = self.folder / f"{name}.log"
        log = open(log_path, "w")  # noqa: SIM115 - the process writes it until it stops
        process = subprocess.Popen(
            [sys.executable, "-m", "tests.faults.standalone", self.when, *args],
            cwd=ROOT,
            env=self.env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        process.log_path, process.log_file = log_path, log
        self.started.append(process)
        deadline = time.monotonic() + 60
        while ready not in log_path.read_text(errors="replace"):
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"{name} did not start:\n{log_path.read_text()}")
            time.sleep(0.2)
        return process

    def serve(self) -> str:
        port = free_port()
        self.start(
            "web",
            "manage.py",
            "runserver",
            "--noreload",
            f"127.0.0.1:{port}",
            ready="Quit the server",
        )
        return f"http://127.0.0.1:{port}"

    def worker(self) -> subprocess.Popen:
        return self.start(
            "worker",
            "celery",
            *worker_arguments(),
            ready=" ready.",
        )

    def stop(self) -> None:
        for process in self.started:
            if process.poll() is None:
                process.terminate()
                try:
                    process.wait(timeout=20)
                except subprocess.TimeoutExpired:
                    process.kill()
                    process.wait(timeout=10)
            process.log_file.close()

    def logs(self) -> str:
        return "\n".join(p.log_path.read_text(errors="replace") for p in self.started)


class Browser:
    """One visitor: a cookie jar and the CSRF token Django gave it. Answers are never raised."""

    def __init__(self, base_url: str):
        self.base_url = base_url
        self.cookies = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.cookies), _NoRedirects()
        )

    def request(self, path: str, data: dict | None = None, **headers: str) -> tuple[int, str]:
        body = None
        if data is not None:
            body = urllib.parse.urlencode(data, doseq=True).encode()
            headers.setdefault("X-CSRFToken", self.cookie("csrftoken"))
            headers.setdefault("Referer", self.base_url + path)
        request = urllib.request.Request(self.base_url + path, data=body, headers=headers)
        try:
            with self.opener.open(request, timeout=120) as response:
                return response.status, response.read().decode(errors="replace")
        except urllib.error.HTTPError as answer:
            return answer.code, answer.read().decode(errors="replace")

    def cookie(self, name: str) -> str:
        return next((c.value for c in self.cookies if c.name == name), "")

    def login(self, username: str, password: str) -> int:
        self.request("/accounts/login/")
        status, _body = self.request(
            "/accounts/login/", {"username": username, "password": password}
        )
        return status


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def main() -> None:
    import time_machine

    from tests.clock import moment

    when, program, *args = sys.argv[1:]
    sys.path.insert(0, str(ROOT))
    with time_machine.travel(moment(when), tick=True):
        if program == "celery":
            from celery.__main__ import main as celery

            sys.argv = ["celery", *args]
            celery()
        else:
            sys.argv = [program, *args]
            runpy.run_path(str(ROOT / program), run_name="__main__")


if __name__ == "__main__":
    main()
