"""Fixtures of the stage 2 and 3 tests: an edition in pre-check, two units with an officer
each, the city office, and applications placed in a status for setup."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from applications.models import Application, Edition, Stage, Status
from applications.precheck import services as precheck
from applications.readmodel import refresh_edition_rows
from award_portal.accounts.models import Role
from tests.factories import (
    ApplicationFactory,
    CategoryFactory,
    EditionFactory,
    UnitOfficerFactory,
    UserFactory,
)
from tests.lifecycle.conftest import put, set_stage


@pytest.fixture
def edition(db):
    return set_stage(EditionFactory(), Stage.PRECHECK)


@pytest.fixture
def category(db):
    return CategoryFactory()


@pytest.fixture
def officer(unit):
    return UnitOfficerFactory(unit=unit, username="dongqu")


@pytest.fixture
def other_officer(other_unit):
    return UnitOfficerFactory(unit=other_unit, username="xiqu")


@pytest.fixture
def office(db):
    return UserFactory(role=Role.CITY_OFFICE, username="office")


@pytest.fixture
def submitted(edition, category):
    """make(unit, status="submitted") → an application filed with `unit` in that status."""

    def make(unit, status: str = Status.SUBMITTED, **kwargs) -> Application:
        kwargs.setdefault("category", category)
        application = ApplicationFactory(edition=edition, unit=unit, **kwargs)
        return put(application, status)

    return make


CHECKS_PASSED = {
    f"{name}_ok": True for name in ("completeness", "authenticity", "accuracy", "legality")
}


def checks_passed(application: Application, officer) -> Application:
    """Pass the four checks, as the unit would."""
    precheck.record_precheck(application=application, actor=officer, **CHECKS_PASSED)
    return application


def checked_with_paper_copy(application: Application, officer) -> Application:
    """Pass the four checks and record the paper copy: all a recommendation needs but the
    county consultation."""
    checks_passed(application, officer)
    precheck.record_paper_copy(
        application=application, actor=officer, received_on=timezone.localdate()
    )
    return application


def consult(
    application: Application, actor, department: str, answer="无异议。", *, objection=False
):
    """`actor` records today's answer of `department`: a unit officer before recommending, the
    city office before accepting. `objection=True` makes it an objection."""
    if actor.role == Role.CITY_OFFICE:
        add = precheck.add_office_consultation
    else:
        add = precheck.add_unit_consultation
    return add(
        application=application,
        actor=actor,
        department=department,
        consulted_on=timezone.localdate(),
        answer=answer,
        has_objection=objection,
    )


def prechecked(application: Application, officer) -> Application:
    """Consult a county department (a county office must), pass the four checks and record the
    paper copy, as the unit would."""
    consult(application, officer, "区市场监督管理局", "近三年无质量违法记录，无异议。")
    return checked_with_paper_copy(application, officer)


def post_to(client, name: str, application: Application, data=None, **extra):
    """POST `data` to the page `applications:<name>` of `application`."""
    url = reverse(f"applications:{name}", kwargs={"pk": application.pk})
    return client.post(url, data, **extra)


def shown(response) -> list[int]:
    """The applications on the page a list answered with (it must answer 200), by pk."""
    assert response.status_code == 200
    return [application.pk for application in response.context["page"].object_list]


def set_deadline(edition: Edition, days_from_today: int) -> Edition:
    """Test setup: move the edition's recommendation deadline relative to today."""
    Edition.objects.filter(pk=edition.pk).update(
        recommendation_deadline=timezone.localdate() + timedelta(days=days_from_today)
    )
    edition.refresh_from_db()
    refresh_edition_rows(edition)  # the deadline the lists' rows copy
    return edition


__all__ = ["put", "set_stage", "prechecked", "post_to", "shown", "set_deadline"]
