"""The results table: each seed size in a column of its own, pages against their bare view at
the largest size and against their own time at the size before it, documents against theirs."""

from __future__ import annotations

import os
import platform
from dataclasses import dataclass, field
from pathlib import Path

from django.db import connection
from django.utils import timezone

from benchmarks.measure import (
    LIMIT_SECONDS,
    SLOW_DOCUMENT_SECONDS,
    SLOW_RUNS,
    SLOW_SECONDS,
    Measurement,
)

PAGE_RATIO_TARGET = 3.0  # a page: at most 3× its bare view at the largest seed
PAGE_GROWTH_TARGET = 1.2  # … and at most 20 % slower than at the size before it
DOCUMENT_GROWTH_TARGET = 10.0  # a document of every row: at most 10× its time there
HISTORY_MARKER = "<!-- Everything below this line is kept as it is by the benchmark command. -->"


@dataclass
class Scale:
    """One seed size: what was seeded, how long it took, what was measured."""

    applications: int
    counts: dict[str, int]
    seed_seconds: float
    measurements: list[Measurement]
    # Stored round figures that differ from those recomputed from the sheets after measuring.
    totals_differences: list[str] = field(default_factory=list)

    def find(self, name: str) -> Measurement | None:
        return next((m for m in self.measurements if m.name == name), None)

    @property
    def bare(self) -> Measurement:
        return next(m for m in self.measurements if m.kind == "bare")


@dataclass
class Run:
    scales: list[Scale]  # smallest first
    runs: int
    warmup: int
    load: str | None = None  # the load average as the run began
    at: str | None = None  # when it ended, UTC

    @property
    def large(self) -> Scale:
        return self.scales[-1]

    @property
    def base(self) -> Scale:
        """The size the largest is compared with: the one before it."""
        return self.scales[-2] if len(self.scales) > 1 else self.scales[-1]


def machine() -> str:
    cores = os.cpu_count() or 0
    memory = ""
    try:
        with open("/proc/meminfo") as handle:
            kib = int(handle.readline().split()[1])
        memory = f", {kib / 1024 / 1024:.0f} GiB"
    except (OSError, ValueError, IndexError):
        pass
    system = platform.system()
    try:
        release = dict(
            line.rstrip().split("=", 1)
            for line in Path("/etc/os-release").read_text().splitlines()
            if "=" in line
        )
        system = release.get("PRETTY_NAME", system).strip('"')
    except OSError:
        pass
    database = connection.vendor
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SHOW server_version")
            database = f"PostgreSQL {cursor.fetchone()[0].split()[0]}"
    return f"{cores} cores{memory}, {system}, Python {platform.python_version()}, {database}"


def load_average() -> str:
    try:
        return Path("/proc/loadavg").read_text().split()[0]
    except (OSError, IndexError):
        return "unknown"


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f}"


def _time(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms" if seconds < 1 else f"{seconds:.2f} s"


def _median(m: Measurement | None, show=_ms) -> str:
    if m is None:
        return "—"
    if m.over_limit:
        return f"> {m.over_limit:g} s"
    return show(m.median) if m.times else "—"


def _p95(m: Measurement, show=_ms) -> str:
    return _median(m, show) if m.over_limit or not m.times else show(m.p95)


def _more(m: Measurement) -> str:
    """A ratio of a time that was cut off is a lower bound."""
    return "> " if m.over_limit else ""


def _over(m: Measurement) -> list[str]:
    return [f"stopped after {m.over_limit:g} s"] if m.over_limit else []


def reference(m: Measurement, bare: Measurement) -> float:
    """The bare view as the page's own visitor gets it (anonymous, or signed in: the same
    session and user middleware), asked for in turn with the page."""
    return m.reference_median or bare.median


def page_misses(large: Measurement, base: Measurement | None, bare: Measurement) -> list[str]:
    """What keeps a page from its target: within 3× its bare view at the largest seed, at most
    20 % slower than at the size before it, with a query count that does not grow."""
    if large.over_limit:
        return _over(large)
    misses = []
    if large.median > PAGE_RATIO_TARGET * reference(large, bare):
        misses.append("× bare")
    if base is not None and base is not large:
        if large.median > PAGE_GROWTH_TARGET * base.median:
            misses.append("growth")
        if base.queries != large.queries and not large.over_limit:
            misses.append("queries")
    return misses


def operation_misses(large: Measurement, base: Measurement | None) -> list[str] | None:
    """None when the operation has no target (measured for the record)."""
    if large.over_limit:
        return _over(large)
    if not large.times:
        return None
    if large.document:
        if base is None or base is large or not base.times:
            return None
        return [] if large.median <= DOCUMENT_GROWTH_TARGET * base.median else ["growth"]
    if large.target_seconds is None:
        return None
    return [] if large.median <= large.target_seconds else ["time"]


def _mark(misses: list[str] | None) -> str:
    if misses is None:
        return "—"
    return "yes" if not misses else f"**no** ({', '.join(misses)})"


def table(run: Run) -> tuple[str, int, int]:
    """The markdown tables, the number of targets met and the number of targets."""
    large, base = run.large, run.base
    sizes = [f"{scale.applications:,}" for scale in run.scales]
    top = sizes[-1]
    growth = f"{top} ÷ {base.applications:,}"
    met = total = 0
    lines = [
        "| page | "
        + " | ".join(f"queries ({size})" for size in sizes)
        + " | "
        + " | ".join(f"median ms ({size})" for size in sizes)
        + f" | p95 ms ({top}) | its bare view ms ({top}) | × its bare view ({top}) "
        f"| {growth} | target met |",
        "|---|" + "--:|" * (2 * len(sizes) + 4) + ":-:|",
    ]
    for m in large.measurements:
        if m.kind == "operation":
            continue
        others = [scale.find(m.name) for scale in run.scales]
        queries = " | ".join(str(o.queries) if o and not o.over_limit else "—" for o in others)
        medians = " | ".join(_median(o) for o in others)
        previous = base.find(m.name)
        if m.kind in ("bare", "reference"):
            own_bare = own = mark = "—"
        else:
            misses = page_misses(m, previous, large.bare)
            met += not misses
            total += 1
            own_bare = _ms(reference(m, large.bare)) if m.reference_times else "—"
            own = _more(m) + f"{m.median / reference(m, large.bare):.1f}"
            if not m.reference_times:
                own = "—"
            mark = _mark(misses)
        ratio = "—"
        if previous and previous is not m and not previous.over_limit:
            ratio = _more(m) + f"{m.median / previous.median:.2f}"
        runs = f" ({len(m.times)} runs)" if 0 < len(m.times) < run.runs else ""
        lines.append(
            f"| {m.name}{runs} | {queries} | {medians} | {_p95(m)} | {own_bare} | {own} "
            f"| {ratio} | {mark} |"
        )
    lines += [
        "",
        "| operation | "
        + " | ".join(f"queries ({size})" for size in sizes)
        + " | "
        + " | ".join(f"median ({size})" for size in sizes)
        + f" | p95 ({top}) | {growth} | target | target met |",
        "|---|" + "--:|" * (2 * len(sizes) + 3) + ":-:|",
    ]
    for m in large.measurements:
        if m.kind != "operation":
            continue
        others = [scale.find(m.name) for scale in run.scales]
        queries = " | ".join(str(o.queries) if o and o.times else "—" for o in others)
        medians = " | ".join(_median(o, _time) for o in others)
        previous = base.find(m.name)
        ratio = (
            _more(m) + f"{m.median / previous.median:.1f}"
            if previous and previous is not m and previous.times and (m.times or m.over_limit)
            else "—"
        )
        if m.document:
            target = f"≤ {DOCUMENT_GROWTH_TARGET:.0f}× at {base.applications:,}"
        elif m.target_seconds is not None:
            target = f"≤ {_time(m.target_seconds)}"
        else:
            target = "—"
        misses = operation_misses(m, previous)
        if misses is not None:
            total += 1
            met += not misses
        lines.append(
            f"| {m.name} | {queries} | {medians} | {_p95(m, _time)} | {ratio} | {target} "
            f"| {_mark(misses) if m.times or m.over_limit else m.note or '—'} |"
        )
    return "\n".join(lines), met, total


def time_spent(run: Run) -> str:
    """Where the time of each page that misses its target went, at the largest seed, from one
    instrumented request, with what it would take (benchmarks/reasons.py); an operation that
    misses its target, with its time and what it would take."""
    from benchmarks.reasons import REASONS

    large, base = run.large, run.base
    lines = [
        f"| page | ms ({large.applications:,}) | SQL ms (queries) | templates ms | view and "
        "middleware ms | its bare view ms | why, and what it would take |",
        "|---|--:|--:|--:|--:|--:|---|",
    ]
    for m in large.measurements:
        spent = getattr(m, "breakdown", None)
        if m.kind == "operation" and operation_misses(m, base.find(m.name)):
            lines.append(
                f"| {m.name} | {_time(m.median)} | — | — | — | — | {REASONS.get(m.name, '—')} |"
            )
            continue
        if m.kind != "page" or spent is None:
            continue
        if not page_misses(m, base.find(m.name), large.bare):
            continue
        lines.append(
            f"| {m.name} | {_ms(spent.total)} | {_ms(spent.sql)} ({m.queries}) "
            f"| {_ms(spent.rendering)} | {_ms(spent.python)} | {_ms(reference(m, large.bare))} "
            f"| {REASONS.get(m.name, '—')} |"
        )
    return "\n".join(lines) if len(lines) > 2 else ""


def seeds(run: Run) -> str:
    """The seeds: what each size holds and how long it took to write."""
    sizes = [f"{scale.applications:,}" for scale in run.scales]
    names = list(run.large.counts)
    lines = [
        "| seed | " + " | ".join(sizes) + " |",
        "|---|" + "--:|" * len(sizes),
        "| seeding time | " + " | ".join(f"{s.seed_seconds:.0f} s" for s in run.scales) + " |",
    ]
    for name in names:
        values = " | ".join(f"{s.counts.get(name, 0):,}" for s in run.scales)
        lines.append(f"| {name} | {values} |")
    agree = " | ".join(
        "agree exactly" if not s.totals_differences else f"**{len(s.totals_differences)} differ**"
        for s in run.scales
    )
    lines.append(f"| stored round totals and statistics vs. recomputed from the sheets | {agree} |")
    return "\n".join(lines)


def render(run: Run) -> str:
    tables, met, total = table(run)
    top, base = f"{run.large.applications:,}", f"{run.base.applications:,}"
    return "\n".join(
        [
            "# Benchmark results",
            "",
            f"Latest run: {run.at or f'{timezone.now():%Y-%m-%d %H:%M}'} UTC, `./portal bench`, "
            f"on {machine()}; "
            f"load average {run.load or load_average()} as it began.",
            "",
            seeds(run),
            "",
            f"All sizes are seeded and measured in one run, each into the emptied database, the "
            f"same shape at every size. Each page runs {run.runs} times after {run.warmup} "
            "warm-ups, each document 3 times after one; times are server time through Django's "
            "test client, DEBUG off. A page meets its target when, at "
            f"{top} applications, its median is at most {PAGE_RATIO_TARGET:.0f}× the median of "
            f"its bare view, at most {PAGE_GROWTH_TARGET:g}× its median at {base} (growth) and "
            "its query count is the same at both sizes. Its bare view renders `base.html` with "
            "no queries for the same visitor, anonymous or signed in (the same session and user "
            "middleware), asked for by the same client in turn with the page, so both meet the "
            "machine in the same state. An export or PDF of every row meets its target within "
            f"{DOCUMENT_GROWTH_TARGET:.0f}× its time at {base}; the other operations have a "
            f"time of their own, at {top}. A page slower than {SLOW_SECONDS:g} s in its "
            f"warm-up is timed {SLOW_RUNS} times (its runs are named), a document slower than "
            f"{SLOW_DOCUMENT_SECONDS:g} s once, and a request still running after "
            f'{LIMIT_SECONDS:.0f} s is stopped and shown as "> {LIMIT_SECONDS:.0f} s".',
            "",
            tables,
            "",
            f"**Targets met: {met} of {total}.**",
            "",
            *(
                [
                    "## Where the time goes, and what it would take",
                    "",
                    "For each page that misses a target: one request at the largest seed, timed "
                    "in parts: its SQL (a database execute wrapper), its templates (the top-level "
                    "renders, without the SQL run while rendering) and the rest (the view's and "
                    "the middleware's Python).",
                    "",
                    spent,
                    "",
                ]
                if (spent := time_spent(run))
                else []
            ),
        ]
    )


def write(run: Run, path: Path, *, again: bool = False) -> str:
    """Write the latest results at the top of `path`; the run that was there goes below the
    history marker, above the runs kept there (`again`: the same run rendered again, replacing
    the top)."""
    text = render(run)
    kept = "\n"
    if path.exists():
        old = path.read_text(encoding="utf-8")
        latest, _, history = old.partition(HISTORY_MARKER)
        kept = history if again else f"\n{_earlier(latest)}{history or chr(10)}"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"{text}\n{HISTORY_MARKER}{kept}", encoding="utf-8")
    return text


def _earlier(latest: str) -> str:
    """The latest run, as a run of the history: under a heading of its own."""
    lines = latest.strip().splitlines()
    if lines and lines[0].startswith("# "):
        lines = lines[1:]
    while lines and not lines[0].strip():
        lines = lines[1:]
    if not lines:
        return ""
    heading = "## An earlier run"
    if lines[0].startswith("Latest run: "):
        heading = "## Run of " + lines[0].removeprefix("Latest run: ").split(",", 1)[0]
        lines[0] = "Run: " + lines[0].removeprefix("Latest run: ")
    return "\n".join(["", heading, "", *lines, ""]) + "\n"
