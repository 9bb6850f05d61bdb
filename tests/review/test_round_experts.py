"""The expert fields of a round's page: a name or number typed instead of a list of every
expert, a few suggestions from a search, and a clear message when the text names no expert
or several."""

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from review.models import Assignment, ExpertProfile, PanelMember
from review.rounds import experts as round_experts
from tests.review.helpers import make_applications, make_pool, open_round


@pytest.fixture
def round_world(review_edition, office):
    apps = make_applications(review_edition, organizations=2)
    pool = make_pool(review_edition, 7)
    review_round = open_round(review_edition, office)
    in_panel = set(PanelMember.objects.filter(round=review_round).values_list("expert_id", flat=1))
    outside = [e for e in pool if e.pk not in in_panel]
    return review_round, apps, pool, outside


def _messages(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def _refused(response, form: str, field: str = "expert") -> list[str]:
    """The round's page again (400) with what was sent: the errors of the form's field."""
    assert response.status_code == 400
    return response.context[form].errors[field]


@pytest.mark.django_db
def test_the_round_page_offers_text_boxes_with_suggestions_not_lists_of_experts(
    round_world, office, client
):
    review_round, apps, pool, outside = round_world
    client.force_login(office)

    html = client.get(reverse("review:round_detail", args=[review_round.pk])).content.decode()

    assert 'name="expert"' in html and '<select name="expert"' not in html
    for prefix in ("leader", "member", "assign"):
        assert f'list="{prefix}_expert_suggestions"' in html
        assert f'<datalist id="{prefix}_expert_suggestions"></datalist>' in html
    assert "js/expert-search.js" in html
    assert all(e.name not in html for e in outside)


@pytest.mark.django_db
@pytest.mark.parametrize("typed", ["number", "suggestion", "name", "name_employer"])
def test_a_member_is_added_by_number_suggestion_or_name(round_world, office, client, typed):
    review_round, apps, pool, outside = round_world
    expert = outside[0]
    text = {
        "number": f" {expert.pk} ",
        "suggestion": round_experts.label(expert),
        "name": expert.name,
        "name_employer": f"{expert.name}({expert.employer})",
    }[typed]
    client.force_login(office)

    response = client.post(
        reverse("review:member_add", args=[review_round.pk]), {"expert": text, "reason": "补充"}
    )

    assert _messages(response) == ["已增加评审组成员。"]
    assert PanelMember.objects.filter(round=review_round, expert=expert).exists()


@pytest.mark.django_db
def test_a_name_two_experts_share_asks_for_the_number(round_world, office, client):
    review_round, apps, pool, outside = round_world
    ExpertProfile.objects.filter(pk__in=[outside[0].pk, outside[1].pk]).update(name="王同名")
    client.force_login(office)
    url = reverse("review:member_add", args=[review_round.pk])

    response = client.post(url, {"expert": "王同名", "reason": "补充"})

    assert _refused(response, "member_form") == [
        "可选专家中有多位“王同名”，请从提示中选择，或填写专家编号以区分。"
    ]
    assert response.context["member_form"].data["reason"] == "补充"  # nothing typed is lost
    assert not PanelMember.objects.filter(round=review_round, expert__name="王同名").exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "请填写专家姓名或专家编号。"),
        ("无此人", "可选专家中未找到“无此人”，请核对姓名或改填专家编号。"),
        ("999999", "可选专家中没有编号为 999999 的专家，请核对后重新输入。"),
    ],
)
def test_text_that_names_no_expert_says_so(round_world, office, client, text, message):
    review_round, apps, pool, outside = round_world
    client.force_login(office)

    response = client.post(reverse("review:round_leader", args=[review_round.pk]), {"expert": text})

    assert _refused(response, "leader_form") == [message]


@pytest.mark.django_db
def test_the_leader_is_named_among_the_panel_only(round_world, office, client):
    review_round, apps, pool, outside = round_world
    member = PanelMember.objects.filter(round=review_round).first()
    client.force_login(office)
    url = reverse("review:round_leader", args=[review_round.pk])

    refused = client.post(url, {"expert": str(outside[0].pk)})
    named = client.post(url, {"expert": round_experts.label(member.expert)})

    assert _refused(refused, "leader_form") == [
        f"可选专家中没有编号为 {outside[0].pk} 的专家，请核对后重新输入。"
    ]
    assert _messages(named)[-1] == "组长已指定。"
    assert PanelMember.objects.get(pk=member.pk).is_leader


@pytest.mark.django_db
def test_manual_assignment_names_the_expert_by_name(round_world, office, client):
    review_round, apps, pool, outside = round_world
    client.force_login(office)
    data = {"expert": outside[0].name, "application": apps[0].reference, "reason": "熟悉"}

    response = client.post(reverse("review:round_assign", args=[review_round.pk]), data)

    assert _messages(response) == ["已人工分配。"]
    assert Assignment.objects.filter(round=review_round, expert=outside[0]).exists()


@pytest.mark.django_db
def test_the_search_suggests_a_few_of_the_forms_experts(
    round_world, office, client, django_assert_num_queries
):
    review_round, apps, pool, outside = round_world
    ExpertProfile.objects.filter(pk__in=[e.pk for e in pool]).update(employer="同一研究院")
    client.force_login(office)
    url = reverse("review:round_expert_search", args=[review_round.pk])

    with django_assert_num_queries(7):  # the session, the user, the round, the search
        found = client.get(url, {"for": "member", "q": "研究院"}).json()["experts"]
    by_number = client.get(url, {"for": "assign", "q": str(pool[0].pk)}).json()["experts"]
    nothing = client.get(url, {"for": "member", "q": ""}).json()["experts"]

    outside = ExpertProfile.objects.filter(pk__in=[e.pk for e in outside])
    assert sorted(found) == sorted(round_experts.label(e) for e in outside)
    assert round_experts.label(ExpertProfile.objects.get(pk=pool[0].pk)) in by_number
    assert nothing == []
    assert client.get(url, {"for": "other", "q": "研究院"}).json()["experts"] == []


@pytest.mark.django_db
def test_the_search_returns_at_most_its_limit(review_edition, office, client):
    make_applications(review_edition, organizations=1)
    pool = make_pool(review_edition, round_experts.LIMIT + 5)
    ExpertProfile.objects.filter(pk__in=[e.pk for e in pool]).update(employer="同一研究院")
    review_round = open_round(review_edition, office)
    client.force_login(office)
    url = reverse("review:round_expert_search", args=[review_round.pk])

    found = client.get(url, {"for": "assign", "q": "研究院"}).json()["experts"]

    assert len(found) == round_experts.LIMIT


@pytest.mark.django_db
def test_the_search_is_the_offices_only(round_world, client):
    review_round, apps, pool, outside = round_world
    client.force_login(pool[0].user)
    url = reverse("review:round_expert_search", args=[review_round.pk])

    assert client.get(url, {"for": "assign", "q": "x"}).status_code in (403, 404)
