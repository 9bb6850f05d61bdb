"""Reads of a round: its applications and sheets, the rows of its results (their figures are
stored, see `review.rounds.totals` and `review.rounds.results`; `live_entries` computes them
again from the sheets), the panel, the draw, the decisions, and an applicant's feedback."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field, fields
from decimal import Decimal

from django.db.models import Count, Max, Min, Prefetch, Q, QuerySet, Sum

from applications.lifecycle import STAGE_OF_STATUS
from applications.models import Application, Stage
from review import scoring
from review.models import (
    SHEET_STATUS_LABELS,
    AdvancementDecision,
    Aggregation,
    Assignment,
    PanelDraw,
    PanelMember,
    ReviewRound,
    RoundResult,
    RubricItem,
    ScoreSheet,
    SheetComment,
    choice_label,
)
from review.pool.selectors import settings_for
from review.rounds.totals import NO_STATISTIC, expert_statistics

STATUS_OF_STAGE: dict[str, str] = {stage: status for status, stage in STAGE_OF_STATUS.items()}
FINAL_SHEET_STATUSES = (ScoreSheet.Status.SUBMITTED, ScoreSheet.Status.EXCUSED)


def _application_rows() -> QuerySet[Application]:
    # The filled-in form (JSON) and the call notice are never read from here; at a province's
    # scale they are most of the rows' bytes.
    return Application.objects.select_related("category", "edition").defer(
        "data", "return_notes", "edition__notice_text"
    )


def round_applications(review_round: ReviewRound) -> QuerySet[Application]:
    """The applications a round reviews: those in its stage while it is prepared, afterwards
    those that were assigned in it."""
    qs = _application_rows()
    if review_round.status == ReviewRound.Status.PREPARING:
        return qs.filter(
            edition_id=review_round.edition_id, status=STATUS_OF_STAGE[review_round.stage]
        ).order_by("reference")
    ids = Assignment.objects.filter(round=review_round).values("application_id")
    return qs.filter(pk__in=ids).order_by("reference")


def rubric_totals(rubric_ids) -> dict[int, Decimal]:
    rows = (
        RubricItem.objects.filter(rubric_id__in=set(rubric_ids))
        .values("rubric_id")
        .annotate(total=Sum("points"))
    )
    return {row["rubric_id"]: row["total"] or Decimal(0) for row in rows}


def active_sheets(review_round: ReviewRound) -> QuerySet[ScoreSheet]:
    return ScoreSheet.objects.filter(assignment__round=review_round, assignment__is_active=True)


# --- results ---------------------------------------------------------------------------------


@dataclass
class SheetCell:
    sheet_id: int
    expert_id: int
    expert_name: str
    status: str
    total: Decimal | None
    zscore: float | None = None
    deviation: Decimal | None = None

    @property
    def status_label(self) -> str:
        return str(choice_label(SHEET_STATUS_LABELS, self.status))


@dataclass(frozen=True, slots=True)
class ApplicationLabel:
    """What the results page shows of an application, taken from its ranked entry."""

    pk: int
    reference: str
    applicant_name: str
    category: str


@dataclass(kw_only=True)
class Figures:
    """An application's figures in a round: how many sheets count, their mean, the aggregate
    the rules make of them, against full marks, and the rank."""

    kind: str
    sheet_count: int
    mean: Decimal | None
    aggregate: Decimal | None
    max_points: Decimal
    percent: Decimal | None
    trimmed: bool
    rank: int | None = None

    def figures(self) -> dict:
        return {f.name: getattr(self, f.name) for f in fields(Figures)}


@dataclass(kw_only=True)
class ResultRow(Figures):
    application: Application | ApplicationLabel
    normalised: float | None = None
    sheets: list[SheetCell] = field(default_factory=list)
    flagged: list[SheetCell] = field(default_factory=list)
    decision: AdvancementDecision | None = None
    sealed: bool = False  # listed without figures (access.sealed_application_ids)


@dataclass(kw_only=True)
class RankedEntry(Figures):
    """An application's figures in a round, without its sheets: enough to rank and page."""

    application_id: int
    reference: str
    applicant_name: str
    category: str = ""  # the category's name

    @property
    def pk(self) -> int:
        return self.application_id

    def __str__(self) -> str:  # as the application's own, for choice lists
        return f"{self.reference} {self.applicant_name}".strip()


def _sort_key(entry: RankedEntry):
    return (entry.kind, entry.rank or 10**6, entry.reference)


def unscored_entries(
    review_round: ReviewRound, *, hidden=frozenset(), max_points=None
) -> list[RankedEntry]:
    """The round's applications (but the `hidden`) as entries without a score, unranked, in
    the order of their references; with their full marks from `max_points` when given."""
    rows = (
        round_applications(review_round)
        .exclude(pk__in=hidden)
        .values_list("pk", "reference", "applicant_name", "category__kind", "category__name")
    )
    return [
        RankedEntry(
            application_id=pk,
            reference=reference,
            applicant_name=applicant_name,
            kind=kind,
            category=category,
            sheet_count=0,
            mean=None,
            aggregate=None,
            max_points=(max_points or {}).get(pk, Decimal(0)),
            percent=None,
            trimmed=False,
        )
        for pk, reference, applicant_name, kind, category in rows
    ]


def live_entries(
    review_round: ReviewRound, *, hidden=frozenset(), sealed=frozenset()
) -> list[RankedEntry]:
    """Every application's count, mean, aggregate, full marks and percent computed again from
    its sheets in one GROUP BY (what the stored totals of `review.rounds.totals` must equal),
    ranked within its kind and sorted as the results page shows them. The
    `sealed` applications keep their count of submitted sheets but no figure, take no rank,
    and the others are ranked among themselves."""
    method = review_round.aggregation
    submitted = Q(status=ScoreSheet.Status.SUBMITTED)
    groups = (
        active_sheets(review_round)
        .exclude(status=ScoreSheet.Status.VOID)
        .values("assignment__application_id", "rubric_id")
        .annotate(
            n=Count("id", filter=submitted),
            sum_total=Sum("total", filter=submitted),
            lo=Min("total", filter=submitted),
            hi=Max("total", filter=submitted),
        )
        .order_by()
        .values_list("assignment__application_id", "rubric_id", "n", "sum_total", "lo", "hi")
    )
    # Per application: [submitted sheets, their sum, lowest, highest, rubrics of its sheets].
    figures: dict[int, list] = {}
    for application_id, rubric_id, n, sum_total, lo, hi in groups:
        f = figures.get(application_id)
        if f is None:
            f = figures[application_id] = [0, Decimal(0), None, None, set()]
        f[4].add(rubric_id)
        if n:
            f[0] += n
            f[1] += sum_total
            f[2] = lo if f[2] is None else min(f[2], lo)
            f[3] = hi if f[3] is None else max(f[3], hi)
    totals = rubric_totals({r for f in figures.values() for r in f[4]})
    zero = Decimal(0)
    entries = unscored_entries(review_round, hidden=hidden)
    for entry in entries:
        f = figures.get(entry.application_id)
        if f is None:
            continue
        count = entry.sheet_count = f[0]
        entry.trimmed = scoring.is_trimmed(count, method)
        entry.max_points = max((totals.get(r, zero) for r in f[4]), default=zero)
        if count and entry.application_id not in sealed:
            entry.mean = scoring.q2(f[1] / count)
            entry.aggregate = scoring.aggregate_from_sums(
                count=count, total=f[1], lowest=f[2], highest=f[3], method=method
            )
            if entry.max_points:
                entry.percent = scoring.q2(entry.aggregate * 100 / entry.max_points)
    _rank(entries)
    return sorted(entries, key=_sort_key)


def result_rows(
    review_round: ReviewRound,
    entries: list[RankedEntry],
    *,
    every_application: bool = False,
    sealed=frozenset(),
) -> list[ResultRow]:
    """The rows of `entries`, in their order: the applications, their sheets with per-expert
    z-scores, the sheets that deviate from the panel, and the advancement decisions. A fixed
    number of queries; the sheets read are only those of `entries` unless `every_application`
    says they are the whole round. For a page (not every application) z-scores are computed
    only when the edition shows them. A `sealed` application's row lists its sheets and their
    states only: no total, z-score, deviation or decision."""
    settings = settings_for(review_round.edition)
    ids = [e.application_id for e in entries]
    if not ids:
        return []
    decisions = review_round.decisions.order_by()
    if every_application:
        sheets = list(
            active_sheets(review_round)
            .exclude(status=ScoreSheet.Status.VOID)
            .order_by("assignment__expert__name", "id")
            .values(
                "id",
                "status",
                "total",
                "rubric_id",
                "assignment__application_id",
                "assignment__expert_id",
                "assignment__expert__name",
            )
        )
        applications = _application_rows().in_bulk(ids)
    else:
        sheets = _sheets_of(review_round, ids)
        # What the page shows of the applications is in the entries already.
        applications = {
            e.application_id: ApplicationLabel(
                pk=e.application_id,
                reference=e.reference,
                applicant_name=e.applicant_name,
                category=e.category,
            )
            for e in entries
        }
        decisions = decisions.filter(application_id__in=ids)
    if every_application:
        stats = expert_statistics(review_round, leave_out=sealed)
    elif settings.show_normalised:  # the stored statistics of the page's experts
        stats = expert_statistics(
            review_round, {s["assignment__expert_id"] for s in sheets}, leave_out=sealed
        )
    else:  # the page shows no z-score
        stats = {}
    decisions = {d.application_id: d for d in decisions}
    rows: dict[int, ResultRow] = {}
    for e in entries:
        rows[e.application_id] = ResultRow(
            **e.figures(),
            application=applications[e.application_id],
            decision=None if e.application_id in sealed else decisions.get(e.application_id),
            sealed=e.application_id in sealed,
        )
    for s in sheets:
        row = rows.get(s["assignment__application_id"])
        if row is None:
            continue
        who = {
            "sheet_id": s["id"],
            "expert_id": s["assignment__expert_id"],
            "expert_name": s["assignment__expert__name"],
            "status": s["status"],
        }
        if row.sealed:  # who has submitted, not what
            row.sheets.append(SheetCell(**who, total=None))
            continue
        zscore = None
        if s["status"] == ScoreSheet.Status.SUBMITTED:
            statistic = stats.get((s["assignment__expert_id"], s["rubric_id"]), NO_STATISTIC)
            zscore = statistic.zscore(s["total"])
        row.sheets.append(SheetCell(**who, total=s["total"], zscore=zscore))
    for row in rows.values():
        zs = [c.zscore for c in row.sheets if c.zscore is not None]
        row.normalised = round(sum(zs) / len(zs), 2) if zs else None
        by_expert = {c.expert_id: c.total for c in row.sheets if c.total is not None}
        flags = scoring.deviating_experts(
            by_expert, max_points=row.max_points, threshold_percent=settings.deviation_percent
        )
        for cell in row.sheets:
            if cell.expert_id in flags and cell.status == ScoreSheet.Status.SUBMITTED:
                cell.deviation = flags[cell.expert_id]
                row.flagged.append(cell)
    return list(rows.values())


def _sheets_of(review_round: ReviewRound, application_ids) -> list[dict]:
    """The active, not void sheets of some applications of the round, as result_rows() reads
    them for the whole round (same keys, same order: experts' names, then sheets).

    Read in two steps, the applications' assignments, then their sheets by assignment: the
    single join is planned by PostgreSQL as a scan of every sheet of every round."""
    assignments = {
        pk: (application_id, expert_id, name)
        for pk, application_id, expert_id, name in Assignment.objects.filter(
            round=review_round, is_active=True, application_id__in=application_ids
        )
        .order_by("expert__name", "pk")
        .values_list("pk", "application_id", "expert_id", "expert__name")
    }
    # The experts' names as the database orders them (its collation, not Python's).
    name_order: dict[str, int] = {}
    for _application_id, _expert_id, name in assignments.values():
        name_order.setdefault(name, len(name_order))
    sheets = []
    for pk, status, total, rubric_id, assignment_id in (
        ScoreSheet.objects.filter(assignment_id__in=list(assignments))
        .exclude(status=ScoreSheet.Status.VOID)
        .order_by()
        .values_list("pk", "status", "total", "rubric_id", "assignment_id")
    ):
        application_id, expert_id, name = assignments[assignment_id]
        sheets.append(
            {
                "id": pk,
                "status": status,
                "total": total,
                "rubric_id": rubric_id,
                "assignment__application_id": application_id,
                "assignment__expert_id": expert_id,
                "assignment__expert__name": name,
            }
        )
    sheets.sort(key=lambda s: (name_order[s["assignment__expert__name"]], s["id"]))
    return sheets


def _rank(rows) -> None:
    """Rank within organizations and within individuals, by percent then aggregate."""
    by_kind: dict[str, list] = defaultdict(list)
    for row in rows:
        if row.percent is not None:
            by_kind[row.kind].append(row)
    for group in by_kind.values():
        group.sort(key=lambda r: (-r.percent, -r.aggregate, r.reference))
        previous, rank = None, 0
        for position, row in enumerate(group, start=1):
            key = (row.percent, row.aggregate)
            if key != previous:
                rank, previous = position, key
            row.rank = rank


def frozen_results(review_round: ReviewRound) -> QuerySet[RoundResult]:
    return review_round.results.select_related("application__category").order_by(
        "application__category__kind", "rank", "application__reference"
    )


# --- the panel, its assignments and the draw -----------------------------------------------


def panel(review_round: ReviewRound) -> QuerySet[PanelMember]:
    return (
        review_round.members.select_related("expert")
        .annotate(
            load=Count(
                "expert__assignments",
                filter=Q(
                    expert__assignments__round=review_round, expert__assignments__is_active=True
                ),
            )
        )
        .order_by("-is_leader", "expert__name")
    )


def round_assignments(review_round: ReviewRound) -> QuerySet[Assignment]:
    return (
        Assignment.objects.filter(round=review_round)
        .select_related("expert", "application", "sheet")
        .order_by("application__reference", "expert__name")
    )


def verify_draw(draw: PanelDraw) -> bool:
    """Run the recorded draw again from its seed and inputs; True when it matches exactly."""
    inputs = draw.inputs
    try:
        again = scoring.draw(
            seed=draw.seed,
            pool=inputs["pool"],
            applications=inputs["applications"],
            conflicts=[tuple(pair) for pair in inputs["conflicts"]],
            panel_size=inputs["panel_size"],
            per_application=inputs["per_application"],
        )
    except (scoring.DrawError, KeyError, TypeError, ValueError):
        return False
    return again.as_json() == draw.result


# --- feedback --------------------------------------------------------------------------------


@dataclass
class FeedbackRound:
    review_round: ReviewRound
    result: RoundResult | None
    comments: dict[str, dict[str, list[str]]]


def feedback_for(application: Application) -> list[FeedbackRound]:
    """Per closed round: the result and the panel's strengths and opportunities per category,
    without the names of the experts who wrote them."""
    rounds = (
        ReviewRound.objects.filter(
            status=ReviewRound.Status.CLOSED, assignments__application=application
        )
        .distinct()
        .order_by("created_at")
        .prefetch_related(
            Prefetch(
                "results",
                queryset=RoundResult.objects.filter(application=application),
                to_attr="own_results",
            )
        )
    )
    grouped = submitted_comments("round", sheet__assignment__application=application)
    return [
        FeedbackRound(
            review_round=r,
            result=r.own_results[0] if r.own_results else None,
            comments=grouped.get(r.pk, {}),
        )
        for r in rounds
    ]


def submitted_comments(by: str, **filters) -> dict[int, dict[str, dict[str, list[str]]]]:
    """The comments of the submitted sheets of active assignments that match `filters`, by the
    assignment's `by` ("application" or "round") and category: the strengths and the
    opportunities, in the order of the sheets, blank ones left out."""
    key = f"sheet__assignment__{by}_id"
    comments = (
        SheetComment.objects.filter(
            sheet__assignment__is_active=True, sheet__status=ScoreSheet.Status.SUBMITTED, **filters
        )
        .values(key, "category", "strengths", "opportunities")
        .order_by(key, "category", "sheet_id")
    )
    grouped: dict[int, dict[str, dict[str, list[str]]]] = defaultdict(dict)
    for c in comments:
        bucket = grouped[c[key]].setdefault(c["category"], {"strengths": [], "opportunities": []})
        for side in ("strengths", "opportunities"):
            if c[side].strip():
                bucket[side].append(c[side].strip())
    return dict(grouped)


def aggregation_label(method: str) -> str:
    return Aggregation(method).label


def stage_label(stage: str) -> str:
    return Stage(stage).label


def decisions(review_round: ReviewRound) -> QuerySet[AdvancementDecision]:
    return review_round.decisions.select_related("application__category").order_by(
        "-advances", "application__reference"
    )
