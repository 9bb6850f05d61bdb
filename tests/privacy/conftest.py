"""Fixtures of the personal-information tests: an individual's application with an identity
and a mobile number, sent to 东区, and one user of every role."""

import pytest
from factory.django import DjangoModelFactory

from applications.models import Application, ApplicationEvent, Category, RecommendingUnit, Status
from award_portal.accounts.models import Role
from tests.factories import ApplicationFactory, UnitOfficerFactory, UserFactory
from tests.review.helpers import set_status

ID_NUMBER = "51040219800101123X"
ID_MASKED = "5104**********123X"
MOBILE = "13881234568"
MOBILE_MASKED = "138****4568"


@pytest.fixture
def person(edition) -> Application:
    unit = RecommendingUnit.objects.get(name="东区")
    application = ApplicationFactory(
        edition=edition,
        category=Category.objects.get(code="individual"),
        owner=UserFactory(username="wu@example.cn", full_name="吴国强", phone=MOBILE),
        unit=unit,
        applicant_name="吴国强",
        identifier=ID_NUMBER,
        data={"name": "吴国强", "id_number": ID_NUMBER, "mobile": MOBILE, "employer": "攀钢集团"},
    )
    return set_status(application, "submitted")


@pytest.fixture
def users(person):
    """One user of every role; the unit officer acts for the application's unit."""
    return {
        "applicant": person.owner,
        "other_applicant": UserFactory(),
        "unit_officer": UnitOfficerFactory(unit=person.unit),
        "other_unit_officer": UnitOfficerFactory(
            unit=RecommendingUnit.objects.exclude(pk=person.unit_id).first()
        ),
        "city_office": UserFactory(role=Role.CITY_OFFICE),
        "supervisor": UserFactory(role=Role.SUPERVISOR),
        "leader": UserFactory(role=Role.LEADER),
        "admin": UserFactory(role=Role.ADMIN),
        "expert": UserFactory(role=Role.EXPERT),
    }


@pytest.fixture
def rubrics(db):
    from review.rubrics.services import load_rubrics

    load_rubrics()


class ApplicationEventFactory(DjangoModelFactory):
    """An entry of the audit trail of the `application` it is given: by default, its unit
    officer sent it back."""

    class Meta:
        model = ApplicationEvent

    move = "return"
    from_status = Status.SUBMITTED
    to_status = Status.RETURNED
    actor_name = "王芳"
    actor_role = Role.UNIT_OFFICER
