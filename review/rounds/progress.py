"""The progress of a round: per expert and per application, the sheets assigned, submitted,
excused and pending, a page at a time. They are read from the counts the sheets' moves keep
(`ExpertProgress`, `RoundTotal`); for a reader some applications are hidden from, counted from
the sheets, one GROUP BY each."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, F, Q, Sum
from django.utils import timezone

from review.models import ExpertProgress, ReviewRound, RoundTotal, ScoreSheet
from review.rounds.selectors import active_sheets


@dataclass
class ProgressRow:
    label: str
    assigned: int
    submitted: int
    excused: int
    pending: int
    late: bool
    object_id: int


def counts(review_round: ReviewRound, *, hidden=frozenset()) -> dict[str, int]:
    """How many sheets, experts and applications the three tables have: from the stored
    counts, or in one pass over the round's sheets when some are hidden."""
    if not hidden:
        figures = RoundTotal.objects.filter(round=review_round, assigned__gt=0).aggregate(
            sheets=Sum("assigned", default=0), applications=Count("id")
        )
        figures["experts"] = ExpertProgress.objects.filter(round=review_round).count()
        return figures
    return (
        active_sheets(review_round)
        .exclude(status=ScoreSheet.Status.VOID)
        .exclude(assignment__application_id__in=hidden)
        .aggregate(
            sheets=Count("id"),
            experts=Count("assignment__expert_id", distinct=True),
            applications=Count("assignment__application_id", distinct=True),
        )
    )


def _progress(review_round: ReviewRound, group_by: str, label: str, hidden):
    """The grouped counts, as a query: the page shows them a page at a time."""
    return (
        active_sheets(review_round)
        .exclude(status=ScoreSheet.Status.VOID)
        .exclude(assignment__application_id__in=hidden)
        .values(group_by, label)
        .annotate(
            assigned=Count("id"),
            submitted=Count("id", filter=Q(status=ScoreSheet.Status.SUBMITTED)),
            excused=Count("id", filter=Q(status=ScoreSheet.Status.EXCUSED)),
        )
        .order_by(label, group_by)
    )


def rows(review_round: ReviewRound, grouped, group_by: str, label: str) -> list[ProgressRow]:
    late = (
        review_round.status == ReviewRound.Status.OPEN
        and timezone.localdate() > review_round.due_date
    )
    found = []
    for row in grouped:
        pending = row["assigned"] - row["submitted"] - row["excused"]
        found.append(
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
    return found


EXPERT = ("assignment__expert_id", "assignment__expert__name")
APPLICATION = ("assignment__application_id", "assignment__application__reference")
STORED_EXPERT = ("expert_id", "expert__name")
STORED_APPLICATION = ("application_id", "application__reference")


def expert_progress(review_round: ReviewRound, *, hidden=frozenset()):
    """The per-expert counts, as a query, and the keys of its rows (see `rows`)."""
    if hidden:
        return _progress(review_round, *EXPERT, hidden), EXPERT
    stored = (
        ExpertProgress.objects.filter(round=review_round)
        .values(*STORED_EXPERT, "assigned", "submitted", "excused")
        .order_by("expert__name", "expert_id")
    )
    return stored, STORED_EXPERT


def application_progress(review_round: ReviewRound, *, hidden=frozenset()):
    """The per-application counts, as a query, and the keys of its rows (see `rows`)."""
    if hidden:
        return _progress(review_round, *APPLICATION, hidden), APPLICATION
    stored = (
        RoundTotal.objects.filter(round=review_round, assigned__gt=0)
        .values(*STORED_APPLICATION, "assigned", "excused", submitted=F("sheet_count"))
        .order_by("application__reference", "application_id")
    )
    return stored, STORED_APPLICATION


def progress_chart(rows: list[ProgressRow]) -> dict:
    return {
        "labels": [r.label for r in rows],
        "submitted": [r.submitted for r in rows],
        "excused": [r.excused for r in rows],
        "pending": [r.pending for r in rows],
    }
