"""Fixtures of the deliberation tests: the 3rd edition in deliberation, its review settings
(minimum composite 60), the city office and the leadership group."""

from decimal import Decimal

import pytest
from django.core.cache import cache

from applications.models import Stage
from award_portal.accounts.models import Role
from review.models import ReviewSettings
from tests.factories import UserFactory
from tests.review.factories import OfficeUserFactory, SupervisorFactory
from tests.review.helpers import set_stage


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Calendar overrides and rate limits live in the cache; each test starts clean."""
    cache.clear()
    yield
    cache.clear()


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
    """The 3rd edition (quotas 3 and 5) in deliberation, minimum composite score 60."""
    set_stage(edition, Stage.DELIBERATION)
    ReviewSettings.objects.create(edition=edition, minimum_composite=Decimal("60"))
    return edition
