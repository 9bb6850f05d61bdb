"""A round's stored figures: each application's totals (`RoundTotal`), each expert's
statistics per rubric for the z-scores (`ExpertStatistic`) and each expert's sheets counted for
the round's progress (`ExpertProgress`).

They are kept by the moves that change them, in the move's transaction: every move of a score
sheet (submit, reopen, excuse, void, reinstate) refreshes its application's totals, its
expert's statistics on its rubric and its expert's progress (`sheet_moved`, an effect in
`review.workflows`); a new or reactivated assignment (`assignment_changed`) and a change of
rubric refresh the figures of what they touch; the close
of a round stores its statistics again (`store_round_statistics`). Each refresh computes the
figures again from the few sheets concerned, with exact decimals, so a stored figure is the
one a full recomputation gives: `rebuild_round_totals` writes them all in bulk (the data
migration, the benchmark's seed) and `totals_differences` recomputes them from the sheets and
lists every stored figure that differs.

Statistics are per rubric: an expert's totals on the 100-point individual sheet and on the
1000-point GB/T 19580 sheet are not on one scale, and pooled, the best individual's total lay
far below the expert's mean of mostly organization totals.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.apps import apps as global_apps
from django.db import transaction
from django.db.models import Sum

from review import scoring

SUBMITTED = "submitted"
EXCUSED = "excused"
VOID = "void"
ZERO = Decimal(0)
BATCH = 2000
TOTAL_FIELDS = (
    "assigned",
    "excused",
    "sheet_count",
    "total_sum",
    "total_squares",
    "lowest",
    "highest",
    "mean",
    "aggregate",
    "max_points",
    "percent",
)
STATISTIC_FIELDS = ("sheet_count", "total_sum", "total_squares")
PROGRESS_FIELDS = ("assigned", "submitted", "excused")


def _model(apps, name: str):
    return apps.get_model("review", name)


# --- the arithmetic ----------------------------------------------------------------------------


def application_figures(
    sheets: Iterable[tuple[str, Decimal | None, int]], points: dict[int, Decimal], method: str
) -> dict:
    """An application's figures in a round from its active, not void sheets, given as
    (status, total, rubric_id): the submitted sheets' count, sum, sum of squares, lowest and
    highest, their mean and the round's aggregate, the full marks of the sheets' rubric and the
    share of them the aggregate is. As `selectors.live_entries` computes them in SQL."""
    sheets = list(sheets)
    submitted = [total for status, total, _rubric in sheets if status == SUBMITTED]
    rubrics = {rubric_id for _status, _total, rubric_id in sheets}
    max_points = max((points.get(r, ZERO) for r in rubrics), default=ZERO)
    count = len(submitted)
    total_sum = sum(submitted, ZERO)
    figures = {
        "assigned": len(sheets),
        "excused": sum(1 for status, _total, _rubric in sheets if status == EXCUSED),
        "sheet_count": count,
        "total_sum": total_sum,
        "total_squares": sum((t * t for t in submitted), ZERO),
        "lowest": min(submitted) if count else None,
        "highest": max(submitted) if count else None,
        "mean": None,
        "aggregate": None,
        "max_points": max_points,
        "percent": None,
    }
    if count:
        figures["mean"] = scoring.q2(total_sum / count)
        aggregate = scoring.aggregate_from_sums(
            count=count,
            total=total_sum,
            lowest=figures["lowest"],
            highest=figures["highest"],
            method=method,
        )
        figures["aggregate"] = aggregate
        if max_points:
            figures["percent"] = scoring.q2(aggregate * 100 / max_points)
    return figures


def statistic_figures(totals: Iterable[Decimal]) -> dict:
    totals = list(totals)
    return {
        "sheet_count": len(totals),
        "total_sum": sum(totals, ZERO),
        "total_squares": sum((t * t for t in totals), ZERO),
    }


@dataclass(frozen=True, slots=True)
class Statistic:
    """An expert's count, mean and population standard deviation on one rubric."""

    count: int
    mean: float
    std: float

    @classmethod
    def of(cls, count: int, total_sum: Decimal, total_squares: Decimal) -> Statistic:
        if not count:
            return cls(0, 0.0, 0.0)
        mean = Decimal(total_sum) / count
        variance = max(Decimal(total_squares) / count - mean * mean, ZERO)
        return cls(count, float(mean), float(variance.sqrt()))

    def zscore(self, total: Decimal) -> float | None:
        return scoring.zscore(total, count=self.count, mean=self.mean, std=self.std)


NO_STATISTIC = Statistic(0, 0.0, 0.0)


def rubric_points(rubric_ids, apps=global_apps) -> dict[int, Decimal]:
    rows = (
        _model(apps, "RubricItem")
        .objects.filter(rubric_id__in=set(rubric_ids))
        .values("rubric_id")
        .annotate(total=Sum("points"))
        .order_by()
        .values_list("rubric_id", "total")
    )
    return {rubric_id: total or ZERO for rubric_id, total in rows}


# --- kept by the moves ---------------------------------------------------------------------------


def _sheets(review_round, **lookups):
    """The round's sheets on active assignments, filtered by `lookups`."""
    return _model(global_apps, "ScoreSheet").objects.filter(
        assignment__round_id=review_round.pk, assignment__is_active=True, **lookups
    )


def refresh_application_totals(review_round, application_id: int) -> None:
    """Compute an application's totals in a round again from its sheets and store them.

    The totals' row is locked before the sheets are read: two experts submitting on the same
    application at once are counted one after the other, the second seeing the first's sheet,
    never both from the sheets as they were before either."""
    RoundTotal = _model(global_apps, "RoundTotal")
    row, _created = RoundTotal.objects.get_or_create(
        round_id=review_round.pk, application_id=application_id
    )
    RoundTotal.objects.select_for_update().filter(pk=row.pk).values_list("pk").get()
    sheets = list(
        _sheets(review_round, assignment__application_id=application_id)
        .exclude(status=VOID)
        .values_list("status", "total", "rubric_id")
    )
    points = rubric_points({rubric_id for _s, _t, rubric_id in sheets})
    RoundTotal.objects.filter(pk=row.pk).update(
        **application_figures(sheets, points, review_round.aggregation)
    )


def refresh_expert_statistic(review_round, expert_id: int, rubric_id: int) -> None:
    """Compute an expert's statistics on one rubric in a round again from their submitted
    sheets and store them (none stored without a submitted sheet). The expert's record is
    locked first, so their sheets' moves are counted one after the other."""
    _lock_expert(expert_id)
    totals = list(
        _sheets(
            review_round, assignment__expert_id=expert_id, rubric_id=rubric_id, status=SUBMITTED
        ).values_list("total", flat=True)
    )
    ExpertStatistic = _model(global_apps, "ExpertStatistic")
    key = {"round_id": review_round.pk, "expert_id": expert_id, "rubric_id": rubric_id}
    if not totals:
        ExpertStatistic.objects.filter(**key).delete()
        return
    ExpertStatistic.objects.update_or_create(**key, defaults=statistic_figures(totals))


def progress_figures(statuses: Iterable[str]) -> dict:
    """An expert's progress from the statuses of their active sheets that are not void."""
    statuses = list(statuses)
    return {
        "assigned": len(statuses),
        "submitted": statuses.count(SUBMITTED),
        "excused": statuses.count(EXCUSED),
    }


def refresh_expert_progress(review_round, expert_id: int) -> None:
    """Count an expert's sheets in a round again and store them (no row without a sheet).
    The caller holds the expert's lock (see `refresh_expert_statistic`)."""
    statuses = list(
        _sheets(review_round, assignment__expert_id=expert_id)
        .exclude(status=VOID)
        .values_list("status", flat=True)
    )
    ExpertProgress = _model(global_apps, "ExpertProgress")
    key = {"round_id": review_round.pk, "expert_id": expert_id}
    if not statuses:
        ExpertProgress.objects.filter(**key).delete()
        return
    ExpertProgress.objects.update_or_create(**key, defaults=progress_figures(statuses))


def _lock_expert(expert_id: int) -> None:
    _model(global_apps, "ExpertProfile").objects.select_for_update().filter(
        pk=expert_id
    ).values_list("pk").get()


def sheet_moved(sheet, _context=None) -> None:
    """The effect of every move of a score sheet: its application's totals, its expert's
    statistics on its rubric and its expert's progress, as the sheet now stands."""
    assignment = sheet.assignment
    review_round = assignment.round
    refresh_application_totals(review_round, assignment.application_id)
    refresh_expert_statistic(review_round, assignment.expert_id, sheet.rubric_id)
    refresh_expert_progress(review_round, assignment.expert_id)


def assignment_changed(review_round, application_id: int, expert_id: int) -> None:
    """A new or reactivated assignment, its sheet counted as it stands: the application's
    totals and the expert's progress (the expert locked first)."""
    refresh_application_totals(review_round, application_id)
    _lock_expert(expert_id)
    refresh_expert_progress(review_round, expert_id)


def store_round_statistics(review_round, _context=None) -> None:
    """The effect of a round's close: its experts' statistics stored again from the sheets
    it ends with, the ones its frozen z-scores are read from."""
    _rebuild([review_round.pk], global_apps, totals=False)


# --- the whole, in bulk ----------------------------------------------------------------------


def _compute(round_ids, apps) -> tuple[dict, dict, dict]:
    """Every figure of the rounds (all rounds when `round_ids` is None) recomputed from the
    sheets in three queries: {(round, application): figures}, {(round, expert, rubric):
    figures}, {(round, expert): progress}. Every application assigned in a round has its
    totals, even with no sheet left."""
    ReviewRound = _model(apps, "ReviewRound")
    rounds = ReviewRound.objects.all()
    if round_ids is not None:
        rounds = rounds.filter(pk__in=round_ids)
    methods = dict(rounds.values_list("pk", "aggregation"))
    assignments = _model(apps, "Assignment").objects.filter(round_id__in=list(methods))
    sheets_by_application: dict[tuple[int, int], list] = {
        pair: []
        for pair in assignments.values_list("round_id", "application_id").distinct().order_by()
    }
    submitted_by_expert: dict[tuple[int, int, int], list] = defaultdict(list)
    statuses_by_expert: dict[tuple[int, int], list] = defaultdict(list)
    rubric_ids = set()
    rows = (
        _model(apps, "ScoreSheet")
        .objects.filter(assignment__round_id__in=list(methods), assignment__is_active=True)
        .exclude(status=VOID)
        .order_by()
        .values_list(
            "assignment__round_id",
            "assignment__application_id",
            "assignment__expert_id",
            "rubric_id",
            "status",
            "total",
        )
    )
    for round_id, application_id, expert_id, rubric_id, status, total in rows.iterator(
        chunk_size=BATCH
    ):
        rubric_ids.add(rubric_id)
        sheets_by_application[(round_id, application_id)].append((status, total, rubric_id))
        statuses_by_expert[(round_id, expert_id)].append(status)
        if status == SUBMITTED:
            submitted_by_expert[(round_id, expert_id, rubric_id)].append(total)
    points = rubric_points(rubric_ids, apps)
    totals = {
        key: application_figures(sheets, points, methods[key[0]])
        for key, sheets in sheets_by_application.items()
    }
    statistics = {key: statistic_figures(t) for key, t in submitted_by_expert.items()}
    progress = {key: progress_figures(s) for key, s in statuses_by_expert.items()}
    return totals, statistics, progress


def _fields_of(model, figures: dict) -> dict:
    """The figures `model` has fields for (a migration's model may predate some)."""
    names = {f.name for f in model._meta.concrete_fields}
    return {name: value for name, value in figures.items() if name in names}


def _replace(model, round_ids, rows) -> None:
    """The stored rows of `model` for the rounds (all when `round_ids` is None) replaced by
    `rows`, in batches."""
    stale = model.objects.all()
    if round_ids is not None:
        stale = stale.filter(round_id__in=round_ids)
    stale.delete()
    model.objects.bulk_create(rows, batch_size=BATCH)


def _rebuild(round_ids, apps, *, totals: bool = True) -> None:
    RoundTotal = _model(apps, "RoundTotal")
    ExpertStatistic = _model(apps, "ExpertStatistic")
    computed_totals, computed_statistics, computed_progress = _compute(round_ids, apps)
    with transaction.atomic():
        if totals:
            _replace(
                RoundTotal,
                round_ids,
                (
                    RoundTotal(round_id=r, application_id=a, **_fields_of(RoundTotal, figures))
                    for (r, a), figures in computed_totals.items()
                ),
            )
            _rebuild_progress(round_ids, apps, computed_progress)
        _replace(
            ExpertStatistic,
            round_ids,
            (
                ExpertStatistic(round_id=r, expert_id=e, rubric_id=rb, **figures)
                for (r, e, rb), figures in computed_statistics.items()
            ),
        )


def _rebuild_progress(round_ids, apps, computed: dict) -> None:
    try:
        ExpertProgress = _model(apps, "ExpertProgress")
    except LookupError:  # a migration before the progress was kept
        return
    rows = (ExpertProgress(round_id=r, expert_id=e, **f) for (r, e), f in computed.items())
    _replace(ExpertProgress, round_ids, rows)


def rebuild_round_totals(round=None, *, apps=global_apps) -> None:  # noqa: A002
    """Compute every stored figure of a round (of every round when `round` is None) again
    from its sheets and replace what is stored, in bulk: a few queries and one insert per
    2,000 rows. `apps` is a migration's historical models."""
    _rebuild(None if round is None else [round.pk], apps)


def migration_rebuild(apps, schema_editor) -> None:
    """A migration's step that stores every figure again, with its historical models."""
    rebuild_round_totals(apps=apps)


def _stored(round_ids) -> tuple[dict, dict, dict]:
    RoundTotal = _model(global_apps, "RoundTotal")
    ExpertStatistic = _model(global_apps, "ExpertStatistic")
    progress = _model(global_apps, "ExpertProgress").objects.all()
    totals = RoundTotal.objects.all()
    statistics = ExpertStatistic.objects.all()
    if round_ids is not None:
        totals = totals.filter(round_id__in=round_ids)
        statistics = statistics.filter(round_id__in=round_ids)
        progress = progress.filter(round_id__in=round_ids)
    return (
        {
            (row[0], row[1]): dict(zip(TOTAL_FIELDS, row[2:], strict=True))
            for row in totals.values_list("round_id", "application_id", *TOTAL_FIELDS)
        },
        {
            (row[0], row[1], row[2]): dict(zip(STATISTIC_FIELDS, row[3:], strict=True))
            for row in statistics.values_list(
                "round_id", "expert_id", "rubric_id", *STATISTIC_FIELDS
            )
        },
        {
            (row[0], row[1]): dict(zip(PROGRESS_FIELDS, row[2:], strict=True))
            for row in progress.values_list("round_id", "expert_id", *PROGRESS_FIELDS)
        },
    )


def _same(stored, computed) -> bool:
    if stored is None or computed is None:
        return stored is None and computed is None
    return Decimal(stored) == Decimal(computed)


def totals_differences(round=None) -> list[str]:  # noqa: A002
    """Recompute every figure of a round (of every round when `round` is None) from its
    sheets and compare it with the stored one: one line per difference, empty when they all
    agree exactly."""
    round_ids = None if round is None else [round.pk]
    computed = _compute(round_ids, global_apps)
    stored = _stored(round_ids)
    differences = []
    for label, fields, live, kept in (
        ("totals", TOTAL_FIELDS, computed[0], stored[0]),
        ("statistics", STATISTIC_FIELDS, computed[1], stored[1]),
        ("progress", PROGRESS_FIELDS, computed[2], stored[2]),
    ):
        for key in sorted(set(live) | set(kept)):
            if key not in kept:
                differences.append(f"{label} {key}: not stored")
            elif key not in live:
                differences.append(f"{label} {key}: stored, but nothing to count")
            else:
                differences.extend(
                    f"{label} {key} {name}: stored {kept[key][name]}, recomputed {live[key][name]}"
                    for name in fields
                    if not _same(kept[key][name], live[key][name])
                )
    return differences


# --- read --------------------------------------------------------------------------------------


def expert_statistics(
    review_round, expert_ids=None, *, leave_out=frozenset()
) -> dict[tuple[int, int], Statistic]:
    """Per (expert, rubric): the stored count, mean and standard deviation of the expert's
    submitted totals in the round. The sheets of the applications in `leave_out` are taken out
    of them (a reader of sealed applications could otherwise work their totals back from the
    z-scores of the others): one more query, over those applications' sheets only."""
    rows = _model(global_apps, "ExpertStatistic").objects.filter(round_id=review_round.pk)
    if expert_ids is not None:
        rows = rows.filter(expert_id__in=expert_ids)
    figures = {
        (expert_id, rubric_id): [count, total_sum, squares]
        for expert_id, rubric_id, count, total_sum, squares in rows.values_list(
            "expert_id", "rubric_id", *STATISTIC_FIELDS
        )
    }
    if leave_out:
        left_out = _sheets(
            review_round, assignment__application_id__in=leave_out, status=SUBMITTED
        ).values_list("assignment__expert_id", "rubric_id", "total")
        for expert_id, rubric_id, total in left_out:
            f = figures.get((expert_id, rubric_id))
            if f is not None:
                f[0] -= 1
                f[1] -= total
                f[2] -= total * total
    return {key: Statistic.of(*f) for key, f in figures.items()}
