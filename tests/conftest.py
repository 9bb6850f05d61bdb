import os
from pathlib import Path

import pytest
import time_machine

from tests.celery_worker import stop_worker, worker_arguments
from tests.clock import moment

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

# --- the test run's clock -------------------------------------------------------------------------
#
# No test reads the wall clock. The whole run takes one fixed day as "today" (10:00 in Shanghai,
# the clock ticking from there): DEFAULT_TODAY, or `--today YYYY-MM-DD` / PORTAL_TEST_TODAY to
# shift it. A test whose meaning depends on the date says which one with
# `@pytest.mark.now("2023-02-15")` or `@pytest.mark.now("2023-02-15 16:30")` (on a test, a
# class or a module), and is then independent of the run's day too. The suite passes with any
# `--today`, also in years the working-day calendar has no data for.

DEFAULT_TODAY = "2026-11-16"


def pytest_addoption(parser):
    parser.addoption(
        "--today",
        metavar="YYYY-MM-DD",
        default=os.environ.get("PORTAL_TEST_TODAY") or DEFAULT_TODAY,
        help=f"the day the whole test run takes as today (default {DEFAULT_TODAY}; "
        "also PORTAL_TEST_TODAY)",
    )


def pytest_configure(config):
    config.addinivalue_line(
        "markers",
        "now(when): the test runs at this moment in Shanghai, 'YYYY-MM-DD' (10:00) or "
        "'YYYY-MM-DD HH:MM', the clock ticking from there",
    )
    try:
        today = moment(config.getoption("--today"))
    except ValueError as exc:
        raise pytest.UsageError(f"--today takes a date as YYYY-MM-DD: {exc}") from None
    config._portal_clock = time_machine.travel(today, tick=True)
    config._portal_clock.start()


def pytest_unconfigure(config):
    clock = getattr(config, "_portal_clock", None)
    if clock is not None:
        clock.stop()


def pytest_report_header(config):
    return f"today (the run's clock): {config.getoption('--today')} 10:00 Asia/Shanghai"


@pytest.fixture(autouse=True)
def _clock(request):
    """Moves the clock to the test's `now` marker, if it has one."""
    marker = request.node.get_closest_marker("now")
    if marker is None:
        yield None
        return
    with time_machine.travel(moment(marker.args[0]), tick=True) as traveller:
        yield traveller


@pytest.fixture(autouse=True)
def _eager_celery(settings):
    """Tasks run in the test process unless a test starts a real worker."""
    from award_portal.celery import app

    app.conf.task_always_eager = True
    app.conf.task_eager_propagates = True
    yield
    app.conf.task_always_eager = False


@pytest.fixture(autouse=True)
def _test_settings(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # Sessions in the database whatever REDIS_URL says, so query counts are the same on every
    # set-up; and a clean cache per test, so rate limits and cached lookups never leak across.
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.db"
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(autouse=True)
def _site_language():
    """Each test starts in the site's language: a request in English leaves its thread in
    English (the locale middleware activates the reader's language and keeps it)."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def _fresh_calendar():
    """The working-day calendar keeps the overrides in the process for a minute; a test's
    rolled-back overrides must not reach the next test."""
    from publicity import calendar

    calendar.invalidate()
    yield
    calendar.invalidate()


@pytest.fixture(autouse=True)
def _second_factor_passed_on_force_login(request, monkeypatch):
    """`client.force_login(user)` also passes the second factor, with a real confirmed device.

    Staff roles must enter a TOTP code before they reach any page; tests about other things
    log in with `force_login` and expect the page. Tests about the second factor itself opt out
    with `@pytest.mark.real_otp`.
    """
    if request.node.get_closest_marker("real_otp"):
        return
    from django.test import Client
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from award_portal.accounts.security import second_factor_mandatory

    original = Client.force_login

    def force_login(self, user, backend=None):
        original(self, user, backend)
        if not second_factor_mandatory(user):
            return
        confirmed = TOTPDevice.objects.filter(user=user, confirmed=True).first()
        device = confirmed or TOTPDevice.objects.create(user=user, name="test", confirmed=True)
        session = self.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()

    monkeypatch.setattr(Client, "force_login", force_login)


@pytest.fixture
def reference_data(db):
    from applications.reference_data import load_reference_data

    load_reference_data()


@pytest.fixture
def edition(reference_data):
    from applications.models import Edition

    return Edition.objects.get(number=3)


@pytest.fixture
def unit(db):
    """A recommending unit of a district, for the tests that make their own world."""
    from tests.factories import UnitFactory

    return UnitFactory(name="东区")


@pytest.fixture
def other_unit(db):
    from tests.factories import UnitFactory

    return UnitFactory(name="西区")


@pytest.fixture
def celery_worker_process(transactional_db, settings, tmp_path):
    """A real `celery worker --pool=solo` subprocess on Redis and the PostgreSQL test database.

    The test's own writes must be committed for the worker to see them (hence
    `transactional_db`), and the test process sends tasks to the broker instead of running
    them eagerly. Set CELERY_TEST_REDIS_URL to use another Redis database than db 3.
    Yields the worker's `subprocess.Popen`; the worker is stopped afterwards.
    """
    import subprocess
    import sys
    import time
    from pathlib import Path

    from django.db import connection
    from kombu import pools as kombu_pools

    from award_portal.celery import app

    if connection.vendor != "postgresql":
        pytest.skip("a real Celery worker needs PostgreSQL: set DATABASE_URL=postgres://...")
    redis_url = os.environ.get("CELERY_TEST_REDIS_URL", "redis://127.0.0.1:6379/3")
    try:
        import redis

        redis.Redis.from_url(redis_url, socket_connect_timeout=2).flushdb()
    except Exception as exc:  # no Redis on this machine
        pytest.skip(f"a real Celery worker needs Redis at {redis_url}: {exc}")

    db = connection.settings_dict
    auth = db["USER"] + (f":{db['PASSWORD']}" if db.get("PASSWORD") else "")
    host = f"{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}"
    database_url = f"postgres://{auth}@{host}/{db['NAME']}"
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "REDIS_URL": redis_url,
        "CELERY_TASK_ALWAYS_EAGER": "false",
        "MEDIA_ROOT": str(settings.MEDIA_ROOT),
        "EMAIL_URL": "console://",
    }
    log_path = tmp_path / "celery-worker.log"
    celery_bin = Path(sys.executable).with_name("celery")
    log = open(log_path, "w")  # noqa: SIM115 - closed in the teardown below
    worker = subprocess.Popen(
        [
            str(celery_bin),
            *worker_arguments(),
            "-n",
            f"pytest-{os.getpid()}@%h",
        ],
        cwd=Path(__file__).resolve().parent.parent,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )

    saved = (app.conf.broker_url, app.conf.broker_transport_options, app.conf.task_always_eager)
    app.conf.broker_url = redis_url
    app.conf.broker_transport_options = {}
    app.conf.task_always_eager = False
    # Connections of a previous broker must not be reused: kombu keeps producer pools in a
    # global registry keyed by broker URL, and an earlier worker test closed them.
    kombu_pools.reset()
    app._pool = None
    app.amqp._producer_pool = None
    try:
        deadline = time.monotonic() + 60
        while " ready." not in log_path.read_text(errors="replace"):
            if worker.poll() is not None or time.monotonic() > deadline:
                pytest.fail("the Celery worker did not start:\n" + log_path.read_text())
            time.sleep(0.2)
        worker.log_path = log_path
        yield worker
    finally:
        stop_worker(worker)
        log.close()
        if app._pool is not None:
            app._pool.force_close_all()
        app._pool = None
        app.amqp._producer_pool = None
        kombu_pools.reset()
        app.conf.broker_url, app.conf.broker_transport_options, _eager = saved
        app.conf.task_always_eager = True  # back to the autouse `_eager_celery`


# --- a real browser (Chromium through Playwright) -------------------------------------------------

ARTIFACTS_DIR = Path(__file__).resolve().parent.parent / "test-artifacts"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(scope="session")
def artifacts_dir() -> Path:
    """Where browser tests keep screenshots (git-ignored)."""
    ARTIFACTS_DIR.mkdir(exist_ok=True)
    return ARTIFACTS_DIR


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import expect, sync_playwright

    # A page that answers a post and draws a long form takes seconds on a busy two-core
    # machine running the database, the live server and Chromium at once: assertions wait as
    # long as actions do.
    expect.set_options(timeout=15_000)
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS
        )
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser, live_server):
    """A fresh browser tab on the live server; relative URLs go to it."""
    context = browser.new_context(
        base_url=live_server.url, locale="zh-CN", viewport={"width": 1280, "height": 900}
    )
    tab = context.new_page()
    tab.set_default_timeout(15_000)
    yield tab
    context.close()
