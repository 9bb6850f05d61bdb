"""Real parts for the fault tests: PostgreSQL, Redis and Celery workers that can be killed."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from tests.celery_worker import stop_worker, wait_for, worker_arguments

ROOT = Path(__file__).resolve().parent.parent.parent
REDIS_URL = os.environ.get("FAULTS_TEST_REDIS_URL", "redis://127.0.0.1:6379/4")


@pytest.fixture
def real_parts(transactional_db):
    """Skip unless the tests run on PostgreSQL with Redis reachable; flush the test's Redis db."""
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: set DATABASE_URL=postgres://...")
    try:
        import redis

        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2).flushdb()
    except Exception as exc:
        pytest.skip(f"needs Redis at {REDIS_URL}: {exc}")
    return REDIS_URL


@pytest.fixture
def broker(real_parts):
    """The test process sends tasks to Redis instead of running them eagerly."""
    from kombu import pools

    from award_portal.celery import app

    saved = (app.conf.broker_url, app.conf.broker_transport_options, app.conf.task_always_eager)
    app.conf.broker_url, app.conf.broker_transport_options = real_parts, {}
    app.conf.task_always_eager = False
    # Producer pools closed by an earlier test stay registered in kombu: start afresh.
    pools.reset()
    app._pool = None
    app.amqp._producer_pool = None
    yield app
    pools.reset()
    app._pool = None
    app.amqp._producer_pool = None
    app.conf.broker_url, app.conf.broker_transport_options, _eager = saved
    app.conf.task_always_eager = True


class Workers:
    """Start real `celery worker --pool=solo` processes on the test database; kill them."""

    def __init__(self, tmp_path: Path, media_root: Path, redis_url: str):
        from django.db import connection

        db = connection.settings_dict
        auth = db["USER"] + (f":{db['PASSWORD']}" if db.get("PASSWORD") else "")
        host = f"{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}"
        self.env = {
            **os.environ,
            "DATABASE_URL": f"postgres://{auth}@{host}/{db['NAME']}",
            "REDIS_URL": redis_url,
            "CELERY_TASK_ALWAYS_EAGER": "false",
            "MEDIA_ROOT": str(media_root),
            "EMAIL_URL": "console://",
        }
        self.tmp_path = tmp_path
        self.started: list[subprocess.Popen] = []

    def start(self, app: str = "award_portal", **env) -> subprocess.Popen:
        number = len(self.started) + 1
        log_path = self.tmp_path / f"worker-{number}.log"
        log = open(log_path, "w")  # noqa: SIM115 - the worker writes it until it stops
        worker = subprocess.Popen(
            [
                str(Path(sys.executable).with_name("celery")),
                *worker_arguments(app),
                "-n",
                f"faults-{os.getpid()}-{number}@%h",
            ],
            cwd=ROOT,
            env={**self.env, **env},
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        worker.log_path = log_path
        worker.log_file = log
        self.started.append(worker)
        if not wait_for(lambda: " ready." in log_path.read_text(errors="replace")):
            pytest.fail("the Celery worker did not start:\n" + log_path.read_text())
        return worker

    def kill(self, worker: subprocess.Popen) -> None:
        """SIGKILL: no warm shutdown, no acknowledgement, no cleanup."""
        os.killpg(worker.pid, signal.SIGKILL)
        worker.wait(timeout=10)

    def stop_all(self) -> None:
        for worker in self.started:
            stop_worker(worker)
            worker.log_file.close()


@pytest.fixture
def workers(broker, settings, tmp_path):
    pool = Workers(tmp_path, settings.MEDIA_ROOT, broker.conf.broker_url)
    yield pool
    pool.stop_all()


# The stage 1 fixtures (a complete draft with its materials), reused as they are.
from tests.applications.conftest import (  # noqa: E402, F401
    categories,
    make_draft,
    open_edition,
    org_user,
    person_user,
)


@pytest.fixture
def email_templates(db):
    """The email texts shipped in fixtures/, as load_reference_data installs them."""
    import json

    from applications.models import EmailTemplate

    specs = json.loads((ROOT / "fixtures" / "email_templates.json").read_text(encoding="utf-8"))
    for spec in specs:
        EmailTemplate.objects.get_or_create(
            key=spec["key"], defaults={"subject": spec["subject"], "body": spec["body"]}
        )


@pytest.fixture
def broker_down():
    """Point the Celery app at a closed port, as when Redis is down; restore it afterwards."""
    from award_portal.celery import app

    saved = app.conf.broker_url, app.conf.task_always_eager
    app.conf.broker_url, app.conf.task_always_eager = "redis://127.0.0.1:1/0", False
    app._pool = None
    app.amqp._producer_pool = None
    yield app
    app.conf.broker_url, app.conf.task_always_eager = saved
    app._pool = None
    app.amqp._producer_pool = None


# --- the portal in processes of its own (tests.faults.standalone) ---------------------------------


@pytest.fixture(scope="session")
def migrated_sqlite(tmp_path_factory):
    """A SQLite database file, migrated and with the reference data, made once per run."""
    from tests.faults.standalone import Site

    folder = tmp_path_factory.mktemp("sqlite-template")
    path = folder / "portal.sqlite3"
    site = Site(folder, "2026-11-16 10:00", f"sqlite:///{path}")
    site.manage("migrate", "--noinput", "-v0")
    site.manage("load_reference_data")
    return path


@pytest.fixture
def site_database(request, tmp_path):
    """The database URL for a portal in processes of its own: the test database when the tests
    run on PostgreSQL (the test is marked django_db(transaction=True), so what it and the
    processes write is committed, and flushed afterwards), otherwise a copy of the migrated
    SQLite file."""
    import shutil

    from django.db import connection

    if connection.vendor == "postgresql":
        marker = request.node.get_closest_marker("django_db")
        if marker is None or not marker.kwargs.get("transaction"):
            pytest.fail("a portal on the PostgreSQL test database needs a transactional test")
        request.getfixturevalue("reference_data")
        db = connection.settings_dict
        auth = db["USER"] + (f":{db['PASSWORD']}" if db.get("PASSWORD") else "")
        host = f"{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}"
        return f"postgres://{auth}@{host}/{db['NAME']}"
    template = request.getfixturevalue("migrated_sqlite")
    for source in template.parent.glob(template.name + "*"):
        shutil.copy(source, tmp_path / source.name)
    return f"sqlite:///{tmp_path / template.name}"


class RedisServer:
    """A `redis-server` of the test's own on a free port, that the test can kill."""

    def __init__(self, folder: Path):
        import shutil

        from tests.faults.standalone import free_port

        binary = shutil.which("redis-server")
        if binary is None:
            pytest.skip("needs the redis-server binary (apt-get install redis-server)")
        self.binary, self.folder = binary, folder
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.log = open(folder / "redis.log", "w")  # noqa: SIM115 - closed in stop()
        self.start()

    def start(self) -> None:
        """Start (or start again, after kill()) on the same port, empty."""
        self.process = subprocess.Popen(
            [self.binary, "--port", str(self.port), "--bind", "127.0.0.1"]
            + ["--dir", str(self.folder), "--save", "", "--appendonly", "no"],
            stdout=self.log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        if not wait_for(self.answers, timeout=20):
            self.stop()
            pytest.fail("redis-server did not start:\n" + (self.folder / "redis.log").read_text())

    def answers(self) -> bool:
        import redis

        try:
            return bool(redis.Redis.from_url(self.url, socket_connect_timeout=1).ping())
        except redis.RedisError:
            return False

    def kill(self) -> None:
        """SIGKILL, as when the server or its machine goes away."""
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=10)

    def stop(self) -> None:
        self.kill()
        self.log.close()


@pytest.fixture
def redis_server(tmp_path):
    server = RedisServer(tmp_path)
    yield server
    server.stop()
