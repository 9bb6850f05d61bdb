"""Every list page and export of stages 2 and 3 makes the same number of queries whatever the
number of rows, and a unit queue of 500 applications stays paginated and cheap."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from applications.models import Application, Status
from applications.readmodel import rebuild_application_rows
from tests.factories import ApplicationFactory, UserFactory
from tests.precheck.conftest import checked_with_paper_copy, consult

MAX_QUEUE_QUERIES = 20


def _fill(edition, category, unit, officer, office, n: int) -> None:
    """n applications of `unit` in several statuses, with their pre-check records."""
    owner = UserFactory()
    statuses = [Status.SUBMITTED, Status.RECOMMENDED, Status.ACCEPTED]
    for i in range(n):
        application = ApplicationFactory(edition=edition, category=category, unit=unit, owner=owner)
        Application.objects.filter(pk=application.pk).update(
            status=Status.SUBMITTED, submitted_at=timezone.now()
        )
        application.refresh_from_db()
        checked_with_paper_copy(application, officer)
        consult(application, officer, "区市场监管局", "无异议")
        Application.objects.filter(pk=application.pk).update(status=statuses[i % 3])
    rebuild_application_rows(edition)  # the lists' read model, as a seed keeps it


def _count(client, url, params=None) -> int:
    client.get(url, params or {})  # warm the caches (calendar overrides, sessions)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, params or {})
    assert response.status_code == 200
    return len(queries)


UNIT_URLS = ["applications:unit_queue", "applications:unit_export"]
OFFICE_URLS = [
    "applications:office_list",
    "applications:office_export",
    "applications:office_acceptance_list",
    "applications:office_acceptance_export",
    "applications:office_overview",
    "applications:office_overview_export",
    "applications:office_extensions",
]


@pytest.mark.parametrize("name", UNIT_URLS)
def test_unit_list_queries_same_at_one_and_three_rows(
    client, edition, category, unit, officer, office, name
):
    client.force_login(officer)
    _fill(edition, category, unit, officer, office, 1)
    one = _count(client, reverse(name))
    _fill(edition, category, unit, officer, office, 2)

    three = _count(client, reverse(name))

    assert one == three


@pytest.mark.parametrize("name", OFFICE_URLS)
def test_office_list_queries_same_at_one_and_three_rows(
    client, edition, category, unit, officer, office, name
):
    client.force_login(office)
    _fill(edition, category, unit, officer, office, 3)
    Application.objects.update(status=Status.ACCEPTED)
    first = Application.objects.order_by("id")[:2]
    Application.objects.filter(pk__in=[a.pk for a in first]).update(status=Status.SUBMITTED)
    rebuild_application_rows(edition)
    one = _count(client, reverse(name))
    Application.objects.update(status=Status.ACCEPTED)
    rebuild_application_rows(edition)

    three = _count(client, reverse(name))

    assert one == three


def test_unit_queue_of_500_is_paginated_with_few_queries(
    client, edition, category, unit, officer, office
):
    Application.objects.bulk_create(
        ApplicationFactory.build_batch(
            500,
            edition=edition,
            category=category,
            unit=unit,
            owner=UserFactory(),
            status=Status.SUBMITTED,
            submitted_at=timezone.now(),
        )
    )
    rebuild_application_rows(edition)
    client.force_login(officer)

    queries = _count(client, reverse("applications:unit_queue"), {"page": "3"})
    response = client.get(reverse("applications:unit_queue"), {"page": "3"})

    assert queries <= MAX_QUEUE_QUERIES
    assert len(response.context["page"].object_list) == 50
    assert response.context["page"].paginator.count == 500
    assert response.context["total"] == 500


def test_unit_queue_bad_page_number_shows_the_last_page(client, officer, unit, submitted):
    submitted(unit)
    client.force_login(officer)

    response = client.get(reverse("applications:unit_queue"), {"page": "999"})

    assert response.status_code == 200
    assert response.context["page"].number == 1
    assert "页码超出范围，已显示最后一页。" in response.content.decode()


@pytest.mark.parametrize(
    ("params", "shown", "count_query"),
    [
        ({}, 6, False),
        ({"status": "recommended"}, 2, False),
        ({"status": "returned"}, 0, False),  # none in that status: an empty first page
        ({"q": "PZH3"}, 6, True),  # a search needs its own count
        ({"status": "submitted", "category": "x"}, 2, False),  # a bad filter is ignored
    ],
)
def test_unit_queue_counts_its_rows_from_the_status_pills_unless_searched(
    client, edition, category, unit, officer, office, params, shown, count_query
):
    client.force_login(officer)
    _fill(edition, category, unit, officer, office, 6)
    url = reverse("applications:unit_queue")
    client.get(url, params)

    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, params)

    page = response.context["page"]
    assert page.paginator.count == len(page.object_list) == shown
    counts = [q["sql"] for q in queries if q["sql"].startswith('SELECT COUNT(*) AS "__count"')]
    assert len(counts) == count_query


def test_renamed_or_added_unit_shows_at_once_on_the_overview_and_the_filter_bar(
    client, edition, category, unit, officer, office
):
    from applications.models import RecommendingUnit

    _fill(edition, category, unit, officer, office, 1)
    client.force_login(office)
    client.get(reverse("applications:office_overview"))  # the names are kept from here on

    unit.name = "米易县质量强县工作领导小组办公室（更名）"
    unit.save()
    RecommendingUnit.objects.create(kind=unit.kind, name="新设园区管委会", order=99)
    overview = client.get(reverse("applications:office_overview")).content.decode()
    listing = client.get(reverse("applications:office_list")).content.decode()

    for html in (overview, listing):
        assert "米易县质量强县工作领导小组办公室（更名）" in html
        assert "新设园区管委会" in html


LIST_TABLES = (
    "applications_precheckreview",
    "applications_papercopyreceipt",
    "applications_acceptancereview",
    "applications_consultation",
    "applications_category",
)


@pytest.mark.parametrize(
    ("name", "user"),
    [("applications:unit_queue", "officer"), ("applications:office_list", "office")],
)
def test_the_lists_read_their_rows_and_counts_from_the_read_model(
    client, edition, category, unit, officer, office, name, user, request
):
    _fill(edition, category, unit, officer, office, 4)
    client.force_login(request.getfixturevalue(user))
    url = reverse(name)
    client.get(url, {"sort": "category"})

    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, {"sort": "category"})

    assert response.status_code == 200
    sql = [q["sql"] for q in queries]
    reads = [s for s in sql if "applications_applicationrow" in s]
    assert len(reads) == 2  # the status counts and one page of rows
    assert not [s for s in sql if any(table in s for table in LIST_TABLES)]
    assert len(sql) <= 8
