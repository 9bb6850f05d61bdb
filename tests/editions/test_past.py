"""The public page of past editions (往届评选): each published edition with its public lists
and winners, in a fixed number of queries."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from applications.models import Status
from publicity.models import PublicityWindow
from tests.factories import ApplicationFactory, EditionFactory
from tests.publicity.factories import PublishedWindowFactory, WindowFactory

pytestmark = pytest.mark.django_db

# Fixed days with holiday data, whatever the run's today is.
WINDOW_DAYS = {"start_date": date(2023, 2, 15), "end_date": date(2023, 2, 21)}
PAST_QUERIES = 3  # the editions (with their commendation), their windows, their winners


def _editions(count: int) -> list:
    editions = []
    for number in range(1, count + 1):
        edition = EditionFactory(
            number=number, name=f"第{number}届攀枝花市政府质量奖", is_current=number == count
        )
        PublishedWindowFactory(edition=edition, title=f"第{number}届拟获奖名单公示", **WINDOW_DAYS)
        WindowFactory(edition=edition, title=f"第{number}届未发布的公示", **WINDOW_DAYS)
        ApplicationFactory(
            edition=edition, applicant_name=f"第{number}届获奖企业", status=Status.AWARDED
        )
        ApplicationFactory(
            edition=edition, applicant_name=f"第{number}届落选企业", status=Status.ELIMINATED
        )
        editions.append(edition)
    EditionFactory(number=count + 1, name="尚未发布的新一届", is_current=False, is_draft=True)
    return editions


@pytest.mark.parametrize("count", [1, 3])
def test_past_editions_query_count_is_fixed(client, django_assert_num_queries, count):
    _editions(count)

    with django_assert_num_queries(PAST_QUERIES):
        response = client.get(reverse("editions:past"))

    html = response.content.decode()
    assert response.status_code == 200
    assert html.count('class="card mb-3 past-edition"') == count


def test_past_editions_show_public_lists_and_winners_only(client):
    first, second = _editions(2)
    window = PublicityWindow.objects.get(edition=first, status="published")

    html = client.get(reverse("editions:past")).content.decode()

    assert "第1届拟获奖名单公示" in html
    assert reverse("publicity:public_detail", kwargs={"pk": window.pk}) in html
    assert "第1届获奖企业" in html
    assert "第2届获奖企业" in html
    assert "未发布的公示" not in html
    assert "落选企业" not in html
    assert "尚未发布的新一届" not in html
    assert html.index("第2届攀枝花市政府质量奖") < html.index("第1届攀枝花市政府质量奖")


def test_past_editions_mark_a_revoked_award(client):
    edition = EditionFactory()
    ApplicationFactory(edition=edition, applicant_name="被撤销企业", status=Status.REVOKED)

    html = client.get(reverse("editions:past")).content.decode()

    assert "被撤销企业" in html
    assert "已撤销奖励" in html


def test_past_editions_link_is_on_the_home_page(client):
    EditionFactory()

    html = client.get(reverse("home")).content.decode()

    assert reverse("editions:past") in html


@pytest.mark.parametrize("count", [1, 3])
def test_office_edition_list_query_count_is_fixed(office_client, django_assert_num_queries, count):
    _editions(count)
    office_client.get(reverse("editions:manage"))  # the first request also checks the sign-in

    # the session, the user, then the editions with who published them
    with django_assert_num_queries(3):
        response = office_client.get(reverse("editions:manage"))

    html = response.content.decode()
    assert html.count("攀枝花市政府质量奖</td>") == count
    assert "尚未发布的新一届" in html
