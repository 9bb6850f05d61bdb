"""Fixtures of the deliberation tests: the 3rd edition in deliberation, its review settings
(minimum composite 60), the city office and the leadership group."""

from datetime import date
from decimal import Decimal

import pytest
from django.utils import timezone

from applications.models import Stage
from award_portal.accounts.models import Role
from publicity.models import CalendarOverride
from review.models import ReviewSettings
from tests.factories import UserFactory
from tests.review.factories import OfficeUserFactory, SupervisorFactory
from tests.review.helpers import set_stage


@pytest.fixture
def office(db):
    return OfficeUserFactory(email="office@example.cn")


@pytest.fixture
def leader(db):
    return UserFactory(role=Role.LEADER, username="leader", full_name="领导小组组长")


@pytest.fixture
def supervisor(db):
    return SupervisorFactory()


@pytest.fixture
def delib_edition(edition):
    """The 3rd edition (quotas 3 and 5) in deliberation, minimum composite score 60.

    Next year's New Year's Day is entered as a holiday, so a window published in late December
    knows the following year's calendar (the library stops at 2026)."""
    new_year = date(timezone.localdate().year + 1, 1, 1)
    CalendarOverride.objects.get_or_create(
        day=new_year,
        defaults={
            "kind": CalendarOverride.Kind.HOLIDAY,
            "name": "元旦",
            "source": f"国务院办公厅关于{new_year.year}年部分节假日安排的通知",
        },
    )
    set_stage(edition, Stage.DELIBERATION)
    ReviewSettings.objects.create(edition=edition, minimum_composite=Decimal("60"))
    return edition
