"""Reads of the review: results, progress, feedback. Aggregation runs in the database."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Max, Min, Prefetch, Q, QuerySet, Sum
from django.utils import timezone

from applications.lifecycle import STAGE_OF_STATUS
from applications.models import Application, Stage
from award_portal.accounts.models import User
from review import scoring
from review.models import (
    AdvancementDecision,
    Aggregation,
    Assignment,
    EditionExpert,
    PanelDraw,
    PanelMember,
    ReviewRound,
    ReviewSettings,
    RoundResult,
    RubricItem,
    ScoreSheet,
    SheetComment,
)
from review.permissions import current_assignments

STATUS_OF_STAGE: dict[str, str] = {stage: status for status, stage in STAGE_OF_STATUS.items()}
FINAL_SHEET_STATES = (ScoreSheet.State.SUBMITTED, ScoreSheet.State.EXCUSED)


def settings_for(edition) -> ReviewSettings:
    """The edition's review settings; unsaved defaults when the office has not set them."""
    try:
        return edition.review_settings
    except ReviewSettings.DoesNotExist:
        return ReviewSettings(edition=edition)


def round_applications(review_round: ReviewRound) -> QuerySet[Application]:
    """The applications a round reviews: those in its stage while it is prepared, afterwards
    those that were assigned in it."""
    # The filled-in form (JSON) and the call notice are never read from here; at a province's
    # scale they are most of the rows' bytes.
    qs = Application.objects.select_related("category", "edition").defer(
        "data", "return_notes", "edition__notice_text"
    )
    if review_round.state == ReviewRound.State.PREPARING:
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
    state: str
    total: Decimal | None
    zscore: float | None = None
    deviation: Decimal | None = None


@dataclass
class ResultRow:
    application: Application
    kind: str
    sheet_count: int
    mean: Decimal | None
    aggregate: Decimal | None
    max_points: Decimal
    percent: Decimal | None
    trimmed: bool
    rank: int | None = None
    normalised: float | None = None
    sheets: list[SheetCell] = field(default_factory=list)
    flagged: list[SheetCell] = field(default_factory=list)
    decision: AdvancementDecision | None = None


def round_results(
    review_round: ReviewRound, *, hidden: set[int] | frozenset = frozenset()
) -> list[ResultRow]:
    """Per application: submitted sheets, mean and aggregate (in SQL), rank within its kind,
    per-expert z-scores and the sheets that deviate from the panel. A fixed number of queries."""
    method = review_round.aggregation
    settings = settings_for(review_round.edition)
    submitted = active_sheets(review_round).filter(state=ScoreSheet.State.SUBMITTED)
    sums = {
        row["assignment__application_id"]: row
        for row in submitted.values("assignment__application_id").annotate(
            n=Count("id"), sum_total=Sum("total"), lo=Min("total"), hi=Max("total")
        )
    }
    sheets = list(
        active_sheets(review_round)
        .exclude(state=ScoreSheet.State.VOID)
        .select_related("assignment__expert")
        .order_by("assignment__expert__name", "id")
        .values(
            "id",
            "state",
            "total",
            "rubric_id",
            "assignment__application_id",
            "assignment__expert_id",
            "assignment__expert__name",
        )
    )
    totals = rubric_totals(s["rubric_id"] for s in sheets)
    z = scoring.zscores(
        (s["assignment__expert_id"], s["assignment__application_id"], s["total"])
        for s in sheets
        if s["state"] == ScoreSheet.State.SUBMITTED
    )
    decisions = {d.application_id: d for d in review_round.decisions.all()}
    rows: dict[int, ResultRow] = {}
    for application in round_applications(review_round):
        if application.pk in hidden:
            continue
        agg = sums.get(application.pk)
        count = agg["n"] if agg else 0
        mean = scoring.q2(agg["sum_total"] / count) if count else None
        aggregate = (
            scoring.aggregate_from_sums(
                count=count,
                total=agg["sum_total"],
                lowest=agg["lo"],
                highest=agg["hi"],
                method=method,
            )
            if count
            else None
        )
        rows[application.pk] = ResultRow(
            application=application,
            kind=application.category.kind,
            sheet_count=count,
            mean=mean,
            aggregate=aggregate,
            max_points=Decimal(0),
            percent=None,
            trimmed=scoring.is_trimmed(count, method),
            decision=decisions.get(application.pk),
        )
    for s in sheets:
        row = rows.get(s["assignment__application_id"])
        if row is None:
            continue
        row.max_points = max(row.max_points, totals.get(s["rubric_id"], Decimal(0)))
        row.sheets.append(
            SheetCell(
                sheet_id=s["id"],
                expert_id=s["assignment__expert_id"],
                expert_name=s["assignment__expert__name"],
                state=s["state"],
                total=s["total"],
                zscore=z.get((s["assignment__expert_id"], s["assignment__application_id"])),
            )
        )
    for row in rows.values():
        if row.aggregate is not None and row.max_points:
            row.percent = scoring.q2(row.aggregate * 100 / row.max_points)
        zs = [c.zscore for c in row.sheets if c.zscore is not None]
        row.normalised = round(sum(zs) / len(zs), 2) if zs else None
        by_expert = {c.expert_id: c.total for c in row.sheets if c.total is not None}
        flags = scoring.deviating_experts(
            {k: v for k, v in by_expert.items() if v is not None},
            max_points=row.max_points,
            threshold_percent=settings.deviation_percent,
        )
        for cell in row.sheets:
            if cell.expert_id in flags and cell.state == ScoreSheet.State.SUBMITTED:
                cell.deviation = flags[cell.expert_id]
                row.flagged.append(cell)
    _rank(rows.values())
    return sorted(
        rows.values(),
        key=lambda r: (r.kind, r.rank or 10**6, r.application.reference),
    )


def _rank(rows) -> None:
    """Rank within organizations and within individuals, by percent then aggregate."""
    by_kind: dict[str, list[ResultRow]] = defaultdict(list)
    for row in rows:
        if row.percent is not None:
            by_kind[row.kind].append(row)
    for group in by_kind.values():
        group.sort(key=lambda r: (-r.percent, -r.aggregate, r.application.reference))
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


# --- progress --------------------------------------------------------------------------------


@dataclass
class ProgressRow:
    label: str
    assigned: int
    submitted: int
    excused: int
    pending: int
    late: bool
    object_id: int


def _progress(review_round: ReviewRound, group_by: str, label: str, hidden) -> list[ProgressRow]:
    late = (
        review_round.state == ReviewRound.State.OPEN
        and timezone.localdate() > review_round.due_date
    )
    qs = (
        active_sheets(review_round)
        .exclude(state=ScoreSheet.State.VOID)
        .exclude(assignment__application_id__in=hidden)
        .values(group_by, label)
        .annotate(
            assigned=Count("id"),
            submitted=Count("id", filter=Q(state=ScoreSheet.State.SUBMITTED)),
            excused=Count("id", filter=Q(state=ScoreSheet.State.EXCUSED)),
        )
        .order_by(label)
    )
    rows = []
    for row in qs:
        pending = row["assigned"] - row["submitted"] - row["excused"]
        rows.append(
            ProgressRow(
                label=row[label],
                assigned=row["assigned"],
                submitted=row["submitted"],
                excused=row["excused"],
                pending=pending,
                late=late and pending > 0,
                object_id=row[group_by],
            )
        )
    return rows


def expert_progress(review_round: ReviewRound, *, hidden=frozenset()) -> list[ProgressRow]:
    return _progress(review_round, "assignment__expert_id", "assignment__expert__name", hidden)


def application_progress(review_round: ReviewRound, *, hidden=frozenset()) -> list[ProgressRow]:
    return _progress(
        review_round, "assignment__application_id", "assignment__application__reference", hidden
    )


def progress_chart(rows: list[ProgressRow]) -> dict:
    return {
        "labels": [r.label for r in rows],
        "submitted": [r.submitted for r in rows],
        "excused": [r.excused for r in rows],
        "pending": [r.pending for r in rows],
    }


# --- experts ---------------------------------------------------------------------------------


def expert_dashboard_rows(user: User) -> QuerySet[Assignment]:
    return (
        current_assignments(user)
        .select_related("round", "application__category", "sheet")
        .order_by("round__due_date", "application__reference")
    )


def other_submitted_sheets(sheet: ScoreSheet) -> QuerySet[ScoreSheet]:
    """The panel's other submitted sheets on the same application (shown only after one's own
    sheet is submitted; the view checks that)."""
    assignment = sheet.assignment
    return (
        active_sheets(assignment.round)
        .filter(
            assignment__application_id=assignment.application_id,
            state=ScoreSheet.State.SUBMITTED,
        )
        .exclude(pk=sheet.pk)
        .select_related("assignment__expert")
        .order_by("assignment__expert__name")
    )


def pool(edition) -> QuerySet[EditionExpert]:
    return (
        EditionExpert.objects.filter(edition=edition)
        .select_related("expert__user")
        .annotate(
            conflict_count=Count(
                "expert__conflicts",
                filter=Q(expert__conflicts__application__edition=edition),
                distinct=True,
            )
        )
        .order_by("expert__name")
    )


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
            state=ReviewRound.State.CLOSED, assignments__application=application
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
    comments = (
        SheetComment.objects.filter(
            sheet__assignment__application=application,
            sheet__assignment__is_active=True,
            sheet__state=ScoreSheet.State.SUBMITTED,
        )
        .values("sheet__assignment__round_id", "category", "strengths", "opportunities")
        .order_by("sheet__assignment__round_id", "category", "sheet_id")
    )
    grouped: dict[int, dict[str, dict[str, list[str]]]] = defaultdict(dict)
    for c in comments:
        bucket = grouped[c["sheet__assignment__round_id"]].setdefault(
            c["category"], {"strengths": [], "opportunities": []}
        )
        if c["strengths"].strip():
            bucket["strengths"].append(c["strengths"].strip())
        if c["opportunities"].strip():
            bucket["opportunities"].append(c["opportunities"].strip())
    return [
        FeedbackRound(
            review_round=r,
            result=r.own_results[0] if r.own_results else None,
            comments=grouped.get(r.pk, {}),
        )
        for r in rounds
    ]


def aggregation_label(method: str) -> str:
    return Aggregation(method).label


def stage_label(stage: str) -> str:
    return Stage(stage).label


def decisions(review_round: ReviewRound) -> QuerySet[AdvancementDecision]:
    return review_round.decisions.select_related("application__category").order_by(
        "-advances", "application__reference"
    )
