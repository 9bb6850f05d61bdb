"""Settings come from the environment; bad values fail at start and name the variable."""

import os
import subprocess
import sys

import pytest
from django.core.exceptions import ImproperlyConfigured

from award_portal import env


def test_env_bool_reads_true_and_false(monkeypatch):
    monkeypatch.setenv("FLAG", "yes")
    assert env.env_bool("FLAG") is True
    monkeypatch.setenv("FLAG", "off")
    assert env.env_bool("FLAG", True) is False


def test_env_bool_rejects_garbage_naming_the_variable(monkeypatch):
    monkeypatch.setenv("FLAG", "maybe")

    with pytest.raises(ImproperlyConfigured, match="FLAG"):
        env.env_bool("FLAG")


def test_env_int_uses_default_and_checks_minimum(monkeypatch):
    monkeypatch.delenv("N", raising=False)
    assert env.env_int("N", 30) == 30
    monkeypatch.setenv("N", "3")
    with pytest.raises(ImproperlyConfigured, match="N=3 must be at least 10"):
        env.env_int("N", 30, minimum=10)
    monkeypatch.setenv("N", "ten")
    with pytest.raises(ImproperlyConfigured, match="N='ten' is not an integer"):
        env.env_int("N", 30)


def test_env_database_parses_postgres_and_rejects_nonsense(monkeypatch):
    monkeypatch.setenv("DATABASE_URL", "postgres://award:pw@db.example:5432/award")
    config = env.env_database("DATABASE_URL", "sqlite:///x.sqlite3")
    assert (config["ENGINE"], config["NAME"], config["HOST"]) == (
        "django.db.backends.postgresql",
        "award",
        "db.example",
    )
    monkeypatch.setenv("DATABASE_URL", "nosuchdb://x")
    with pytest.raises(ImproperlyConfigured, match="DATABASE_URL"):
        env.env_database("DATABASE_URL", "sqlite:///x.sqlite3")


def test_env_email_parses_smtp_and_defaults_to_console(monkeypatch):
    monkeypatch.setenv("EMAIL_URL", "smtp+tls://user%40x:p%2Fw@mail.example:2525")
    config = env.env_email("EMAIL_URL")
    assert config["EMAIL_HOST_USER"] == "user@x"
    assert config["EMAIL_HOST_PASSWORD"] == "p/w"
    assert (config["EMAIL_PORT"], config["EMAIL_USE_TLS"]) == (2525, True)
    monkeypatch.delenv("EMAIL_URL")
    assert env.env_email("EMAIL_URL")["EMAIL_BACKEND"].endswith("console.EmailBackend")
    monkeypatch.setenv("EMAIL_URL", "ftp://mail")
    with pytest.raises(ImproperlyConfigured, match="EMAIL_URL"):
        env.env_email("EMAIL_URL")


def test_env_url_rejects_wrong_scheme(monkeypatch):
    monkeypatch.setenv("REDIS_URL", "http://localhost")

    with pytest.raises(ImproperlyConfigured, match="REDIS_URL"):
        env.env_url("REDIS_URL", schemes=("redis",))


def _start(environ: dict) -> subprocess.CompletedProcess:
    clean = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DEBUG", "SECRET_KEY", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    }
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        env={**clean, **environ},
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_production_without_secret_key_fails_naming_it():
    result = _start({"DEBUG": "false"})

    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_bad_debug_value_fails_at_start():
    result = _start({"DEBUG": "sometimes"})

    assert result.returncode != 0
    assert "DEBUG='sometimes' is not a boolean" in result.stderr


def test_check_deploy_is_clean_under_production_settings():
    result = _start(
        {
            "DEBUG": "false",
            "SECRET_KEY": "k" * 20 + "-production-secret-with-enough-entropy-9f8e7d6c",
            "ALLOWED_HOSTS": "award.example.gov.cn",
        }
    )

    assert result.returncode == 0, result.stdout + result.stderr


def _settings_in_a_fresh_process(environ: dict, expression: str) -> str:
    """Evaluate `expression` over the settings as a process started with `environ` reads them."""
    clean = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL"}}
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "import django; from django.conf import settings; django.setup(); "
            f"print(repr({expression}))",
        ],
        env={**clean, "DJANGO_SETTINGS_MODULE": "award_portal.settings", **environ},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


SQLITE_OPTIONS = repr(
    {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
)


@pytest.mark.parametrize("database_url", [None, "sqlite:////tmp/elsewhere.sqlite3"])
def test_sqlite_waits_for_the_write_lock_in_wal_mode(database_url):
    environ = {"DATABASE_URL": database_url} if database_url else {}

    options = _settings_in_a_fresh_process(environ, 'settings.DATABASES["default"]["OPTIONS"]')

    assert options == SQLITE_OPTIONS


def test_postgresql_gets_no_sqlite_options():
    options = _settings_in_a_fresh_process(
        {"DATABASE_URL": "postgres://award@db.example/award"},
        'settings.DATABASES["default"].get("OPTIONS", {})',
    )

    assert options == "{}"


def test_with_redis_sessions_stay_in_the_database_and_the_cache_degrades():
    answer = _settings_in_a_fresh_process(
        {"REDIS_URL": "redis://127.0.0.1:6379/0"},
        '(settings.SESSION_ENGINE, settings.CACHES["default"]["BACKEND"])',
    )

    assert answer == repr(
        ("django.contrib.sessions.backends.db", "award_portal.cache.DegradingRedisCache")
    )
