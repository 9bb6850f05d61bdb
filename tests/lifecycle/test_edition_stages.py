import pytest

from applications.lifecycle import TransitionError, advance_edition
from applications.models import Application, ApplicationEvent, EditionEvent, Stage, Status
from award_portal.accounts.models import Role
from tests.factories import ApplicationFactory, UserFactory
from tests.lifecycle.conftest import put, set_stage

# Working days are counted from today here: a day of a year the calendar knows.
pytestmark = [pytest.mark.django_db, pytest.mark.now("2026-11-16")]


def test_edition_moves_through_stages_in_order_with_audit(edition):
    office = UserFactory(role=Role.CITY_OFFICE)

    advance_edition(edition=edition, actor=office, reason="申报截止")
    advance_edition(edition=edition, actor=office)

    edition.refresh_from_db()
    assert edition.stage == Stage.ACCEPTANCE
    assert list(EditionEvent.objects.values_list("from_stage", "to_stage")) == [
        (Stage.APPLICATION, Stage.PRECHECK),
        (Stage.PRECHECK, Stage.ACCEPTANCE),
    ]


def test_stale_edition_cannot_be_advanced_twice(edition):
    office = UserFactory(role=Role.CITY_OFFICE)
    stale = type(edition).objects.get(pk=edition.pk)
    advance_edition(edition=edition, actor=office)

    with pytest.raises(TransitionError) as excinfo:
        advance_edition(edition=stale, actor=office)

    assert excinfo.value.code == "already_done"
    assert EditionEvent.objects.count() == 1


def test_only_the_city_office_advances_an_edition(edition):
    with pytest.raises(TransitionError):
        advance_edition(edition=edition, actor=UserFactory(role=Role.LEADER))

    edition.refresh_from_db()
    assert edition.stage == Stage.APPLICATION


def test_acceptance_stage_closes_only_after_its_publicity(edition):
    set_stage(edition, Stage.ACCEPTANCE)
    put(ApplicationFactory(edition=edition), Status.ACCEPTED)

    with pytest.raises(TransitionError) as excinfo:
        advance_edition(edition=edition, actor=UserFactory(role=Role.CITY_OFFICE))

    assert excinfo.value.message == "受理名单尚未公示。"
    edition.refresh_from_db()
    assert edition.stage == Stage.ACCEPTANCE


def test_entering_material_review_moves_every_accepted_application(edition):
    from datetime import timedelta

    from publicity.windows import services as windows
    from tests.publicity.factories import published_acceptance_window

    set_stage(edition, Stage.ACCEPTANCE)
    accepted = [put(ApplicationFactory(edition=edition), Status.ACCEPTED) for _ in range(2)]
    rejected = put(ApplicationFactory(edition=edition), Status.NOT_ACCEPTED)
    office = UserFactory(role=Role.CITY_OFFICE)
    window = published_acceptance_window(accepted, actor=office)
    windows.close_window(window_id=window.pk, today=window.end_date + timedelta(days=1))

    advance_edition(edition=edition, actor=office)

    statuses = dict(Application.objects.values_list("pk", "status"))
    assert [statuses[a.pk] for a in accepted] == [Status.MATERIAL_REVIEW] * 2
    assert statuses[rejected.pk] == Status.NOT_ACCEPTED
    assert ApplicationEvent.objects.filter(to_status=Status.MATERIAL_REVIEW).count() == 2


def test_closed_edition_goes_no_further(edition):
    set_stage(edition, Stage.CLOSED)

    with pytest.raises(TransitionError) as excinfo:
        advance_edition(edition=edition, actor=UserFactory(role=Role.CITY_OFFICE))

    assert excinfo.value.message == "本届评选已经结束。"
