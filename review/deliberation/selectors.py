"""Reads of deliberation: the composite score and ranking, the lists, the publicity of the
proposed winners. Each a fixed number of queries."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from applications.models import Application, Edition, Stage, Status
from award_portal.accounts.models import ApplicantKind
from publicity.models import PublicityEntry, PublicityWindow, WindowKind
from review.models import (
    DeliberationEvent,
    LeadershipDecision,
    Proposal,
    ProposedList,
    ReviewRound,
    RoundResult,
)
from review.pool.selectors import settings_for

# Applications that reached deliberation, whatever happened to them afterwards.
REACHED_DELIBERATION = (
    Status.DELIBERATION,
    Status.PROPOSED,
    Status.APPROVED,
    Status.DISQUALIFIED,
    Status.AWARDED,
    Status.REVOKED,
)
# Statuses that hold one of the quota's places.
HOLDING_A_PLACE = (Status.PROPOSED, Status.APPROVED, Status.AWARDED)
WINNER_WINDOW_KINDS = (WindowKind.PROPOSED, WindowKind.SUBSTITUTE)
KINDS = (ApplicantKind.ORGANIZATION, ApplicantKind.INDIVIDUAL)

# Later stages weigh more in a tie: the defense is the last and closest look at an organization.
TIE_BREAK_STAGES = (Stage.DEFENSE, Stage.ONSITE_REVIEW, Stage.MATERIAL_REVIEW)
TIE_BREAK_RULE = gettext_lazy(
    "综合得分相同的，依次比较陈述答辩（仅组织）、现场评审、材料评审的得分率，高者在前；"
    "各阶段得分率均相同的，按申报编号先后排列，并标注“同分”，由市质量强市办提请领导小组审议时说明。"
)
CENT = Decimal("0.01")


def q2(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


@dataclass
class CompositeRow:
    application: Application
    kind: str
    scores: dict[str, Decimal | None]
    weights: dict[str, Decimal]
    composite: Decimal | None
    complete: bool
    eligible: bool = False
    rank: int | None = None
    tied: bool = False
    stage_cells: list = field(default_factory=list)

    @property
    def status(self) -> str:
        return self.application.status


def composite_score(scores: dict[str, Decimal | None], weights: dict[str, Decimal]):
    """The weighted sum of the stage scores (得分率, 0–100) with weights in percent; None when a
    weighted stage has no score."""
    total = Decimal(0)
    for stage, weight in weights.items():
        score = scores.get(stage)
        if score is None:
            if weight:
                return None
            continue
        total += score * weight / 100
    return q2(total)


def _tie_key(row: CompositeRow) -> tuple:
    return tuple(-(row.scores.get(stage) or Decimal(-1)) for stage in TIE_BREAK_STAGES)


def rank_rows(rows: list[CompositeRow]) -> list[CompositeRow]:
    """Rank one kind's rows by composite score with the documented tie-break (TIE_BREAK_RULE).
    Ranks are positions 1, 2, 3 …; rows without a composite score come last, unranked."""
    scored = [r for r in rows if r.composite is not None]
    unscored = [r for r in rows if r.composite is None]
    scored.sort(key=lambda r: (-r.composite, *_tie_key(r), r.application.reference))
    for position, row in enumerate(scored, start=1):
        row.rank = position
    for before, after in zip(scored, scored[1:], strict=False):
        if before.composite == after.composite and _tie_key(before) == _tie_key(after):
            before.tied = after.tied = True
    unscored.sort(key=lambda r: r.application.reference)
    return scored + unscored


def deliberation_applications(edition: Edition) -> QuerySet[Application]:
    return (
        Application.objects.filter(edition=edition)
        .filter(
            Q(status__in=REACHED_DELIBERATION)
            | Q(status=Status.ELIMINATED, eliminated_stage=Stage.DELIBERATION)
        )
        .select_related("category", "unit")
        .order_by("reference")
    )


def _stage_scores(edition: Edition, applications) -> dict[int, dict[str, Decimal]]:
    """{application: {stage: 得分率}} from the closed rounds, for `applications` (keys or a
    query of them)."""
    results = RoundResult.objects.filter(
        round__edition=edition,
        round__status=ReviewRound.Status.CLOSED,
        application__in=applications,
    ).values_list("application_id", "round__stage", "percent")
    scores: dict[int, dict[str, Decimal]] = defaultdict(dict)
    for application_id, stage, percent in results:
        scores[application_id][stage] = percent
    return scores


def composite_scores(edition: Edition) -> list[Decimal | None]:
    """The composite score of every application that reached deliberation (as
    `composite_ranking` has them), without loading the applications."""
    review_settings = settings_for(edition)
    kinds = dict(deliberation_applications(edition).values_list("pk", "category__kind"))
    scores = _stage_scores(edition, deliberation_applications(edition).values("pk"))
    composites = []
    for pk, kind in kinds.items():
        weights = review_settings.weights(kind)
        composites.append(composite_score({s: scores[pk].get(s) for s in weights}, weights))
    return composites


# What the ranking's pages show of an application: a ranking to read only loads no more.
SHOWN_FIELDS = ("reference", "applicant_name", "status", "category__name", "category__kind")


def composite_ranking(edition: Edition, *, to_show: bool = False) -> dict[str, list[CompositeRow]]:
    """Per kind (organization, individual): every application that reached deliberation with its
    stage scores from the closed rounds, its composite score, rank and eligibility for a place
    (every weighted stage scored and the composite at least the edition's minimum). With
    `to_show`, the applications carry only what the pages show (`SHOWN_FIELDS`): a ranking for
    a page, never one whose applications are moved."""
    review_settings = settings_for(edition)
    minimum = review_settings.minimum_composite
    applications = deliberation_applications(edition)
    if to_show:
        applications = applications.select_related(None).select_related("category")
        applications = applications.only(*SHOWN_FIELDS)
    applications = list(applications)
    scores = _stage_scores(edition, [a.pk for a in applications])
    by_kind: dict[str, list[CompositeRow]] = {kind: [] for kind in KINDS}
    for application in applications:
        kind = application.category.kind
        weights = review_settings.weights(kind)
        own = {stage: scores[application.pk].get(stage) for stage in weights}
        composite = composite_score(own, weights)
        row = CompositeRow(
            application=application,
            kind=kind,
            scores=own,
            weights=weights,
            composite=composite,
            complete=composite is not None,
        )
        row.eligible = composite is not None and (minimum is None or composite >= minimum)
        row.stage_cells = [
            (Stage(stage).label, own.get(stage), weight) for stage, weight in weights.items()
        ]
        by_kind.setdefault(kind, []).append(row)
    return {kind: rank_rows(rows) for kind, rows in by_kind.items()}


def places_held(edition: Edition, kind: str) -> int:
    return Application.objects.filter(
        edition=edition, category__kind=kind, status__in=HOLDING_A_PLACE
    ).count()


def open_places(edition: Edition) -> dict[str, int]:
    held = dict(
        Application.objects.filter(edition=edition, status__in=HOLDING_A_PLACE)
        .values_list("category__kind")
        .annotate(n=Count("id"))
    )
    return {kind: max(edition.quota_for(kind) - held.get(kind, 0), 0) for kind in KINDS}


def candidates(ranking: dict[str, list[CompositeRow]], kind: str) -> list[CompositeRow]:
    """Who may still get a place, best first: eligible and still in deliberation."""
    return [r for r in ranking.get(kind, []) if r.eligible and r.status == Status.DELIBERATION]


def default_selection(edition: Edition, ranking=None, places=None) -> dict[str, list[CompositeRow]]:
    """The best eligible candidates of each kind for the open places (the rest stay vacant)."""
    ranking = ranking if ranking is not None else composite_ranking(edition)
    places = places if places is not None else open_places(edition)
    return {kind: candidates(ranking, kind)[: places[kind]] for kind in KINDS}


def next_substitute(edition: Edition, kind: str) -> CompositeRow | None:
    """The next-highest eligible application of `kind` (递补), or None when none is left."""
    rows = candidates(composite_ranking(edition), kind)
    return rows[0] if rows else None


# --- lists ---------------------------------------------------------------------------------------


def lists_of(edition: Edition) -> QuerySet[ProposedList]:
    return (
        ProposedList.objects.filter(edition=edition)
        .select_related("decision", "window", "created_by")
        .prefetch_related(
            Prefetch(
                "proposals",
                queryset=Proposal.objects.select_related(
                    "application__category", "replaces__application"
                ).order_by("kind", "rank"),
            )
        )
        .order_by("created_at", "id")
    )


def draft_list(edition: Edition) -> ProposedList | None:
    return ProposedList.objects.filter(edition=edition, status=ProposedList.Status.DRAFT).first()


def has_approved_original(edition: Edition) -> bool:
    return ProposedList.objects.filter(
        edition=edition, kind=ProposedList.Kind.ORIGINAL, status=ProposedList.Status.APPROVED
    ).exists()


def latest_approved_proposal(application: Application) -> Proposal | None:
    return (
        Proposal.objects.filter(
            application=application,
            proposed_list__status=ProposedList.Status.APPROVED,
            proposed_list__decision__outcome=LeadershipDecision.Outcome.APPROVED,
        )
        .order_by("-proposed_list__created_at", "-id")
        .first()
    )


def events_of(edition: Edition) -> QuerySet[DeliberationEvent]:
    return (
        DeliberationEvent.objects.filter(edition=edition)
        .select_related("application", "actor")
        .order_by("at", "id")
    )


# --- publicity of the winners -------------------------------------------------------------------


def winner_entries(application: Application) -> QuerySet[PublicityEntry]:
    return PublicityEntry.objects.filter(
        application=application, window__kind__in=WINNER_WINDOW_KINDS
    ).exclude(window__status__in=[PublicityWindow.Status.DRAFT, PublicityWindow.Status.WITHDRAWN])


def publicity_problem(application: Application) -> str | None:
    """Why `application` has not passed the proposed-winner publicity, or None when it has:
    it was on a published list, the window ran its full length and closed with every objection
    decided, and no objection against it was upheld."""
    entries = list(winner_entries(application).select_related("window"))
    if not entries:
        return _("“%(name)s”尚未列入拟获奖名单公示。") % {"name": application.applicant_name}
    if any(e.objection_upheld for e in entries):
        return _("对“%(name)s”的异议已成立。") % {"name": application.applicant_name}
    for entry in entries:
        window = entry.window
        if window.status == PublicityWindow.Status.CLOSED and window.outcome_fired_at:
            return None
    return _("“%(name)s”的公示期尚未结束或异议尚未办结。") % {"name": application.applicant_name}


def unfinished_winner_windows(edition: Edition) -> QuerySet[PublicityWindow]:
    return PublicityWindow.objects.filter(edition=edition, kind__in=WINNER_WINDOW_KINDS).filter(
        Q(status=PublicityWindow.Status.PUBLISHED)
        | Q(status=PublicityWindow.Status.CLOSED, outcome_fired_at__isnull=True)
    )


def winners_publicized_problem(edition: Edition) -> str | None:
    """Deliberation ends once the leadership group approved the list, every approved winner
    passed its publicity, and no list or window is still pending."""
    if draft_list(edition) is not None:
        return _("有名单尚待领导小组审议。")
    reached = deliberation_applications(edition).exists()
    if reached and not has_approved_original(edition):
        return _("拟获奖建议名单尚未经领导小组审议通过。")
    if unfinished_winner_windows(edition).exists():
        return _("拟获奖名单公示尚未结束，或公示收到的异议尚未全部办结。")
    pending = [
        application.applicant_name
        for application in Application.objects.filter(edition=edition, status=Status.APPROVED)
        if publicity_problem(application)
    ]
    if pending:
        return _("以下拟获奖名单尚未完成公示：%(names)s。") % {"names": "、".join(pending)}
    return None
