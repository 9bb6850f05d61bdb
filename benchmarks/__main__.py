"""python -m benchmarks: seed a province-sized edition into its own PostgreSQL database (its
name must contain 'bench': it is emptied), measure the pages and documents against a bare
view, and write the results table. `./portal bench` runs it with the database it needs."""

from __future__ import annotations

import argparse
import logging
import os
import pickle
import time
from datetime import UTC, datetime
from pathlib import Path

SUGGESTED_URL = "postgres://postgres@127.0.0.1:5432/award_bench"
RESULTS = Path(__file__).resolve().parent / "results.md"
DEFAULT_SCALES = [2000, 20000]
RAW = Path(__file__).resolve().parent.parent / "var" / "benchmark-run.pickle"
ONLY = RAW.with_name("benchmark-only.md")


def scales(text: str) -> list[int]:
    try:
        sizes = sorted({int(part) for part in text.split(",") if part.strip()})
    except ValueError:
        sizes = []
    if not sizes or sizes[0] < 10:
        raise argparse.ArgumentTypeError(
            f"'{text}': give seed sizes of at least 10 applications, e.g. 2000,20000"
        )
    return sizes


def arguments(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__)
    parser.add_argument(
        "--scales",
        type=scales,
        default=DEFAULT_SCALES,
        help="the seed sizes measured in one run, comma-separated (default: 2000,20000); the "
        "largest is held to the targets and compared with the one before it",
    )
    parser.add_argument(
        "--applications",
        type=int,
        help="shorthand for --scales N/10,N: ten times the data against a tenth of it",
    )
    parser.add_argument(
        "--report-only",
        action="store_true",
        help="render the last run's table again from its raw measurements (var/), measuring "
        "nothing",
    )
    parser.add_argument(
        "--only",
        type=lambda text: [part.strip() for part in text.split(",") if part.strip()],
        default=[],
        help="measure only the pages and operations whose names contain one of these "
        "comma-separated words (e.g. 'round,export'); the table then goes to "
        "var/benchmark-only.md unless --output names another file",
    )
    parser.add_argument("--runs", type=int, default=25)
    parser.add_argument("--warmup", type=int, default=2)
    parser.add_argument(
        "--output",
        default=None,
        help="the results file; the run it held and what follows its history marker are kept",
    )
    options = parser.parse_args(argv)
    if options.applications is not None:
        options.scales = scales(f"{options.applications // 10},{options.applications}")
    if options.output is None:
        options.output = str(ONLY if options.only else RESULTS)
    return options


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
    from review.rounds.totals import totals_differences

    if options.report_only:
        run = pickle.loads(RAW.read_bytes())
        print(report.write(run, Path(options.output), again=True))
        return
    _check_database()
    logging.getLogger("weasyprint").setLevel(logging.WARNING)
    logging.getLogger("fontTools").setLevel(logging.WARNING)
    # A request stopped at the limit is logged as a server error; a real one stops the run.
    logging.getLogger("django.request").setLevel(logging.CRITICAL)
    call_command("migrate", interactive=False, verbosity=0)
    load = report.load_average()
    measured = []
    for size in options.scales:
        _empty()
        print(f"Seeding {size:,} applications …", flush=True)
        started = time.perf_counter()
        scenario = seed(applications=size)
        seed_seconds = time.perf_counter() - started
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")  # fresh statistics, as a live database would have
        print(f"  seeded in {seed_seconds:.0f} s: {scenario.counts}", flush=True)
        print(f"Measuring ({options.runs} runs after {options.warmup} warm-ups) …", flush=True)
        started = time.perf_counter()
        results = measure(scenario, runs=options.runs, warmup=options.warmup, only=options.only)
        print(f"  measured in {time.perf_counter() - started:.0f} s", flush=True)
        differences = totals_differences()
        print(f"  stored round figures differing from recomputed ones: {len(differences)}")
        measured.append(report.Scale(size, scenario.counts, seed_seconds, results, differences))
    run = report.Run(
        scales=measured,
        runs=options.runs,
        warmup=options.warmup,
        load=load,
        at=f"{datetime.now(UTC):%Y-%m-%d %H:%M}",
    )
    # The raw measurements, for rendering the table again without measuring again.
    RAW.parent.mkdir(parents=True, exist_ok=True)
    RAW.write_bytes(pickle.dumps(run))
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
