"""Fixtures of the review tests: an edition in material review, rubrics, office users."""

import pytest

from applications.models import Stage
from review.models import ReviewSettings
from review.rubrics.services import load_rubrics
from tests.review.factories import OfficeUserFactory, SupervisorFactory
from tests.review.helpers import (
    attest,
    first_assignment,
    make_applications,
    make_pool,
    open_round,
    set_stage,
)


@pytest.fixture
def rubrics(db):
    load_rubrics()


@pytest.fixture
def office(db):
    return OfficeUserFactory(email="office@example.cn")


@pytest.fixture
def supervisor(db):
    return SupervisorFactory()


@pytest.fixture
def review_edition(edition, rubrics):
    """The 3rd edition in material review, with review settings (panel 5, 5 per application)."""
    set_stage(edition, Stage.MATERIAL_REVIEW)
    ReviewSettings.objects.create(edition=edition, panel_size=5, experts_per_application=5)
    return edition


@pytest.fixture
def assignment(review_edition, office):
    """An expert's assignment in an open round on one organization, no conflict declared: the
    score sheet is theirs to fill."""
    make_applications(review_edition, organizations=1)
    make_pool(review_edition, 5)
    assignment = first_assignment(open_round(review_edition, office))
    attest(assignment)
    return assignment
