"""Turn locust's CSV statistics into benchmarks/load-report.md.

python -m tests.load.report CSV_PREFIX OUT.md --users 200 --minutes 3 --workers 4 \
    [--spawn-rate 4] [--groups var/load/locust_groups.json] [--steady]
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import platform
import sys
from datetime import datetime
from pathlib import Path

BUSY_PERCENT = 25  # other work using more of the CPU than this makes the times unreliable
P95_TARGET_MS = 300  # the signed-in pages, signing in excluded


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
    spawn_rate: float | None = None,
    groups: dict | None = None,
    steady: bool = False,
) -> str:
    rows = _rows(prefix)
    pages = [r for r in rows if r["Name"] != "Aggregated"]
    total = next(r for r in rows if r["Name"] == "Aggregated")
    errors = _errors(rows, groups)
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
        "Who: 40 % applicants (dashboard, draft, autosave every few seconds), 15 % unit "
        "officers (queue, filtered queue, application review), 15 % experts signed in with a "
        "TOTP code (dashboard, score sheet, autosave), 30 % members of the public (home, "
        "publicity list and notice), each signed-in user with an account of their own. Each "
        "waits 1–3 s between requests"
        + (
            f"; {spawn_rate:g} more users arrive each second until all {users} are there."
            if spawn_rate
            else "."
        ),
        "",
        *(
            [
                "**Measured once every user had arrived** (locust's statistics are reset then): "
                "the pages' times and counts below are the steady state, without the first "
                "minute or so in which everyone signs in (a deliberate 1,000,000-round hash "
                "each). Signing in and the errors are counted over the whole run.",
                "",
            ]
            if steady
            else []
        ),
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
        f"| errors (whole run) | {errors} |",
        "",
        *_targets(groups, errors),
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


def _targets(groups: dict | None, errors: int) -> list[str]:
    """The signed-in pages without signing in, against the target; every page without it."""
    if not groups:
        return []
    labels = {
        "signed_in": "signed-in pages, signing in excluded",
        "all": "every page, signing in excluded",
        "sign_in": "signing in (login page, password, TOTP code), whole run",
        "errors": "every request, whole run",
    }
    lines = [
        "| group | requests | median (ms) | p95 (ms) | p99 (ms) | errors |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for key, label in labels.items():
        g = groups.get(key)
        if g:
            lines.append(
                f"| {label} | {g['requests']} | {g['median']} | {g['p95']} | {g['p99']} "
                f"| {g['failures']} |"
            )
    signed_in = groups.get("signed_in") or {}
    p95 = signed_in.get("p95")
    met = errors == 0 and p95 is not None and p95 <= P95_TARGET_MS
    lines += [
        "",
        f"Target: 0 errors and p95 of the signed-in pages (signing in excluded) ≤ "
        f"{P95_TARGET_MS} ms: **{'met' if met else 'not met'}** ({errors} errors, p95 "
        f"{p95 if p95 is not None else '—'} ms).",
        "",
    ]
    return lines


def _errors(rows: list[dict], groups: dict | None) -> int:
    """Failed requests: over the whole run when the locustfile counted them (its statistics
    may have been reset once every user arrived), else locust's own count."""
    counted = int(next(r for r in rows if r["Name"] == "Aggregated")["Failure Count"])
    whole_run = (groups or {}).get("errors")
    return max(counted, whole_run["failures"]) if whole_run else counted


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("prefix")
    parser.add_argument("out")
    parser.add_argument("--users", type=int, required=True)
    parser.add_argument("--minutes", type=float, required=True)
    parser.add_argument("--workers", type=int, required=True)
    parser.add_argument("--database", default="PostgreSQL")
    parser.add_argument("--busy-before", type=float, help="% of the CPU in use as the run began")
    parser.add_argument("--spawn-rate", type=float, help="users added a second")
    parser.add_argument("--groups", help="the locustfile's response times over groups of pages")
    parser.add_argument(
        "--steady", action="store_true", help="locust reset its statistics once all users arrived"
    )
    # The remaining options are `render`'s keyword arguments, by the same names.
    options = vars(parser.parse_args(argv))
    prefix = options.pop("prefix")
    out = Path(options.pop("out"))
    groups_file = options.pop("groups")
    groups = None
    if groups_file and Path(groups_file).exists():
        groups = json.loads(Path(groups_file).read_text(encoding="utf-8"))
    text = render(prefix, groups=groups, **options)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(text, encoding="utf-8")
    print(text)
    return 1 if _errors(_rows(prefix), groups) else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
