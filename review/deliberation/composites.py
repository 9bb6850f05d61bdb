"""Keeping the stored ranking (`CompositeScore`) equal to a recomputation, and reading pages
of it.

A row exists for every application that reached deliberation (`selectors.REACHED_DELIBERATION`,
or eliminated at deliberation) and holds its composite score from the closed rounds' results
and the edition's weights. One function, `_build`, computes rows in three queries for any
number of applications; it serves every write:

- `refresh_composites(applications)`: after an application's move (the engine calls it through
  the application workflow's `project`, in the move's transaction): it enters, stays in or
  leaves the ranking;
- `refresh_edition_composites(edition)`: after a round's results are stored (its close) and
  after the edition's weights change, in that transaction;
- `rebuild_composites(edition=None)`: in bulk, for the data migration and the benchmark's seed;
- `composite_differences(edition=None)`: what differs between the table and a recomputation.

The ranking's order is the index's (`RANKING_ORDER`): a page is a top-N query with an offset.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

from django.apps import apps as django_apps
from django.db.models import Count, F, Q, QuerySet

from applications.models import Stage, Status
from review.deliberation.selectors import (
    KINDS,
    REACHED_DELIBERATION,
    CompositeRow,
    composite_score,
)
from review.models.composites import RANKING_ORDER
from review.models.pool import stage_weights

BATCH = 1000
CLOSED = "closed"  # ReviewRound.Status.CLOSED, as a data migration's models have it
NO_SCORE = Decimal(-1)
COLUMN = {
    Stage.MATERIAL_REVIEW: "material",
    Stage.ONSITE_REVIEW: "onsite",
    Stage.DEFENSE: "defense",
}
COMPARED = (
    "edition_id",
    "kind",
    "application_status",
    "reference",
    "composite",
    "scored",
    *COLUMN.values(),
    *(f"tie_{column}" for column in COLUMN.values()),
)
REACHED = Q(status__in=REACHED_DELIBERATION) | Q(
    status=Status.ELIMINATED, eliminated_stage=Stage.DELIBERATION
)


def _model(apps, app_label: str, name: str):
    return (apps or django_apps).get_model(app_label, name)


def _build(applications: QuerySet, apps=None) -> list:
    """The rows of those of `applications` that reached deliberation, unsaved."""
    Row = _model(apps, "review", "CompositeScore")
    Settings = _model(apps, "review", "ReviewSettings")
    RoundResult = _model(apps, "review", "RoundResult")
    live = list(
        applications.filter(REACHED)
        .order_by()
        .values("pk", "edition_id", "category__kind", "status", "reference")
    )
    if not live:
        return []
    editions = {values["edition_id"] for values in live}
    settings = {s.edition_id: s for s in Settings.objects.filter(edition_id__in=editions)}
    scores: dict[int, dict[str, Decimal]] = {values["pk"]: {} for values in live}
    ids = list(scores)
    for start in range(0, len(ids), BATCH):
        results = RoundResult.objects.filter(
            round__status=CLOSED,
            round__edition_id=F("application__edition_id"),
            application_id__in=ids[start : start + BATCH],
        ).values_list("application_id", "round__stage", "percent")
        for application_id, stage, percent in results:
            scores[application_id][stage] = percent
    rows = []
    for values in live:
        review_settings = settings.get(values["edition_id"]) or Settings()
        weights = stage_weights(review_settings, values["category__kind"])
        own = {stage: scores[values["pk"]].get(stage) for stage in weights}
        composite = composite_score(own, weights)
        row = Row(
            application_id=values["pk"],
            edition_id=values["edition_id"],
            kind=values["category__kind"],
            application_status=values["status"],
            reference=values["reference"],
            composite=composite,
            scored=composite is not None,
        )
        for stage, column in COLUMN.items():
            setattr(row, column, own.get(stage))
            # As `selectors._tie_key`: a missing (or zero) score compares as -1.
            tie = (own.get(stage) or NO_SCORE) if composite is not None else NO_SCORE
            setattr(row, f"tie_{column}", tie)
        rows.append(row)
    return rows


def _replace(applications: QuerySet, stored: QuerySet, apps=None) -> int:
    rows = _build(applications, apps)
    stored.delete()
    _model(apps, "review", "CompositeScore").objects.bulk_create(rows, batch_size=BATCH)
    return len(rows)


def refresh_composites(applications: Iterable[int], apps=None) -> int:
    """Write again the rows of `applications` (keys): those that reached deliberation get
    theirs, the others lose it. Call inside the transaction of the write."""
    ids = list(applications)
    Application = _model(apps, "applications", "Application")
    Row = _model(apps, "review", "CompositeScore")
    return _replace(
        Application.objects.filter(pk__in=ids), Row.objects.filter(application_id__in=ids), apps
    )


def refresh_edition_composites(edition, apps=None) -> int:
    """Write again every row of `edition`: its rounds' results or its weights changed."""
    Application = _model(apps, "applications", "Application")
    Row = _model(apps, "review", "CompositeScore")
    return _replace(
        Application.objects.filter(edition_id=edition.pk),
        Row.objects.filter(edition_id=edition.pk),
        apps,
    )


def rebuild_composites(edition=None, apps=None) -> int:
    """Every row of `edition` (or of all editions), in bulk."""
    Application = _model(apps, "applications", "Application")
    Row = _model(apps, "review", "CompositeScore")
    if edition is not None:
        return refresh_edition_composites(edition, apps)
    return _replace(Application.objects.all(), Row.objects.all(), apps)


def _values(row) -> tuple:
    return tuple(getattr(row, name) for name in COMPARED)


def composite_differences(edition=None) -> list[str]:
    """Every stored row that differs from a recomputation (missing, extra or changed)."""
    Application = _model(None, "applications", "Application")
    Row = _model(None, "review", "CompositeScore")
    applications = Application.objects.all()
    stored = Row.objects.all()
    if edition is not None:
        applications = applications.filter(edition=edition)
        stored = stored.filter(edition=edition)
    expected = {row.application_id: _values(row) for row in _build(applications)}
    actual = {row.application_id: _values(row) for row in stored}
    return [
        f"{pk}: stored {actual.get(pk)} != computed {expected.get(pk)}"
        for pk in sorted(set(expected) | set(actual))
        if expected.get(pk) != actual.get(pk)
    ]


# --- reading ---------------------------------------------------------------------------------


SHOWN = (
    "application__reference",
    "application__applicant_name",
    "application__status",
    "application__category__name",
    "application__category__kind",
)


def _ordered(edition, kind: str) -> QuerySet:
    Row = _model(None, "review", "CompositeScore")
    return Row.objects.filter(edition=edition, kind=kind).order_by(*RANKING_ORDER)


def _tie_key(row) -> tuple:
    return (row.composite, row.tie_defense, row.tie_onsite, row.tie_material)


def _shown(row, review_settings) -> CompositeRow:
    """A stored row as the pages show a row of `selectors.composite_ranking`."""
    weights = review_settings.weights(row.kind)
    own = {stage: getattr(row, COLUMN[stage]) for stage in weights}
    minimum = review_settings.minimum_composite
    shown = CompositeRow(
        application=row.application,
        kind=row.kind,
        scores=own,
        weights=weights,
        composite=row.composite,
        complete=row.composite is not None,
    )
    shown.eligible = row.composite is not None and (minimum is None or row.composite >= minimum)
    shown.stage_cells = [
        (Stage(stage).label, own.get(stage), weight) for stage, weight in weights.items()
    ]
    return shown


def ranked_counts(edition) -> dict[str, int]:
    """How many rows each kind's ranking has, in one query."""
    Row = _model(None, "review", "CompositeScore")
    counted = Row.objects.filter(edition=edition).values_list("kind").annotate(n=Count("pk"))
    return {kind: 0 for kind in KINDS} | dict(counted.order_by())


class RankingRows:
    """One kind's ranking for a paginator: counted and sliced in the database; a slice reads
    one row more on each side to tell a tie (同分) at its edges."""

    def __init__(self, edition, kind: str, review_settings):
        self.rows = _ordered(edition, kind)
        self.review_settings = review_settings

    def count(self) -> int:
        return self.rows.count()

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, index: slice) -> list[CompositeRow]:
        start = max(index.start or 0, 0)
        first = max(start - 1, 0)
        read = list(
            self.rows.select_related("application__category").only(
                *COMPARED, "application_id", *SHOWN
            )[first : index.stop + 1]
        )
        shown = []
        for position, row in enumerate(read, start=first):
            item = _shown(row, self.review_settings)
            if row.composite is not None:
                item.rank = position + 1
            shown.append((position, row, item))
        for (_p, before, item), (_q, after, next_item) in zip(shown, shown[1:], strict=False):
            if before.composite is not None and _tie_key(before) == _tie_key(after):
                item.tied = next_item.tied = True
        return [item for position, _row, item in shown if start <= position < index.stop]


def best_candidates(edition, review_settings, shown: int) -> dict[str, list[CompositeRow]]:
    """The best `shown` candidates of each kind (eligible and still in deliberation, as
    `selectors.candidates`), ranked: a rank counts every scored row before it. Three queries
    (two without any candidate)."""
    minimum = review_settings.minimum_composite
    best, ahead = {}, Q()
    for kind in KINDS:
        scored = _ordered(edition, kind).filter(composite__isnull=False)
        eligible = scored if minimum is None else scored.filter(composite__gte=minimum)
        best[kind] = list(
            eligible.filter(application_status=Status.DELIBERATION)
            .select_related("application")
            .only(*COMPARED, "application_id", "application__applicant_name")[:shown]
        )
        if best[kind]:
            ahead |= Q(kind=kind, composite__gte=best[kind][-1].composite)
    if not ahead:
        return best
    # The scored rows that are no candidates and rank above a kind's last candidate: the
    # places already held, who was disqualified or eliminated (few while deliberation runs).
    others: dict[str, list[tuple]] = {kind: [] for kind in KINDS}
    for row in (
        _model(None, "review", "CompositeScore")
        .objects.filter(ahead, edition=edition)
        .exclude(application_status=Status.DELIBERATION)
        .only(*COMPARED)
    ):
        others[row.kind].append(_order_key(row))
    for kind, rows in best.items():
        best[kind] = [_shown(row, review_settings) for row in rows]
        for position, (row, item) in enumerate(zip(rows, best[kind], strict=True)):
            key = _order_key(row)
            item.rank = position + 1 + sum(1 for other in others[kind] if other < key)
    return best


def _order_key(row) -> tuple:
    """`RANKING_ORDER` of a scored row, ascending."""
    return (-row.composite, -row.tie_defense, -row.tie_onsite, -row.tie_material, row.reference)
