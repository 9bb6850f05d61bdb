"""The demo's archived 3rd edition keeps the materials of its applications that did not win:
the office set their retention, so the beat's retention job leaves them until it ends."""

from datetime import date

import pytest
from django.core.management import call_command
from django.utils import timezone

from applications.models import Material
from award_portal.privacy import retention
from award_portal.privacy.models import MaterialPurge
from tests.clock import moment

pytestmark = [pytest.mark.django_db, pytest.mark.now("2026-12-04 10:30")]


def _school_materials():
    return Material.objects.filter(
        application__edition__number=3, application__owner__username="school"
    )


def test_the_retention_job_leaves_the_archived_editions_materials_after_seed_demo():
    call_command("seed_demo")
    kept = _school_materials().count()

    deleted = retention.purge_expired_materials()

    assert kept > 0
    assert deleted == 0 and _school_materials().count() == kept
    third = next(row for row in retention.overview() if row.edition.number == 3)
    assert third.custom and timezone.localdate(third.purge_at) == date(2033, 7, 14)


def test_the_retention_still_deletes_them_once_it_is_over():
    call_command("seed_demo")

    deleted = retention.purge_expired_materials(now=moment("2033-07-15 10:00"))

    assert deleted > 0 and not _school_materials().exists()
    assert MaterialPurge.objects.filter(application__owner__username="school").exists()
