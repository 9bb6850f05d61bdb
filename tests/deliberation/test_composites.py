"""The stored composite ranking (`CompositeScore`): equal to a recomputation after every move
that changes it, and shown in exactly the order of the ranking computed in Python."""

from decimal import Decimal

import pytest
from django.urls import reverse

from applications.lifecycle import advance_edition
from applications.models import Application, Stage, Status
from review.deliberation import composites, selectors
from review.deliberation import services as deliberation
from review.models import CompositeScore, ReviewSettings
from review.pool.services import update_settings
from review.rubrics.services import load_rubrics
from tests.deliberation.helpers import candidate
from tests.deliberation.test_journey import _run_round
from tests.review.helpers import make_applications, make_pool, set_stage

pytestmark = [pytest.mark.django_db, pytest.mark.now("2026-11-16")]


def _page_order(client, kind_param: str, page: int) -> list[str]:
    response = client.get(reverse("review:deliberation"), {kind_param: page})
    section = response.context["sections"][0 if kind_param == "organizations" else 1][2]
    return [(r.application.reference, r.rank, r.tied, r.composite) for r in section.object_list]


def _python_order(edition, kind: str) -> list:
    return [
        (r.application.reference, r.rank, r.tied, r.composite)
        for r in selectors.composite_ranking(edition)[kind]
    ]


def test_stored_equals_recomputed_after_every_move_that_changes_it(edition, office):
    load_rubrics()
    set_stage(edition, Stage.MATERIAL_REVIEW)
    ReviewSettings.objects.create(
        edition=edition, panel_size=5, experts_per_application=5, minimum_composite=Decimal("60")
    )
    apps = make_applications(edition, organizations=4, individuals=2)
    make_pool(edition, 5)
    fractions = {app.pk: 0.9 - 0.05 * i for i, app in enumerate(apps)}
    fractions[apps[3].pk] = 0.4
    for seed in ("material", "onsite", "defense"):
        # A round's close stores its results; its advancement moves the applications on (into
        # deliberation after the defense).
        lift = 0.05 if seed == "defense" else 0  # the defense scores better than the rest
        _run_round(edition, office, {pk: f + lift for pk, f in fractions.items()}, seed)
        assert composites.composite_differences(edition) == []
        advance_edition(edition=edition, actor=office)
    assert CompositeScore.objects.filter(edition=edition).count() == len(apps)
    before = dict(CompositeScore.objects.values_list("application_id", "composite"))

    # The weights change: every composite score follows.
    update_settings(
        edition=edition,
        actor=office,
        changes={
            "material_weight_organization": Decimal(20),
            "onsite_weight_organization": Decimal(20),
            "defense_weight_organization": Decimal(60),
        },
    )
    assert composites.composite_differences(edition) == []
    after = dict(CompositeScore.objects.values_list("application_id", "composite"))
    assert after[apps[0].pk] != before[apps[0].pk]

    # Applications move in deliberation: proposed, then the others eliminated at its end.
    deliberation.draft_proposed_list(edition=edition, actor=office, summary="经综合评审提出。")
    assert composites.composite_differences(edition) == []
    statuses = set(CompositeScore.objects.values_list("application_status", flat=True))
    assert Status.PROPOSED in statuses


def test_an_application_leaving_deliberation_leaves_the_ranking(delib_edition, office):
    app = candidate(delib_edition, office, "甲公司", material=80, onsite=70, defense=90)
    assert CompositeScore.objects.filter(application=app).exists()

    # Set-up only (no move leads out of deliberation): the row follows the status.
    Application.objects.filter(pk=app.pk).update(status=Status.DEFENSE)
    composites.refresh_composites([app.pk])

    assert not CompositeScore.objects.filter(application=app).exists()
    assert composites.composite_differences(delib_edition) == []


def test_page_order_equals_the_python_ranking(delib_edition, office, client):
    # 56 organizations over two pages: ties in composite broken by stage, full ties (同分)
    # across the page break, rows without a composite score last; individuals too.
    for i in range(56):
        score = 90 - (i // 3)  # three of a kind
        defense = None if i % 11 == 10 else score - (i % 3 == 0)
        candidate(delib_edition, office, f"企业{i}", material=score, onsite=score, defense=defense)
    for i in range(3):
        candidate(delib_edition, office, f"个人{i}", material=70, onsite=60 + i, individual=True)
    client.force_login(office)

    pages = _page_order(client, "organizations", 1) + _page_order(client, "organizations", 2)

    assert pages == _python_order(delib_edition, "organization")
    assert _page_order(client, "individuals", 1) == _python_order(delib_edition, "individual")
    assert composites.composite_differences(delib_edition) == []


def test_draft_form_offers_the_best_candidates_ranked_as_the_ranking(delib_edition, office, client):
    apps = [
        candidate(delib_edition, office, f"企业{i}", material=90 - i, onsite=90, defense=90)
        for i in range(5)
    ]
    # A place already held ranks above the candidates and counts in their ranks.
    Application.objects.filter(pk=apps[0].pk).update(status=Status.PROPOSED)
    composites.refresh_composites([apps[0].pk])
    client.force_login(office)

    form = client.get(reverse("review:deliberation")).context["draft_form"]

    ranking = selectors.composite_ranking(delib_edition)
    expected = [
        (str(r.application.pk), r.rank) for r in selectors.candidates(ranking, "organization")
    ]
    offered = [(value, label) for value, label in form.fields["applications"].choices]
    assert [value for value, _label in offered] == [pk for pk, _rank in expected]
    assert all(
        f"第{rank}名" in label for (_v, label), (_p, rank) in zip(offered, expected, strict=True)
    )
