"""The recommending unit's pre-check and the city office's acceptance take hostile input."""

import pytest
from django.urls import reverse
from hypothesis import given

from applications.models import Stage, Status
from award_portal.accounts.models import Role
from tests.badinput.helpers import NUL_REFUSED, answered, hostile, post_hostile_values
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


def _back_to(application, status):
    """Put `application` back in `status` after a valid move went through."""
    application.refresh_from_db()
    if application.status != status:
        put(application, status)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("world", "name"),
    [
        *(("precheck_world", name) for name in sorted(UNIT_FORMS)),
        *(("acceptance_world", name) for name in sorted(OFFICE_FORMS)),
    ],
)
def test_application_form_with_hostile_values_saves_or_explains(request, client, world, name):
    """The unit's pre-check forms and the office's acceptance forms on one application."""
    application, user = request.getfixturevalue(world)
    status = application.status
    client.force_login(user)

    post_hostile_values(
        client,
        reverse(f"applications:{name}", args=[application.pk]),
        {**UNIT_FORMS, **OFFICE_FORMS}[name],
        answers=(302, 400, NUL_REFUSED),
        then=lambda: _back_to(application, status),
    )


@pytest.mark.django_db
def test_unit_bulk_recommend_with_hostile_ids_is_refused_with_message(precheck_world, client):
    application, officer = precheck_world
    client.force_login(officer)

    post_hostile_values(
        client,
        reverse("applications:unit_bulk_recommend"),
        ("ids", "opinion"),
        answers=(302, 400, NUL_REFUSED),
        then=lambda: put(application, Status.SUBMITTED),
    )


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["office_extensions", "office_acceptance_publicize"])
def test_office_edition_form_with_hostile_values_saves_or_explains(acceptance_world, client, name):
    application, office = acceptance_world
    client.force_login(office)
    fields = {
        "office_extensions": ("unit", "until", "reason"),
        "office_acceptance_publicize": ("start_date", "workdays"),
    }[name]

    post_hostile_values(
        client, reverse(f"applications:{name}"), fields, answers=(200, 302, 400, NUL_REFUSED)
    )


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
