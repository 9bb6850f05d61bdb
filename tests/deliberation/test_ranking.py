"""Composite score and ranking: weights per kind, the tie-break rule, the minimum score."""

from decimal import Decimal

import pytest

from applications.models import Status
from review.deliberation import selectors
from tests.deliberation.helpers import candidate

pytestmark = pytest.mark.django_db


def test_composite_score_organization_weighs_three_stages(delib_edition, office):
    # Default organization weights: material 40, on-site 40, defense 20.
    app = candidate(delib_edition, office, "甲公司", material=80, onsite=70, defense=90)

    rows = selectors.composite_ranking(delib_edition)["organization"]

    assert [(r.application, r.composite) for r in rows] == [(app, Decimal("78.00"))]


def test_composite_score_individual_has_no_defense(delib_edition, office):
    # Default individual weights: material 50, on-site 50.
    app = candidate(delib_edition, office, "张堃", material=81, onsite=70, individual=True)

    rows = selectors.composite_ranking(delib_edition)["individual"]

    assert [(r.application, r.composite, r.eligible) for r in rows] == [
        (app, Decimal("75.50"), True)
    ]


def test_composite_score_uses_the_editions_weights(delib_edition, office):
    review_settings = delib_edition.review_settings
    review_settings.material_weight_organization = 20
    review_settings.onsite_weight_organization = 30
    review_settings.defense_weight_organization = 50
    review_settings.save()
    app = candidate(delib_edition, office, "甲公司", material=80, onsite=70, defense=90)

    rows = selectors.composite_ranking(delib_edition)["organization"]

    assert [(r.application, r.composite) for r in rows] == [(app, Decimal("82.00"))]


def test_ranking_ties_broken_by_later_stage_then_reference(delib_edition, office):
    # A and B have the same composite (78); B did better in the defense, so B is first.
    a = candidate(delib_edition, office, "甲公司", material=80, onsite=75, defense=80)
    b = candidate(delib_edition, office, "乙公司", material=75, onsite=75, defense=90)
    # C and D tie in every stage: the earlier reference comes first, both marked as tied.
    c = candidate(delib_edition, office, "丙公司", material=70, onsite=70, defense=70)
    d = candidate(delib_edition, office, "丁公司", material=70, onsite=70, defense=70)

    rows = selectors.composite_ranking(delib_edition)["organization"]

    assert [(r.application, r.composite, r.rank, r.tied) for r in rows] == [
        (b, Decimal("78.00"), 1, False),
        (a, Decimal("78.00"), 2, False),
        (c, Decimal("70.00"), 3, True),
        (d, Decimal("70.00"), 4, True),
    ]


def test_ranking_organizations_and_individuals_separately(delib_edition, office):
    org = candidate(delib_edition, office, "甲公司", material=60, onsite=60, defense=60)
    person = candidate(delib_edition, office, "王喆", material=90, onsite=90, individual=True)

    ranking = selectors.composite_ranking(delib_edition)

    assert [(r.application, r.rank) for r in ranking["organization"]] == [(org, 1)]
    assert [(r.application, r.rank) for r in ranking["individual"]] == [(person, 1)]


def test_ranking_below_minimum_is_not_eligible(delib_edition, office):
    good = candidate(delib_edition, office, "甲公司", material=70, onsite=70, defense=70)
    low = candidate(delib_edition, office, "乙公司", material=50, onsite=60, defense=60)

    rows = selectors.composite_ranking(delib_edition)["organization"]

    assert [(r.application, r.composite, r.eligible) for r in rows] == [
        (good, Decimal("70.00"), True),
        (low, Decimal("56.00"), False),
    ]


def test_ranking_without_minimum_everyone_scored_is_eligible(delib_edition, office):
    delib_edition.review_settings.minimum_composite = None
    delib_edition.review_settings.save()
    low = candidate(delib_edition, office, "乙公司", material=10, onsite=10, defense=10)

    rows = selectors.composite_ranking(delib_edition)["organization"]

    assert [(r.application, r.eligible) for r in rows] == [(low, True)]


def test_ranking_missing_stage_result_is_unranked_and_not_eligible(delib_edition, office):
    scored = candidate(delib_edition, office, "甲公司", material=70, onsite=70, defense=70)
    missing = candidate(delib_edition, office, "乙公司", material=90, onsite=90)

    rows = selectors.composite_ranking(delib_edition)["organization"]

    assert [(r.application, r.rank, r.composite, r.eligible) for r in rows] == [
        (scored, 1, Decimal("70.00"), True),
        (missing, None, None, False),
    ]


def test_default_selection_fills_quota_from_the_top(delib_edition, office):
    apps = [
        candidate(delib_edition, office, f"企业{i}", material=90 - i, onsite=90 - i, defense=90 - i)
        for i in range(5)
    ]
    candidate(
        delib_edition,
        office,
        "已淘汰",
        material=99,
        onsite=99,
        defense=99,
        status=Status.ELIMINATED,
    )

    selection = selectors.default_selection(delib_edition)

    assert [r.application for r in selection["organization"]] == apps[:3]
    assert selection["individual"] == []
