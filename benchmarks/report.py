"""The results table: pages against the bare view, operations against their targets."""

from __future__ import annotations

import os
import platform
from dataclasses import dataclass
from pathlib import Path

from django.db import connection
from django.utils import timezone

from benchmarks.measure import Measurement

PAGE_RATIO_TARGET = 3.0
HISTORY_MARKER = "<!-- Everything below this line is kept as it is by the benchmark command. -->"


@dataclass
class Run:
    small: list[Measurement]
    large: list[Measurement]
    small_size: int
    large_size: int
    counts: dict[str, int]
    seed_seconds: float
    runs: int
    warmup: int

    @property
    def bare(self) -> Measurement:
        return next(m for m in self.large if m.kind == "bare")


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


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f}"


def _time(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms" if seconds < 1 else f"{seconds:.2f} s"


def reference(m: Measurement, bare: Measurement) -> float:
    """The bare view as the page's own visitor gets it (anonymous, or signed in: the same
    session and user middleware), asked for in turn with the page."""
    return m.reference_median or bare.median


def page_met(large: Measurement, small: Measurement | None, bare: Measurement) -> bool:
    """Within 3× the bare view of the same visitor, with a query count that does not grow."""
    same_queries = small is not None and small.queries == large.queries
    return same_queries and large.median <= PAGE_RATIO_TARGET * reference(large, bare)


def operation_met(m: Measurement) -> bool | None:
    if not m.times or m.target_seconds is None:
        return None
    return m.median <= m.target_seconds


def table(run: Run) -> tuple[str, int, int]:
    """The markdown tables, the number of targets met and the number of targets."""
    bare = run.bare
    small = {m.name: m for m in run.small}
    met = total = 0
    lines = [
        f"| page | queries ({run.small_size:,}) | queries ({run.large_size:,}) "
        f"| median ms ({run.small_size:,}) | median ms ({run.large_size:,}) | p95 ms "
        f"| × bare | × its bare view | target met |",
        "|---|--:|--:|--:|--:|--:|--:|--:|:-:|",
    ]
    for m in run.large:
        if m.kind == "operation":
            continue
        s = small.get(m.name)
        if m.kind in ("bare", "reference"):
            own, mark = "—", "—"
        else:
            ok = page_met(m, s, bare)
            met += ok
            total += 1
            own = f"{m.median / reference(m, bare):.1f}"
            mark = "yes" if ok else "**no**"
        lines.append(
            f"| {m.name} | {s.queries if s else '—'} | {m.queries} | "
            f"{_ms(s.median) if s else '—'} | {_ms(m.median)} | {_ms(m.p95)} | "
            f"{m.median / bare.median:.1f} | {own} | {mark} |"
        )
    lines += [
        "",
        f"| operation ({run.large_size:,} applications) | queries | median | p95 | target "
        "| target met |",
        "|---|--:|--:|--:|--:|:-:|",
    ]
    for m in run.large:
        if m.kind != "operation":
            continue
        if m.times and m.target_seconds is None:  # measured for the record, no target
            lines.append(f"| {m.name} | {m.queries} | {_time(m.median)} | {_time(m.p95)} | — | — |")
            continue
        ok = operation_met(m)
        total += 1
        if ok is None:
            lines.append(
                f"| {m.name} | — | — | — | ≤ {_time(m.target_seconds)} | {m.note or '—'} |"
            )
            continue
        met += ok
        lines.append(
            f"| {m.name} | {m.queries} | {_time(m.median)} | {_time(m.p95)} | "
            f"≤ {_time(m.target_seconds)} | {'yes' if ok else '**no**'} |"
        )
    return "\n".join(lines), met, total


def render(run: Run) -> str:
    tables, met, total = table(run)
    counts = ", ".join(f"{value:,} {name}" for name, value in run.counts.items())
    return "\n".join(
        [
            "# Benchmark results",
            "",
            f"Latest run: {timezone.now():%Y-%m-%d %H:%M} UTC, `./portal bench`, on {machine()}.",
            "",
            f"Large seed: {counts}; seeded in {run.seed_seconds:.0f} s. Small seed: "
            f"{run.small_size:,} applications, same shape. Each page and operation runs "
            f"{run.runs} times after {run.warmup} warm-ups (the PDF 3 times, the Excel export 5); "
            "times are server time through Django's test client, DEBUG off. "
            "A page meets its target when its median is at most "
            f"{PAGE_RATIO_TARGET:.0f}× the median of its bare view and its query count is the "
            "same at both sizes. Its bare view is the one its visitor gets, anonymous or signed "
            "in (the same session and user middleware), asked for by the same client in turn "
            "with the page, so both meet the machine in the same state; the × bare column "
            "compares with the anonymous bare view measured alone.",
            "",
            tables,
            "",
            f"**Targets met: {met} of {total}.**",
            "",
        ]
    )


def write(run: Run, path: Path) -> str:
    """Write the latest results at the top of `path`, keeping what follows the marker."""
    text = render(run)
    kept = ""
    if path.exists():
        old = path.read_text(encoding="utf-8")
        if HISTORY_MARKER in old:
            kept = old.split(HISTORY_MARKER, 1)[1]
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"{text}\n{HISTORY_MARKER}{kept or chr(10)}", encoding="utf-8")
    return text
