"""One page of a round's results, ranked over the whole round: a closed round's frozen results
paged in the database, an open round's computed from its sheets."""

from __future__ import annotations

from django.core.paginator import Page, Paginator
from django.db.models import F, QuerySet, Window
from django.db.models.functions import Rank

from review import scoring
from review.models import ReviewRound, RoundResult
from review.rounds.selectors import RankedEntry, live_entries, result_rows

FROZEN_FIELDS = (
    "application_id",
    "application__reference",
    "application__applicant_name",
    "application__category__kind",
    "application__category__name",
    "sheet_count",
    "mean",
    "aggregate",
    "max_points",
    "percent",
    "shown_rank",
)


def frozen_entries(review_round: ReviewRound, *, hidden=frozenset()) -> QuerySet:
    """The results frozen when the round closed, in the page's order, as FROZEN_FIELDS rows
    (sliced by the paginator in the database). Ranks are the frozen ones, unless some
    applications are hidden from the reader: then the rest are ranked among themselves, as
    on an open round (same percent and aggregate, same rank)."""
    qs = RoundResult.objects.filter(round=review_round)
    if hidden:
        qs = qs.exclude(application_id__in=hidden).annotate(
            shown_rank=Window(
                Rank(),
                partition_by=F("application__category__kind"),
                order_by=[F("percent").desc(), F("aggregate").desc()],
            )
        )
    else:
        qs = qs.annotate(shown_rank=F("rank"))
    return qs.order_by(
        "application__category__kind", "shown_rank", "application__reference"
    ).values_list(*FROZEN_FIELDS)


def _frozen_entry(row: tuple, method: str) -> RankedEntry:
    values = dict(zip(FROZEN_FIELDS, row, strict=True))
    return RankedEntry(
        application_id=values["application_id"],
        reference=values["application__reference"],
        applicant_name=values["application__applicant_name"],
        kind=values["application__category__kind"],
        category=values["application__category__name"],
        sheet_count=values["sheet_count"],
        mean=values["mean"],
        aggregate=values["aggregate"],
        max_points=values["max_points"],
        percent=values["percent"],
        trimmed=scoring.is_trimmed(values["sheet_count"], method),
        rank=values["shown_rank"],
    )


def round_results_page(
    review_round: ReviewRound,
    *,
    hidden=frozenset(),
    sealed=frozenset(),
    number=None,
    per_page: int = 50,
) -> tuple[Page, list[RankedEntry] | None]:
    """One page of the results, ranked over the whole round: a closed round's frozen results
    (paged in the database), an open round's computed from its sheets (or a closed round's,
    when it was closed before results were frozen). Sheets, z-scores and deviations are read
    for the page's applications only. `sealed` applications are listed without figures and
    ranked with none (see `live_entries`). Returns the page, whose object_list holds
    ResultRows, and, when they were computed, every ranked entry of the round in order (else
    None)."""
    entries = None
    page = None
    # A closed round has no sheet left to submit, so nothing is sealed in it; were anything
    # sealed, its frozen ranks would tell, so the figures are computed as on an open round.
    if review_round.status == ReviewRound.Status.CLOSED and not sealed:
        paginator = Paginator(frozen_entries(review_round, hidden=hidden), per_page)
        # Counted without the joins the page's order needs.
        counted = RoundResult.objects.filter(round=review_round)
        if hidden:
            counted = counted.exclude(application_id__in=hidden)
        paginator.count = counted.count()
        page = paginator.get_page(number)
        if page.paginator.count:
            shown = [_frozen_entry(row, review_round.aggregation) for row in page.object_list]
        else:
            page = None
    if page is None:
        entries = live_entries(review_round, hidden=hidden, sealed=sealed)
        page = Paginator(entries, per_page).get_page(number)
        shown = list(page.object_list)
    page.object_list = result_rows(review_round, shown, sealed=sealed)
    return page, entries
