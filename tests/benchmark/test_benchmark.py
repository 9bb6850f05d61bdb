"""The benchmark's seeding and measuring run at a tiny size, so the command cannot rot.

Times are never asserted here: they are the benchmark's business, on PostgreSQL."""

import time

from applications.models import Application, ApplicationEvent
from benchmarks import report
from benchmarks.measure import BARE, SIGNED_IN, Operation, measure, measure_operation, pages
from benchmarks.seed import seed
from publicity.models import Objection
from review.models import ScoreSheet


def test_benchmark_tiny_edition_seeds_measures_every_page_and_writes_the_table(db, tmp_path):
    scenario = seed(applications=10)

    results = measure(scenario, runs=1, warmup=0)

    assert Application.objects.count() == 10
    assert ScoreSheet.objects.count() == 10 * 10  # 5 experts: all 10, then 6, then 4 of them
    assert ApplicationEvent.objects.count() == 25
    assert Objection.objects.count() == 2
    names = [m.name for m in results]
    assert names[0] == BARE
    assert [p.name for p in pages(scenario)] == [m.name for m in results if m.kind == "page"]
    assert results[0].queries == 0
    assert SIGNED_IN in names
    signed_in = {p.name for p in pages(scenario) if p.user != "anonymous"}
    assert all(m.queries > 0 for m in results if m.name in signed_in)
    # Each page is timed in turn with the bare view of its own client.
    assert all(len(m.reference_times) == len(m.times) == 1 for m in results if m.kind == "page")
    # Each page's counted request is also timed in parts: SQL, templates, the rest.
    for m in results:
        if m.kind == "page":
            spent = m.breakdown
            assert spent.total > 0 and spent.rendering > 0, m.name
            assert spent.sql + spent.rendering + spent.python >= spent.total * 0.999, m.name
            assert (spent.sql > 0) == (m.queries > 0), m.name
    small = report.Scale(10, scenario.counts, 1.0, results)
    large = report.Scale(20, scenario.counts, 2.0, results)
    run = report.Run(scales=[small, large], runs=1, warmup=0)
    path = tmp_path / "results.md"
    path.write_text(f"old table\n{report.HISTORY_MARKER}\nearlier runs\n", encoding="utf-8")
    report.write(run, path)
    text = path.read_text(encoding="utf-8")
    latest, history = text.split(report.HISTORY_MARKER)
    assert "old table" not in latest
    assert "| unit queue |" in latest
    assert "median ms (10) | median ms (20)" in latest
    assert "Targets met:" in latest
    assert "## Where the time goes, and what it would take" in latest
    assert "| SQL ms (queries) | templates ms |" in latest
    # The run that was on top goes into the history, above the runs kept there.
    assert history.index("old table") < history.index("earlier runs")

    report.write(run, path)
    text = path.read_text(encoding="utf-8")
    assert text.count("## Run of ") == 1
    assert text.count("Latest run: ") == 1
    assert text.count("old table") == 1


def test_an_operation_still_running_at_the_limit_is_stopped_and_reported_as_over_it(db):
    def slow():
        time.sleep(2)

    measured = measure_operation(
        Operation("slow export", slow, None, document=True), runs=3, warmup=1, limit=0.2
    )

    assert measured.over_limit == 0.2
    assert measured.times == []
    assert report.operation_misses(measured, None) == ["stopped after 0.2 s"]


def test_only_measures_the_pages_and_operations_named(db):
    scenario = seed(applications=10)

    results = measure(scenario, runs=1, warmup=0, only=["unit queue", "office list"])

    assert [m.name for m in results] == [
        BARE,
        SIGNED_IN,
        "unit queue",
        "Excel export of the office list (a row per application)",
    ]
