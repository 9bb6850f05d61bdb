"""Turn locust's CSV statistics into benchmarks/load-report.md.

python -m tests.load.report CSV_PREFIX OUT.md --users 100 --minutes 3 --workers 4
"""

from __future__ import annotations

import argparse
import csv
import os
import platform
import sys
from datetime import datetime
from pathlib import Path

BUSY_PERCENT = 25  # other work using more of the CPU than this makes the times unreliable


def _rows(prefix: str) -> list[dict]:
    with open(f"{prefix}_stats.csv", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def _failures(prefix: str) -> list[dict]:
    path = Path(f"{prefix}_failures.csv")
    if not path.exists():
        return []
    with path.open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def render(
    prefix: str,
    *,
    users: int,
    minutes: float,
    workers: int,
    database: str,
    busy_before: float | None = None,
) -> str:
    rows = _rows(prefix)
    pages = [r for r in rows if r["Name"] != "Aggregated"]
    total = next(r for r in rows if r["Name"] == "Aggregated")
    errors = int(total["Failure Count"])
    lines = [
        "# Load test",
        "",
        f"Run on {datetime.now().astimezone():%Y-%m-%d %H:%M %Z} by `./portal load`: "
        f"{users} simulated users for {minutes:g} minutes against gunicorn "
        f"({workers} workers) on 127.0.0.1, with {database} and Redis, "
        f"on {platform.machine()} / Python {platform.python_version()}, "
        f"{os.cpu_count()} cores shared by locust, gunicorn and PostgreSQL"
        + (
            f" ({busy_before:.0f} % of them in use by other work just before the run)."
            if busy_before is not None
            else "."
        ),
        "",
        "Who: 40 applicants (dashboard, draft, autosave every few seconds), 15 unit officers "
        "(queue, filtered queue, application review), 15 experts signed in with a TOTP code "
        "(dashboard, score sheet, autosave), 30 members of the public (home, publicity list "
        "and notice). Each waits 1–3 s between requests.",
        "",
        *(
            [
                f"**The machine was busy before the run** (more than {BUSY_PERCENT} % of its "
                "CPU in use): the times below measure waiting for a CPU more than the portal. "
                "Run again on a quiet machine to compare with earlier runs.",
                "",
            ]
            # Locust, gunicorn and PostgreSQL load the cores themselves; what spoils the times
            # is other work that was already there when the run began.
            if busy_before is not None and busy_before > BUSY_PERCENT
            else []
        ),
        "| | |",
        "|---|---|",
        f"| requests | {int(total['Request Count'])} |",
        f"| requests per second | {float(total['Requests/s']):.1f} |",
        f"| median | {total['50%']} ms |",
        f"| 95th percentile | {total['95%']} ms |",
        f"| errors | {errors} |",
        "",
        "| page | requests | per second | median (ms) | p95 (ms) | errors |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for row in sorted(pages, key=lambda r: (r["Name"], r["Type"])):
        name = row["Name"] if row["Type"] == "GET" else f"{row['Name']} ({row['Type']})"
        name = name.replace(" (POST) (POST)", " (POST)")
        lines.append(
            f"| `{name}` | {row['Request Count']} | {float(row['Requests/s']):.1f} "
            f"| {row['50%']} | {row['95%']} | {row['Failure Count']} |"
        )
    failures = _failures(prefix)
    if failures:
        lines += ["", "## Errors", "", "| page | error | count |", "|---|---|---:|"]
        for row in failures:
            lines.append(f"| `{row['Name']}` | {row['Error']} | {row['Occurrences']} |")
    lines.append("")
    return "\n".join(lines)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("prefix")
    parser.add_argument("out")
    parser.add_argument("--users", type=int, required=True)
    parser.add_argument("--minutes", type=float, required=True)
    parser.add_argument("--workers", type=int, required=True)
    parser.add_argument("--database", default="PostgreSQL")
    parser.add_argument("--busy-before", type=float, help="% of the CPU in use as the run began")
    args = parser.parse_args(argv)
    text = render(
        args.prefix,
        users=args.users,
        minutes=args.minutes,
        workers=args.workers,
        database=args.database,
        busy_before=args.busy_before,
    )
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text(text, encoding="utf-8")
    print(text)
    errors = int(next(r for r in _rows(args.prefix) if r["Name"] == "Aggregated")["Failure Count"])
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
