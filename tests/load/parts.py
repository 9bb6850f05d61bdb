"""The real parts of the load test: is PostgreSQL or Redis answering, and a fresh database.

python -m tests.load.parts answers URL      exit 0 when the server at URL answers
python -m tests.load.parts recreate URL     drop and create the PostgreSQL database of URL
python -m tests.load.parts busy             the share of the CPUs in use over the next 3 s, in %
"""

from __future__ import annotations

import sys
import time
from urllib.parse import urlparse


def answers(url: str) -> bool:
    try:
        if url.startswith("redis"):
            import redis

            return bool(redis.Redis.from_url(url, socket_connect_timeout=2).ping())
        import psycopg

        parsed = urlparse(url)
        with psycopg.connect(_admin_url(url), connect_timeout=3) as connection:
            connection.execute("SELECT 1")
        return bool(parsed.path.strip("/"))
    except Exception:
        return False


def _admin_url(url: str) -> str:
    """The same server, its maintenance database: the load database may not exist yet."""
    parsed = urlparse(url)
    return parsed._replace(scheme="postgresql", path="/postgres").geturl()


def recreate(url: str) -> None:
    import psycopg
    from psycopg import sql

    name = urlparse(url).path.strip("/")
    with psycopg.connect(_admin_url(url), autocommit=True) as connection:
        connection.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )
        connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def busy(seconds: float = 3.0) -> float:
    """How much of the machine's CPU time other work is using now (Linux /proc/stat)."""

    def sample() -> tuple[int, int]:
        with open("/proc/stat") as handle:
            values = [int(v) for v in handle.readline().split()[1:]]
        idle = values[3] + values[4]  # idle and iowait
        return sum(values), idle

    total_a, idle_a = sample()
    time.sleep(seconds)
    total_b, idle_b = sample()
    return 100.0 * (1 - (idle_b - idle_a) / max(1, total_b - total_a))


def main(argv: list[str]) -> int:
    if argv == ["busy"]:
        print(f"{busy():.0f}")
        return 0
    command, url = argv
    if command == "answers":
        return 0 if answers(url) else 1
    if command == "recreate":
        recreate(url)
        return 0
    raise SystemExit(__doc__)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
