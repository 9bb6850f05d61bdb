"""Reads of the award: the winners, the certificates, the commendation notices and the
edition's statistics. Each a fixed number of queries."""

from __future__ import annotations

from collections import Counter
from decimal import Decimal

from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext as _

from applications.models import (
    Application,
    ApplicationEvent,
    ApplicationRow,
    Category,
    Edition,
    Stage,
    Status,
)
from award_portal.accounts.models import ApplicantKind
from review.deliberation.selectors import composite_scores
from review.models import (
    REVIEW_STAGES,
    AdvancementDecision,
    Certificate,
    CommendationNotice,
    ReviewRound,
    RoundResult,
)


def winners(edition: Edition) -> QuerySet[Application]:
    """The awarded (and later revoked) applications, organizations first, by certificate."""
    return (
        Application.objects.filter(edition=edition, status__in=[Status.AWARDED, Status.REVOKED])
        .select_related("category", "unit", "certificate", "revocation")
        .order_by("category__kind", "certificate__number")
    )


def approved_applications(edition: Edition) -> QuerySet[Application]:
    return (
        Application.objects.filter(edition=edition, status=Status.APPROVED)
        .select_related("category", "unit")
        .order_by("category__kind", "reference")
    )


def find_certificate(number: str) -> Certificate | None:
    number = (number or "").strip().upper()
    if not number:
        return None
    return (
        Certificate.objects.filter(number=number)
        .select_related("application__revocation", "application__edition")
        .first()
    )


def published_notices() -> QuerySet[CommendationNotice]:
    return CommendationNotice.objects.select_related("edition").order_by("-issued_on", "-id")


# --- statistics ----------------------------------------------------------------------------------

BINS = [(0, 60), (60, 70), (70, 80), (80, 90), (90, 101)]
BIN_LABELS = ["<60", "60–69", "70–79", "80–89", "≥90"]


def _bin(value: Decimal | None) -> int | None:
    if value is None:
        return None
    for index, (low, high) in enumerate(BINS):
        if low <= value < high:
            return index
    return None


def _rate(passed: int, entered: int) -> float:
    return round(passed * 100 / entered, 1) if entered else 0.0


def _filed_counts(edition: Edition) -> tuple[Counter, list[tuple[str, int]]]:
    """Filed applications (submitted once, or moved on by the lifecycle since: drafts never
    are) per category and per unit name, in one query over the lists' narrow rows."""
    filed = (
        ApplicationRow.objects.filter(edition=edition)
        .filter(
            Q(submitted_at__isnull=False)
            | ~Q(application_status__in=[Status.DRAFT, Status.WITHDRAWN])
        )
        .order_by()
        .values_list("category_id", "unit_name")
        .annotate(n=Count("*"))
    )
    per_category: Counter = Counter()
    per_unit: Counter = Counter()
    for category_id, unit_name, n in filed:
        per_category[category_id] += n
        per_unit[unit_name] += n
    # The most first; by name among equals, the applications of no unit last.
    order = sorted(per_unit.items(), key=lambda item: (-item[1], not item[0], item[0]))
    return per_category, order


def _score_distribution(edition: Edition, composites) -> dict:
    """How many results of the closed rounds fall in each bin, per stage, counted in the
    database; then how many of the composite scores `composites` fall in each."""
    bins = {
        f"bin{index}": Count("id", filter=Q(percent__gte=low, percent__lt=high))
        for index, (low, high) in enumerate(BINS)
    }
    counted = {
        row.pop("round__stage"): row
        for row in RoundResult.objects.filter(
            round__edition=edition, round__status=ReviewRound.Status.CLOSED
        )
        .order_by()
        .values("round__stage")
        .annotate(**bins)
    }
    distribution = {}
    for stage in REVIEW_STAGES:
        row = counted.get(stage, {})
        distribution[str(Stage(stage).label)] = [
            row.get(f"bin{index}", 0) for index in range(len(BINS))
        ]
    composite_bins = [0] * len(BINS)
    for composite in composites:
        index = _bin(composite)
        if index is not None:
            composite_bins[index] += 1
    distribution[_("综合得分")] = composite_bins
    return distribution


def edition_statistics(edition: Edition) -> dict:
    """Numbers of the edition as plain JSON: applications per category and unit, how many
    entered and passed each stage, the distribution of stage and composite scores."""
    categories = {c.pk: c.name for c in Category.objects.all()}
    per_category, per_unit = _filed_counts(edition)
    submitted = sum(per_category.values())
    composites = composite_scores(edition)  # one per application that reached deliberation
    reached = Counter(
        dict(
            ApplicationEvent.objects.filter(
                application__edition=edition, to_status__in=[Status.RECOMMENDED, Status.ACCEPTED]
            )
            .values_list("to_status")
            .annotate(n=Count("application", distinct=True))
            .order_by()
        )
    )
    decided = {
        (row["round__stage"]): row
        for row in AdvancementDecision.objects.filter(round__edition=edition)
        .values("round__stage")
        .annotate(entered=Count("id"), passed=Count("id", filter=Q(advances=True)))
        .order_by()
    }
    stages = [
        {"label": _("初核推荐"), "entered": submitted, "passed": reached[Status.RECOMMENDED]},
        {
            "label": _("审查受理"),
            "entered": reached[Status.RECOMMENDED],
            "passed": reached[Status.ACCEPTED],
        },
    ]
    for stage in REVIEW_STAGES:
        row = decided.get(stage, {"entered": 0, "passed": 0})
        stages.append(
            {"label": str(Stage(stage).label), "entered": row["entered"], "passed": row["passed"]}
        )
    outcomes = Counter(
        dict(
            Application.objects.filter(edition=edition, status__in=[Status.AWARDED, Status.REVOKED])
            .values_list("status")
            .annotate(n=Count("id"))
            .order_by()
        )
    )
    stages.append(
        {
            "label": _("审议公示"),
            "entered": len(composites),
            "passed": outcomes[Status.AWARDED] + outcomes[Status.REVOKED],
        }
    )
    for row in stages:
        row["rate"] = _rate(row["passed"], row["entered"])

    awarded = Counter(
        dict(
            Application.objects.filter(edition=edition, status=Status.AWARDED)
            .values_list("category__kind")
            .annotate(n=Count("id"))
            .order_by()
        )
    )
    return {
        "edition": edition.name,
        "totals": {
            "submitted": submitted,
            "awarded_organizations": awarded[ApplicantKind.ORGANIZATION],
            "awarded_individuals": awarded[ApplicantKind.INDIVIDUAL],
            "organization_quota": edition.organization_quota,
            "individual_quota": edition.individual_quota,
            "revoked": outcomes[Status.REVOKED],
        },
        "categories": {
            "labels": [categories.get(pk, "—") for pk in sorted(per_category)],
            "values": [per_category[pk] for pk in sorted(per_category)],
        },
        "units": {
            "labels": [name or _("（无推荐单位）") for name, _n in per_unit],
            "values": [n for _name, n in per_unit],
        },
        "stages": {
            "labels": [row["label"] for row in stages],
            "entered": [row["entered"] for row in stages],
            "passed": [row["passed"] for row in stages],
            "rates": [row["rate"] for row in stages],
        },
        "scores": {"bins": BIN_LABELS, "series": _score_distribution(edition, composites)},
    }


def statistics_for(edition: Edition) -> dict:
    """The archived statistics of a closed edition; live numbers otherwise."""
    archive = getattr(edition, "archive", None) if edition.stage == Stage.CLOSED else None
    if archive is not None:
        return archive.statistics
    return edition_statistics(edition)
