"""属地: characters 3-8 of an organization's 统一社会信用代码 name the division of the authority
that registered it; a county channel of another division gets a reminder, never a refusal."""

import pytest
from django.urls import reverse

from applications.intake.selectors import credit_code_division, locality_warning
from applications.models import RecommendingUnit, Status
from tests.factories import (
    ApplicationFactory,
    CategoryFactory,
    EditionFactory,
    UnitFactory,
    UnitOfficerFactory,
)
from tests.precheck.conftest import put

# Valid codes (GB 32100 check character) registered in 东区 (510402), 西区 (510403) and by the
# city (510400).
EAST_CODE = "91510402MA62000008"
WEST_CODE = "91510403MA6200000N"
CITY_CODE = "91510400MA62A3B4C6"


@pytest.fixture
def east(db):
    return UnitFactory(name="东区", division_code="510402")


@pytest.fixture
def west(db):
    return UnitFactory(name="西区", division_code="510403")


def _application(unit, code, **kwargs):
    return ApplicationFactory(
        edition=EditionFactory(),
        unit=unit,
        identifier=code,
        applicant_name="攀枝花测试企业",
        **kwargs,
    )


def test_credit_code_division_reads_characters_three_to_eight():
    assert [credit_code_division(c) for c in (EAST_CODE, CITY_CODE, "915104", "91ABCDEF")] == [
        "510402",
        "510400",
        "",
        "",
    ]


def test_locality_of_a_code_registered_in_the_chosen_county_is_quiet(east):
    assert locality_warning(_application(east, EAST_CODE)) == ""


def test_locality_of_another_countys_code_is_pointed_out(east, west):
    warning = locality_warning(_application(east, WEST_CODE))

    assert warning == (
        "属地提示：统一社会信用代码第3至8位显示该组织的登记机关所在地为西区（510403），"
        "与所选推荐渠道东区（510402）不一致。请确认该组织属于东区；由推荐单位初核时确认，"
        "不影响提交。"
    )


def test_locality_of_a_city_registered_code_is_pointed_out(east):
    warning = locality_warning(_application(east, CITY_CODE))

    assert "登记机关所在地为市级或以上登记机关（510400）" in warning


def test_locality_is_not_checked_for_a_department(db):
    department = UnitFactory(
        name="市经济和信息化局", kind=RecommendingUnit.Kind.DEPARTMENT, division_code="510400"
    )

    assert locality_warning(_application(department, WEST_CODE)) == ""


def test_locality_is_not_checked_for_a_unit_without_division_or_an_individual(db):
    no_code = UnitFactory(name="新设区", division_code="")
    east = UnitFactory(name="东区", division_code="510402")
    person = CategoryFactory(code="individual", name="个人", kind="individual", order=5)

    assert locality_warning(_application(no_code, WEST_CODE)) == ""
    assert locality_warning(_application(east, "510403198506152425", category=person)) == ""


def test_applicant_sees_the_reminder_on_the_form_and_the_detail_page(client, east, west):
    application = _application(east, WEST_CODE)
    client.force_login(application.owner)

    edit = client.get(reverse("applications:edit", kwargs={"pk": application.pk}))
    detail = client.get(reverse("applications:detail", kwargs={"pk": application.pk}))

    for page in (edit, detail):
        assert page.status_code == 200
        assert "与所选推荐渠道东区（510402）不一致" in page.content.decode()


def test_applicant_with_a_matching_code_sees_no_reminder(client, east):
    application = _application(east, EAST_CODE)
    client.force_login(application.owner)

    detail = client.get(reverse("applications:detail", kwargs={"pk": application.pk}))

    assert 'id="locality-warning"' not in detail.content.decode()


def test_unit_sees_the_reminder_on_its_review_page(client, east, west):
    application = put(_application(east, WEST_CODE), Status.SUBMITTED)
    client.force_login(UnitOfficerFactory(unit=east, username="dong"))

    page = client.get(reverse("applications:unit_review", kwargs={"pk": application.pk}))

    assert "与所选推荐渠道东区（510402）不一致" in page.content.decode()


@pytest.mark.now("2026-03-02")  # the internal publicity's working days: a year with a calendar
def test_the_reminder_does_not_block_the_submission(client, open_edition, categories, org_user):
    from applications.intake import services
    from tests.applications import helpers
    from tests.applications.conftest import attach_all_materials

    east = UnitFactory(name="东区", division_code="510402")
    application = services.create_application(
        owner=org_user, category=categories["general"], edition=open_edition
    )
    services.save_draft(
        application=application,
        actor=org_user,
        values={**helpers.valid_data("general", east.pk), "credit_code": WEST_CODE},
    )
    attach_all_materials(application, org_user)

    services.submit_application(application=application, actor=org_user)

    application.refresh_from_db()
    assert locality_warning(application) != ""
    assert application.status == Status.SUBMITTED
