import re

import pytest

from applications.intake import services
from applications.models import Application, Status
from tests.applications.helpers import valid_data
from tests.factories import UserFactory

# Working days are counted from today here: a day of a year the calendar knows.
pytestmark = pytest.mark.now("2026-11-16")


def test_create_application_gives_unique_references_per_edition(
    open_edition, categories, org_user, person_user
):
    first = services.create_application(
        owner=org_user, category=categories["general"], edition=open_edition
    )
    second = services.create_application(
        owner=person_user, category=categories["individual"], edition=open_edition
    )

    year = open_edition.applications_open.year
    assert first.reference == f"PZH3-{year}-0001"
    assert second.reference == f"PZH3-{year}-0002"
    assert first.status == Status.DRAFT
    assert first.applicant_name == "攀枝花钒钛精工有限公司"


def test_create_application_individual_account_cannot_open_organization_form(
    open_edition, categories, person_user
):
    with pytest.raises(services.ApplicationError) as exc:
        services.create_application(
            owner=person_user, category=categories["general"], edition=open_edition
        )

    assert "不能填写" in exc.value.message
    assert Application.objects.count() == 0


def test_create_application_second_of_same_category_is_refused(open_edition, categories, org_user):
    services.create_application(
        owner=org_user, category=categories["general"], edition=open_edition
    )

    with pytest.raises(services.ApplicationError) as exc:
        services.create_application(
            owner=org_user, category=categories["general"], edition=open_edition
        )

    assert re.search(r"已有一份.*PZH3-\d{4}-0001", exc.value.message)


def test_create_application_unit_officer_is_refused(open_edition, categories, unit):
    officer = UserFactory(role="unit_officer", unit=unit)

    with pytest.raises(services.ApplicationError):
        services.create_application(
            owner=officer, category=categories["general"], edition=open_edition
        )


def test_save_draft_keeps_invalid_values_and_fills_only_valid_columns(make_draft, unit):
    data = {**valid_data("general", unit.pk), "credit_code": "91510400MA62A3B4C7"}

    application = make_draft("general", materials=False, data=data)

    application.refresh_from_db()
    assert application.data["credit_code"] == "91510400MA62A3B4C7"
    assert application.data["revenue_1"] == "1,200.50"
    assert application.identifier == ""
    assert application.applicant_name == "攀枝花钒钛精工有限公司"
    assert application.unit_id == unit.pk
    assert application.publicity_start is not None


def test_save_draft_by_another_applicant_is_refused(make_draft):
    application = make_draft("general", materials=False)
    stranger = UserFactory(applicant_kind="organization")

    with pytest.raises(services.ApplicationError):
        services.save_draft(application=application, actor=stranger, values={"org_name": "x"})

    application.refresh_from_db()
    assert application.data["org_name"] == "攀枝花钒钛精工有限公司"


def test_save_draft_after_submission_is_refused(make_draft):
    application = make_draft("general")
    services.submit_application(application=application, actor=application.owner)

    with pytest.raises(services.ApplicationError) as exc:
        services.save_draft(
            application=application, actor=application.owner, values={"org_name": "改名"}
        )

    assert "不能修改" in exc.value.message
    application.refresh_from_db()
    assert application.data["org_name"] == "攀枝花钒钛精工有限公司"
