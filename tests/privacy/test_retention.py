"""The materials of applications that did not win are deleted once the edition has been closed
longer than the office's retention; the audit trail stays and the deletion is recorded."""

import pytest
import time_machine
from django.core.files.storage import default_storage
from django.urls import reverse

from applications.models import ApplicationEvent, EditionEvent, Material
from award_portal.privacy import retention
from award_portal.privacy.models import MaterialPurge, MaterialRetention
from award_portal.privacy.tasks import purge_expired_materials
from tests.clock import moment
from tests.factories import ApplicationFactory, MaterialFactory
from tests.privacy.conftest import ApplicationEventFactory
from tests.review.helpers import set_stage, set_status

pytestmark = [pytest.mark.django_db, pytest.mark.now("2026-11-16 10:00")]


@pytest.fixture
def closed(edition):
    """The 3rd edition, closed on 2024-07-10; a loser and a winner, each with a file."""
    with time_machine.travel(moment("2024-07-10 16:00"), tick=False):
        EditionEvent.objects.create(
            edition=edition, from_stage="commendation", to_stage="closed", actor_name="李建"
        )
    set_stage(edition, "closed")
    loser = set_status(ApplicationFactory(edition=edition), "eliminated")
    winner = set_status(ApplicationFactory(edition=edition), "awarded")
    ApplicationEventFactory(
        application=loser, move="eliminate", from_status="material_review", to_status="eliminated"
    )
    return (
        edition,
        loser,
        winner,
        MaterialFactory(application=loser, original_name="落选材料.pdf"),
        MaterialFactory(application=winner),
    )


def test_files_of_applications_that_did_not_win_are_deleted_after_the_retention(
    closed, django_capture_on_commit_callbacks
):
    edition, loser, winner, lost, kept = closed
    lost_name = lost.file.name
    assert default_storage.exists(lost_name)

    with django_capture_on_commit_callbacks(execute=True):
        deleted = purge_expired_materials.delay().get()  # 24 months after 2024-07-10

    assert deleted == 1
    assert not default_storage.exists(lost_name)
    assert not Material.objects.filter(application=loser).exists()
    assert default_storage.exists(kept.file.name)  # the winner keeps its materials
    purge = MaterialPurge.objects.get(application=loser)
    assert (purge.months, purge.file_count, purge.total_size) == (24, 1, lost.size)
    assert purge.files[0]["original_name"] == "落选材料.pdf"
    assert ApplicationEvent.objects.filter(application=loser).count() == 1  # the trail stays
    assert EditionEvent.objects.filter(edition=edition).exists()

    with django_capture_on_commit_callbacks(execute=True):
        assert purge_expired_materials() == 0  # nothing twice
    assert MaterialPurge.objects.count() == 1


@pytest.mark.now("2026-07-09 10:00")
def test_nothing_is_deleted_before_the_time(closed, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        assert purge_expired_materials() == 0
    assert Material.objects.count() == 2


def test_the_office_sets_a_longer_retention_on_its_page(
    client, closed, users, django_capture_on_commit_callbacks
):
    edition = closed[0]
    client.force_login(users["city_office"])

    response = client.post(reverse("privacy:retention"), {"edition": edition.pk, "months": 36})
    with django_capture_on_commit_callbacks(execute=True):
        deleted = purge_expired_materials()
    page = client.get(reverse("privacy:retention")).content.decode()

    assert response.status_code == 302
    assert MaterialRetention.objects.get(edition=edition).months == 36
    assert deleted == 0  # kept until 2027-07-10
    assert "2027-07-10" in page


@pytest.mark.parametrize(
    ("months", "message"),
    [
        ("0", "保存期限至少为1个月。"),
        ("abc", "保存期限请填写整数月数。"),
        ("", "请填写保存期限（月）。"),
    ],
)
def test_bad_retention_input_is_refused_in_chinese(client, closed, users, months, message):
    client.force_login(users["city_office"])

    response = client.post(
        reverse("privacy:retention"), {"edition": closed[0].pk, "months": months}
    )

    assert response.status_code == 200
    assert message in response.content.decode()
    assert not MaterialRetention.objects.exists()


def test_the_retention_page_counts_queries_the_same_for_any_number_of_editions(
    client, closed, users, django_assert_num_queries
):
    from tests.factories import EditionFactory

    client.force_login(users["city_office"])
    client.get(reverse("privacy:retention"))
    with django_assert_num_queries(8) as few:
        client.get(reverse("privacy:retention"))
    for number in (10, 11, 12):
        EditionFactory(number=number, name=f"第{number}届", is_current=False)
    with django_assert_num_queries(len(few.captured_queries)):
        client.get(reverse("privacy:retention"))


def test_add_months_keeps_the_end_of_a_month():
    from datetime import datetime

    assert retention.add_months(datetime(2024, 1, 31), 1) == datetime(2024, 2, 29)
    assert retention.add_months(datetime(2024, 7, 10), 24) == datetime(2026, 7, 10)
