"""The recommending unit's pre-check and the city office's acceptance take hostile input."""

import pytest
from django.urls import reverse
from hypothesis import given

from applications.models import Stage, Status
from award_portal.accounts.models import Role
from tests.badinput.helpers import NUL_REFUSED, answered, hostile
from tests.badinput.strategies import hostile_form
from tests.factories import (
    ApplicationFactory,
    CategoryFactory,
    EditionFactory,
    UnitFactory,
    UnitOfficerFactory,
    UserFactory,
)
from tests.lifecycle.conftest import put, set_stage

FILTER_FIELDS = ("q", "category", "status", "unit", "date_from", "date_to", "sort", "page")

UNIT_FORMS = {
    "unit_checklist": (
        "completeness_ok",
        "completeness_note",
        "authenticity_ok",
        "authenticity_note",
        "accuracy_ok",
        "accuracy_note",
        "legality_ok",
        "legality_note",
    ),
    "unit_consultation": ("department", "consulted_on", "answer", "has_objection"),
    "unit_paper_copy": ("received_on", "copies", "note"),
    "unit_recommend": ("opinion",),
    "unit_return": ("reason", "item_1", "note_1", "item_2", "note_2"),
    "unit_not_recommend": ("reason",),
}
OFFICE_FORMS = {
    "office_check": (
        "qualification_ok",
        "qualification_note",
        "materials_ok",
        "materials_note",
    ),
    "office_consultation": ("department", "consulted_on", "answer", "has_objection"),
    "office_accept": ("note",),
    "office_not_accept": ("reason",),
    "office_withdraw": ("reason",),
}


@pytest.fixture
def precheck_world(db):
    edition = set_stage(EditionFactory(), Stage.PRECHECK)
    unit = UnitFactory(name="东区")
    application = put(
        ApplicationFactory(edition=edition, unit=unit, category=CategoryFactory()),
        Status.SUBMITTED,
    )
    return application, UnitOfficerFactory(unit=unit)


@pytest.fixture
def acceptance_world(db):
    edition = set_stage(EditionFactory(), Stage.ACCEPTANCE)
    application = put(
        ApplicationFactory(edition=edition, category=CategoryFactory()), Status.RECOMMENDED
    )
    return application, UserFactory(role=Role.CITY_OFFICE)


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(UNIT_FORMS))
def test_unit_precheck_form_with_hostile_values_saves_or_explains(precheck_world, client, name):
    application, officer = precheck_world
    client.force_login(officer)
    url = reverse(f"applications:{name}", args=[application.pk])

    @hostile
    @given(data=hostile_form(UNIT_FORMS[name]))
    def post(data):
        response = client.post(url, data)

        assert answered(response) in (302, 400, NUL_REFUSED)
        application.refresh_from_db()
        if application.status != Status.SUBMITTED:  # a valid move went through: start over
            put(application, Status.SUBMITTED)

    post()


@pytest.mark.django_db
def test_unit_bulk_recommend_with_hostile_ids_is_refused_with_message(precheck_world, client):
    application, officer = precheck_world
    client.force_login(officer)

    @hostile
    @given(data=hostile_form(("ids", "opinion")))
    def post(data):
        response = client.post(reverse("applications:unit_bulk_recommend"), data)

        assert answered(response) in (302, 400, NUL_REFUSED)
        put(application, Status.SUBMITTED)

    post()


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(OFFICE_FORMS))
def test_office_acceptance_form_with_hostile_values_saves_or_explains(
    acceptance_world, client, name
):
    application, office = acceptance_world
    client.force_login(office)
    url = reverse(f"applications:{name}", args=[application.pk])

    @hostile
    @given(data=hostile_form(OFFICE_FORMS[name]))
    def post(data):
        response = client.post(url, data)

        assert answered(response) in (302, 400, NUL_REFUSED)
        application.refresh_from_db()
        if application.status != Status.RECOMMENDED:
            put(application, Status.RECOMMENDED)

    post()


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["office_extensions", "office_acceptance_publicize"])
def test_office_edition_form_with_hostile_values_saves_or_explains(acceptance_world, client, name):
    application, office = acceptance_world
    client.force_login(office)
    fields = {
        "office_extensions": ("unit", "until", "reason"),
        "office_acceptance_publicize": ("start_date", "workdays"),
    }[name]

    @hostile
    @given(data=hostile_form(fields))
    def post(data):
        response = client.post(reverse(f"applications:{name}"), data)

        assert answered(response) in (200, 302, 400, NUL_REFUSED)

    post()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "role"),
    [
        ("unit_queue", Role.UNIT_OFFICER),
        ("unit_export", Role.UNIT_OFFICER),
        ("office_list", Role.CITY_OFFICE),
        ("office_export", Role.CITY_OFFICE),
    ],
)
def test_list_filters_with_hostile_values_are_ignored_with_message(
    precheck_world, client, name, role
):
    application, officer = precheck_world
    client.force_login(officer if role == Role.UNIT_OFFICER else UserFactory(role=role))

    @hostile
    @given(params=hostile_form(FILTER_FIELDS))
    def get(params):
        response = client.get(reverse(f"applications:{name}"), params)

        assert answered(response) in (200, NUL_REFUSED)

    get()
