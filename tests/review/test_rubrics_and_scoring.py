"""Rubrics as versioned data, the scoring arithmetic and the reproducible draw."""

from decimal import Decimal

import pytest
from django.urls import reverse

from review import scoring
from review.errors import ReviewError
from review.models import PanelDraw, Rubric
from review.rounds import selectors, services
from review.rubrics import services as rubric_services
from review.rubrics.services import GBT19580_CATEGORY_TOTALS, GBT19580_CODE, load_rubrics
from tests.review.factories import ExpertUserFactory
from tests.review.helpers import make_applications, make_pool, open_round


@pytest.mark.django_db
def test_gbt19580_fixture_sums_to_1000_with_design_category_totals():
    load_rubrics()

    rubric = Rubric.objects.get(code=GBT19580_CODE, version=1)
    items = list(rubric.items.all())
    totals: dict[str, Decimal] = {}
    for item in items:
        totals[item.category] = totals.get(item.category, Decimal(0)) + item.points

    assert len(items) == 23
    assert sum(i.points for i in items) == Decimal(1000)
    assert totals == GBT19580_CATEGORY_TOTALS
    assert {i.kind for i in items if i.category == "结果"} == {"result"}
    assert {i.kind for i in items if i.category != "结果"} == {"process"}
    assert rubric.status == Rubric.Status.PUBLISHED
    assert rubric.band_percent == Decimal(5)


@pytest.mark.django_db
def test_load_rubrics_is_idempotent():
    first = load_rubrics()

    second = load_rubrics()

    assert first == {"rubrics": 4}
    assert second == {"rubrics": 0}
    assert Rubric.objects.count() == 4


@pytest.mark.django_db
def test_shipped_rubrics_for_individuals_and_teams_total_100(rubrics):
    for code in ("individual", "team"):
        rubric = Rubric.objects.get(code=code)
        assert sum(i.points for i in rubric.items.all()) == Decimal(100)


@pytest.mark.django_db
def test_new_rubric_version_leaves_used_version_unchanged(review_edition, office):
    make_applications(review_edition, organizations=1)
    make_pool(review_edition, 5)
    review_round = open_round(review_edition, office)
    used = review_round.organization_rubric
    before = list(used.items.values_list("code", "points"))
    csv_text = (
        "code,category,item,points,kind\n4.1.2,领导,高层领导的作用,60,process\n"
        "4.7.2,结果,产品和服务结果,40,result\n"
    )

    draft = rubric_services.import_rubric_version(
        actor=office,
        code=used.code,
        name=used.name,
        applies_to=used.applies_to,
        text=csv_text,
        band_percent=Decimal(5),
    )
    published = rubric_services.publish_rubric(rubric=draft, actor=office)

    assert (published.version, published.status) == (2, Rubric.Status.PUBLISHED)
    assert list(used.items.values_list("code", "points")) == before
    assert review_round.assignments.first().sheet.rubric == used


@pytest.mark.django_db
def test_publish_twice_is_refused(rubrics, office):
    rubric = Rubric.objects.get(code="team")

    with pytest.raises(ReviewError):
        rubric_services.publish_rubric(rubric=rubric, actor=office)


@pytest.mark.django_db
def test_rubric_import_with_bad_csv_shows_message(rubrics, office, client):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(office)
    upload = SimpleUploadedFile("r.csv", "code,category\n1,领导\n".encode())

    response = client.post(
        reverse("review:rubric_list"),
        {"code": "team", "name": "一线班组", "applies_to": "team", "file": upload},
        follow=True,
    )

    assert response.status_code == 200
    assert "文件须包含列" in response.content.decode()
    assert Rubric.objects.filter(code="team").count() == 1


@pytest.mark.django_db
def test_rubric_pages_are_404_for_experts(rubrics, client):
    client.force_login(ExpertUserFactory())
    rubric = Rubric.objects.first()

    assert client.get(reverse("review:rubric_list")).status_code == 404
    assert client.get(reverse("review:rubric_detail", args=[rubric.pk])).status_code == 404


@pytest.mark.parametrize(
    ("score", "points", "band", "ok"),
    [
        (Decimal("47.5"), Decimal(50), Decimal(5), True),
        (Decimal("0"), Decimal(50), Decimal(5), True),
        (Decimal("50"), Decimal(50), Decimal(5), True),
        (Decimal("48"), Decimal(50), Decimal(5), False),
        (Decimal("52.5"), Decimal(50), Decimal(5), False),
        (Decimal("-2.5"), Decimal(50), Decimal(5), False),
        (Decimal("7.5"), Decimal(10), None, True),
        (Decimal("7.3"), Decimal(10), None, False),
    ],
)
def test_score_error_bands_and_range(score, points, band, ok):
    assert (scoring.score_error(score, points, band) is None) is ok


def test_score_error_writes_points_without_exponent():
    message = scoring.score_error(Decimal("52.5"), Decimal(50), Decimal(5))

    assert message == "分数须在 0 至 50 分之间。"
    assert [scoring.plain(Decimal(v)) for v in ("60.00", "110", "2.50", "0")] == [
        "60",
        "110",
        "2.5",
        "0",
    ]


def test_aggregate_trims_only_with_five_or_more():
    five = [Decimal(v) for v in ("600", "700", "720", "740", "900")]
    four = five[:4]

    assert scoring.aggregate(five, "trimmed_mean") == Decimal("720.00")
    assert scoring.aggregate(five, "mean") == Decimal("732.00")
    assert scoring.aggregate(four, "trimmed_mean") == Decimal("690.00")
    assert scoring.aggregate([], "mean") is None


def test_zscores_per_expert():
    totals = [(1, 10, Decimal(80)), (1, 11, Decimal(60)), (2, 10, Decimal(50))]

    z = scoring.zscores(totals)

    assert z == {(1, 10): 1.0, (1, 11): -1.0, (2, 10): None}


def test_deviating_experts_flags_outlier():
    totals = {1: Decimal(800), 2: Decimal(780), 3: Decimal(790), 4: Decimal(400)}

    flagged = scoring.deviating_experts(
        totals, max_points=Decimal(1000), threshold_percent=Decimal(15)
    )

    assert list(flagged) == [4]


def test_draw_is_reproducible_from_its_seed():
    kwargs = {
        "pool": [3, 1, 2, 7, 5, 6, 4],
        "applications": [10, 11, 12, 13],
        "conflicts": [(1, 10), (2, 10), (3, 11)],
        "panel_size": 5,
        "per_application": 3,
    }

    first = scoring.draw(seed="abc", **kwargs)
    again = scoring.draw(seed="abc", **kwargs)
    others = {tuple(scoring.draw(seed=f"s{i}", **kwargs).panel) for i in range(20)}

    assert first.as_json() == again.as_json()
    assert len(others) > 1
    assert not {(e, a) for a, e in first.assignments} & set(kwargs["conflicts"])
    loads = [sum(1 for _, e in first.assignments if e == x) for x in first.panel]
    assert max(loads) - min(loads) <= 1


def test_draw_with_too_small_pool_is_refused():
    with pytest.raises(scoring.DrawError):
        scoring.draw(
            seed="x", pool=[1, 2], applications=[1], conflicts=[], panel_size=5, per_application=1
        )


@pytest.mark.django_db
def test_recorded_draw_is_reproduced_and_tampering_detected(review_edition, office, client):
    make_applications(review_edition, organizations=3)
    make_pool(review_edition, 7)
    review_round = open_round(review_edition, office, seed="2023-material")
    draw = PanelDraw.objects.get(round=review_round)

    reproduced = selectors.verify_draw(draw)
    tampered = PanelDraw(
        round=review_round,
        seed="another-seed",
        algorithm=draw.algorithm,
        inputs=draw.inputs,
        result=draw.result,
        actor=office,
    )
    client.force_login(office)
    page = client.get(reverse("review:draw_detail", args=[draw.pk]))

    assert reproduced is True
    assert selectors.verify_draw(tampered) is False
    assert draw.seed == "2023-material"
    assert sorted(draw.result["panel"]) == sorted(
        review_round.members.values_list("expert_id", flat=True)
    )
    assert "结果完全一致" in page.content.decode()


@pytest.mark.django_db
def test_draw_twice_is_refused(review_edition, office):
    make_applications(review_edition, organizations=1)
    make_pool(review_edition, 5)
    review_round = open_round(review_edition, office)

    with pytest.raises(ReviewError):
        services.draw_panel(review_round=review_round, actor=office)
