"""A round's results, ranked over the whole round and read from stored figures: a closed
round's frozen results, an open round's totals kept by its sheets' moves
(`review.rounds.totals`), both ranked and paged in the database."""

from __future__ import annotations

from django.core.paginator import Page, Paginator
from django.db.models import Case, DecimalField, F, QuerySet, Value, When, Window
from django.db.models.functions import Rank

from review import scoring
from review.models import ReviewRound, RoundResult, RoundTotal
from review.rounds.selectors import RankedEntry, ResultRow, result_rows, unscored_entries

# The stored columns of a result row, each with the RankedEntry field it fills.
FROZEN_FIELDS = {
    "application_id": "application_id",
    "application__reference": "reference",
    "application__applicant_name": "applicant_name",
    "application__category__kind": "kind",
    "application__category__name": "category",
    "sheet_count": "sheet_count",
    "mean": "mean",
    "aggregate": "aggregate",
    "max_points": "max_points",
    "percent": "percent",
    "shown_rank": "rank",
}


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


def stored_entries(review_round: ReviewRound, *, hidden=frozenset(), sealed=frozenset()):
    """The totals kept as the round's sheets moved, in the page's order, as FROZEN_FIELDS rows
    (sliced by the paginator in the database), ranked within their kind by percent then
    aggregate. The `sealed` applications are listed without figures and take no rank; the
    others are ranked among themselves, and so are those left when some are `hidden`."""
    qs = RoundTotal.objects.filter(round=review_round)
    if hidden:
        qs = qs.exclude(application_id__in=hidden)
    percent, aggregate = F("percent"), F("aggregate")
    if sealed:
        percent, aggregate = (
            Case(
                When(application_id__in=sealed, then=Value(None)),
                default=F(name),
                output_field=DecimalField(),
            )
            for name in ("percent", "aggregate")
        )
    qs = qs.annotate(
        shown_rank=Window(
            Rank(),
            partition_by=F("application__category__kind"),
            order_by=[percent.desc(nulls_last=True), aggregate.desc(nulls_last=True)],
        )
    )
    return qs.order_by(
        "application__category__kind", "shown_rank", "application__reference"
    ).values_list(*FROZEN_FIELDS)


def _frozen_entry(row: tuple, method: str, sealed=frozenset()) -> RankedEntry:
    values = dict(zip(FROZEN_FIELDS.values(), row, strict=True))
    if values["application_id"] in sealed:
        values.update(mean=None, aggregate=None, percent=None)
    if values["percent"] is None:  # unranked: the rows without figures share the last rank
        values["rank"] = None
    return RankedEntry(**values, trimmed=scoring.is_trimmed(values["sheet_count"], method))


def _preparing_entries(review_round: ReviewRound, *, hidden=frozenset()) -> list[RankedEntry]:
    """A round being prepared has no score yet: the applications in its stage, with the full
    marks of the sheets drawn for them, unranked."""
    max_points = dict(
        RoundTotal.objects.filter(round=review_round).values_list("application_id", "max_points")
    )
    entries = unscored_entries(review_round, hidden=hidden, max_points=max_points)
    return sorted(entries, key=lambda e: (e.kind, e.reference))


def round_entries(
    review_round: ReviewRound, *, hidden=frozenset(), sealed=frozenset()
) -> list[RankedEntry]:
    """Every application's stored figures in the round, ranked and in the page's order."""
    if review_round.status == ReviewRound.Status.PREPARING:
        return _preparing_entries(review_round, hidden=hidden)
    return [
        _frozen_entry(row, review_round.aggregation, sealed)
        for row in stored_entries(review_round, hidden=hidden, sealed=sealed)
    ]


def round_results(review_round: ReviewRound, *, hidden=frozenset()) -> list[ResultRow]:
    """Per application, from the stored figures: submitted sheets, mean and aggregate, rank
    within its kind, per-expert z-scores and the sheets that deviate from the panel. A fixed
    number of queries."""
    return result_rows(
        review_round, round_entries(review_round, hidden=hidden), every_application=True
    )


def round_results_page(
    review_round: ReviewRound,
    *,
    hidden=frozenset(),
    sealed=frozenset(),
    number=None,
    per_page: int = 50,
) -> Page:
    """One page of the results, ranked over the whole round: a closed round's frozen results,
    an open round's stored totals (or a closed round's, when it was closed before results were
    frozen), both paged in the database. Sheets, z-scores and deviations are read for the
    page's applications only. `sealed` applications are listed without figures and ranked
    with none. The page's object_list holds ResultRows."""
    page = None
    # A closed round has no sheet left to submit, so nothing is sealed in it; were anything
    # sealed, its frozen ranks would tell, so the figures are ranked as on an open round.
    if review_round.status == ReviewRound.Status.CLOSED and not sealed:
        page = _paged(
            frozen_entries(review_round, hidden=hidden),
            RoundResult.objects.filter(round=review_round),
            hidden,
            number,
            per_page,
        )
    if page is not None:
        shown = [_frozen_entry(row, review_round.aggregation) for row in page.object_list]
    elif review_round.status == ReviewRound.Status.PREPARING:
        page = Paginator(_preparing_entries(review_round, hidden=hidden), per_page).get_page(number)
        shown = list(page.object_list)
    else:
        page = _paged(
            stored_entries(review_round, hidden=hidden, sealed=sealed),
            RoundTotal.objects.filter(round=review_round),
            hidden,
            number,
            per_page,
            empty=True,
        )
        shown = [_frozen_entry(row, review_round.aggregation, sealed) for row in page.object_list]
    page.object_list = result_rows(review_round, shown, sealed=sealed)
    return page


def _paged(rows: QuerySet, counted: QuerySet, hidden, number, per_page, *, empty=False):
    """A page of `rows`, counted without the joins the page's order needs; None when there
    is no row (unless `empty`)."""
    paginator = Paginator(rows, per_page)
    if hidden:
        counted = counted.exclude(application_id__in=hidden)
    paginator.count = counted.count()
    if not paginator.count and not empty:
        return None
    return paginator.get_page(number)
