"""Review lists a page at a time, and the forms that name an application by its reference
instead of listing every application of the round."""

import pytest
from django.test import RequestFactory
from django.urls import reverse

from review.models import Assignment
from review.paging import page_of
from tests.review.helpers import make_applications, make_pool, open_round


def _page(query: str, rows=range(120)):
    return page_of(RequestFactory().get("/x/" + query), list(rows), "members")


def test_a_page_of_fifty_with_links_that_keep_the_other_parameters():
    page = _page("?members=2&page=3")

    assert list(page.object_list) == list(range(50, 100))
    assert page.previous_url == "?members=1&page=3"
    assert page.next_url == "?members=3&page=3"


@pytest.mark.parametrize(("query", "number"), [("?members=x", 1), ("?members=99", 3), ("", 1)])
def test_a_page_number_that_is_none_shows_the_first_or_last_page(query, number):
    assert _page(query).number == number


def test_a_single_page_has_no_links():
    page = _page("", range(3))

    assert (page.previous_url, page.next_url) == ("", "")


def _outside_expert(review_round, experts):
    assigned = set(Assignment.objects.filter(round=review_round).values_list("expert_id", flat=1))
    return next(e for e in experts if e.pk not in assigned)


@pytest.mark.django_db
def test_manual_assignment_names_the_application_by_its_reference(review_edition, office, client):
    apps = make_applications(review_edition, organizations=2)
    experts = make_pool(review_edition, 6)
    review_round = open_round(review_edition, office)
    expert = _outside_expert(review_round, experts)
    client.force_login(office)
    url = reverse("review:round_assign", args=[review_round.pk])

    response = client.post(
        url,
        {"expert": expert.pk, "application": f" {apps[1].reference.lower()} ", "reason": "熟悉"},
    )

    assert response.status_code == 302
    assert Assignment.objects.filter(
        round=review_round, expert=expert, application=apps[1]
    ).exists()


@pytest.mark.django_db
def test_manual_assignment_with_an_unknown_reference_says_so(review_edition, office, client):
    make_applications(review_edition, organizations=1)
    experts = make_pool(review_edition, 6)
    review_round = open_round(review_edition, office)
    expert = _outside_expert(review_round, experts)
    client.force_login(office)
    url = reverse("review:round_assign", args=[review_round.pk])

    response = client.post(url, {"expert": expert.pk, "application": "PZH-无此编号", "reason": "x"})

    # The round's page again, the error beside the reference, what was typed kept.
    assert response.status_code == 400
    form = response.context["assign_form"]
    assert form.errors["application"] == ["未找到该申报编号的申报，请核对后重新输入。"]
    assert (form.data["application"], form.data["reason"]) == ("PZH-无此编号", "x")
    assert not Assignment.objects.filter(round=review_round, expert=expert).exists()


@pytest.mark.django_db
def test_round_detail_offers_a_reference_field_not_every_application(
    review_edition, office, client
):
    apps = make_applications(review_edition, organizations=3)
    make_pool(review_edition, 5)
    review_round = open_round(review_edition, office)
    client.force_login(office)

    html = client.get(reverse("review:round_detail", args=[review_round.pk])).content.decode()

    assert 'name="application"' in html and f">{apps[0]}</option>" not in html
    assert "例如 PZH3-2023-0001" in html
