"""python -m benchmarks: seed a province-sized edition into its own PostgreSQL database (its
name must contain 'bench': it is emptied), measure the pages and documents against a bare
view, and write the results table. `./portal bench` runs it with the database it needs."""

from __future__ import annotations

import argparse
import logging
import os
import time
from pathlib import Path

SUGGESTED_URL = "postgres://postgres@127.0.0.1:5432/award_bench"
RESULTS = Path(__file__).resolve().parent / "results.md"


def arguments(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__)
    parser.add_argument("--applications", type=int, default=2000, help="large seed size")
    parser.add_argument("--small", type=int, default=20, help="small seed size")
    parser.add_argument("--runs", type=int, default=25)
    parser.add_argument("--warmup", type=int, default=2)
    parser.add_argument(
        "--output",
        default=str(RESULTS),
        help="the results file; what follows its history marker is kept",
    )
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> None:
    options = arguments(argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "award_portal.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from benchmarks import report
    from benchmarks.measure import measure
    from benchmarks.seed import seed

    _check_database()
    logging.getLogger("weasyprint").setLevel(logging.WARNING)
    logging.getLogger("fontTools").setLevel(logging.WARNING)
    call_command("migrate", interactive=False, verbosity=0)
    sizes = (options.small, options.applications)
    measured = {}
    for size in sizes:
        _empty()
        print(f"Seeding {size:,} applications …")
        started = time.perf_counter()
        scenario = seed(applications=size)
        seed_seconds = time.perf_counter() - started
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")  # fresh statistics, as a live database would have
        print(f"  seeded in {seed_seconds:.0f} s: {scenario.counts}")
        print(f"Measuring ({options.runs} runs after {options.warmup} warm-ups) …")
        measured[size] = (
            scenario,
            seed_seconds,
            measure(
                scenario,
                runs=options.runs,
                warmup=options.warmup,
                operations_too=size == sizes[-1],
            ),
        )
    small, large = measured[sizes[0]], measured[sizes[1]]
    run = report.Run(
        small=small[2],
        large=large[2],
        small_size=sizes[0],
        large_size=sizes[1],
        counts=large[0].counts,
        seed_seconds=large[1],
        runs=options.runs,
        warmup=options.warmup,
    )
    text = report.write(run, Path(options.output))
    print()
    print(text)
    print(f"Written to {options.output}")


def _check_database() -> None:
    from django.db import connection

    db = connection.settings_dict
    if connection.vendor != "postgresql":
        raise SystemExit(
            "The benchmark runs on PostgreSQL, in a database of its own. Set for example\n"
            f"  export DATABASE_URL={SUGGESTED_URL}"
        )
    if "bench" not in db["NAME"]:
        raise SystemExit(
            f"The benchmark empties its database; '{db['NAME']}' is not named for it. "
            f"Use a database whose name contains 'bench', e.g. DATABASE_URL={SUGGESTED_URL}"
        )
    with connection._nodb_cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [db["NAME"]])
        if cursor.fetchone() is None:
            print(f"Creating the database {db['NAME']}")
            cursor.execute(f'CREATE DATABASE "{db["NAME"]}"')


def _empty() -> None:
    from django.core.cache import cache
    from django.core.management import call_command

    call_command("flush", interactive=False, verbosity=0)
    cache.clear()


if __name__ == "__main__":
    main()
