"""`./portal serve` on a fresh SQLite database, as an installation on one machine runs it:
gunicorn with DEBUG off, the static files, a login over plain http, a killed worker started
again, and SIGTERM stopping every process."""

import os
import re
import shutil
import signal
import subprocess
import time

import pytest

from tests.faults.standalone import Browser, free_port
from tests.operations.conftest import ROOT, portal_env
from tests.operations.processes import alive, descendants, started_pids, wait_for

pytestmark = pytest.mark.celery_worker

SECRET = "serve-test-only-not-a-secret-0123456789abcdefghijklmnopqrstuvwxyz"


def _get(base: str, path: str) -> tuple[int, str]:
    return Browser(base).request(path)


def _answers(base: str) -> bool:
    try:
        return _get(base, "/")[0] == 200
    except OSError:
        return False


def test_serve_refuses_to_start_without_a_secret_key_and_allowed_hosts(tmp_path):
    env = portal_env(tmp_path, f"sqlite:///{tmp_path / 'portal.sqlite3'}")
    env.pop("SECRET_KEY", None)
    env.pop("ALLOWED_HOSTS", None)

    done = subprocess.run(
        ["./portal", "serve"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
    )

    assert done.returncode == 2
    assert "./portal serve needs SECRET_KEY and ALLOWED_HOSTS" in done.stderr
    assert re.search(r"^  export SECRET_KEY='[\w-]{60,}'", done.stderr, re.M), done.stderr
    assert re.search(r"^  export ALLOWED_HOSTS=127\.0\.0\.1 ", done.stderr, re.M), done.stderr
    assert not (tmp_path / "portal.sqlite3").exists()


def test_serve_refuses_the_demo_database(tmp_path, migrated_sqlite):
    shutil.copy(migrated_sqlite, tmp_path / "portal.sqlite3")
    env = portal_env(
        tmp_path,
        f"sqlite:///{tmp_path / 'portal.sqlite3'}",
        SECRET_KEY=SECRET,
        ALLOWED_HOSTS="127.0.0.1",
    )
    make_admin = (
        "from award_portal.accounts.models import Role, User; "
        "from applications.demo import DEMO_PASSWORD; "
        "User.objects.create_user(username='admin', password=DEMO_PASSWORD, role=Role.ADMIN)"
    )
    subprocess.run(
        [".venv/bin/python", "manage.py", "shell", "-c", make_admin],
        cwd=ROOT,
        env=env,
        check=True,
        timeout=120,
    )

    done = subprocess.run(
        ["./portal", "serve"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300
    )

    assert done.returncode == 2, done.stdout + done.stderr
    assert "This database holds the demo's accounts" in done.stderr
    assert "export DATABASE_URL=sqlite:///" in done.stderr


def test_serve_answers_with_debug_off_restarts_a_killed_worker_and_stops_on_sigterm(
    started, tmp_path
):
    port = free_port()
    database_url = f"sqlite:///{tmp_path / 'portal.sqlite3'}"
    env = portal_env(
        tmp_path,
        database_url,
        SECRET_KEY=SECRET,
        ALLOWED_HOSTS="127.0.0.1",
        PORTAL_PORT=str(port),
        WEB_CONCURRENCY="2",
    )
    env.pop("DEBUG", None)
    portal = started.start("serve", ["./portal", "serve"], env)
    base = f"http://127.0.0.1:{port}"
    log = portal.log_path
    # Migrating a fresh database and collecting the static files take a while on a busy machine.
    assert wait_for(lambda: _answers(base), timeout=420), log.read_text()

    status, home = _get(base, "/")
    assert status == 200 and "市政府质量奖" in home
    # DEBUG is off: the static files are the collected, hashed ones, served by whitenoise.
    stylesheet = re.search(r'href="(/static/vendor/bootstrap/css/bootstrap\.min\.\w+\.css)"', home)
    assert stylesheet, home
    assert _get(base, stylesheet.group(1))[0] == 200
    status, missing = _get(base, "/no-such-page/")
    assert status == 404 and "页面不存在" in missing and "URLconf" not in missing

    # An account made on the running installation signs in over plain http.
    subprocess.run(
        [".venv/bin/python", "manage.py", "shell", "-c", _MAKE_APPLICANT],
        cwd=ROOT,
        env={**env, "DEBUG": "false"},
        check=True,
        timeout=120,
    )
    visitor = Browser(base)
    assert visitor.login("serve-applicant", "Serve-Test-2026") == 302
    assert "退出" in visitor.request("/")[1]

    # The worker, SIGKILLed, runs again within 30 seconds.
    worker = started_pids(log, "worker")[0]
    os.kill(worker, signal.SIGKILL)
    killed_at = time.monotonic()
    assert wait_for(lambda: len(started_pids(log, "worker")) == 2, timeout=30), log.read_text()
    assert time.monotonic() - killed_at < 30
    assert alive(started_pids(log, "worker")[1])

    # SIGTERM to ./portal serve: every process it started is gone within 10 seconds.
    everyone = descendants(portal.pid) | {portal.pid}
    assert len(everyone) >= 6  # gunicorn and 2 workers, a Celery worker and its pool, beat
    stopped_at = time.monotonic()
    portal.send_signal(signal.SIGTERM)
    portal.wait(timeout=10)
    assert wait_for(lambda: not any(alive(pid) for pid in everyone), timeout=1)
    assert time.monotonic() - stopped_at < 10
    assert not _answers(base)


_MAKE_APPLICANT = """
from award_portal.accounts.models import Role, User
from award_portal.privacy.consent import record_consent
from award_portal.privacy.models import PrivacyConsent
user = User.objects.create_user(
    username="serve-applicant", password="Serve-Test-2026", role=Role.APPLICANT,
    email="serve@example.cn", full_name="部署测试",
)
record_consent(user=user, occasion=PrivacyConsent.Occasion.REGISTRATION)
"""
