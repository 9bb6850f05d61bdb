"""The administrator's corrections: the undoing of an application's latest move, and only that."""

from datetime import timedelta

import pytest
from django.utils import timezone

from applications.lifecycle import TransitionError, allowed_corrections, transition
from applications.lifecycle.table import (
    CORRECTABLE_MOVES,
    CORRECTIONS,
    MOVES_BY_NAME,
    find_correction,
)
from applications.models import Application, ApplicationEvent, EditionEvent, Stage, Status
from award_portal.accounts.models import Role
from publicity.models import PublicityEntry, PublicityWindow, WindowKind
from tests.factories import AdministratorFactory
from tests.lifecycle.conftest import actor_for, made

pytestmark = pytest.mark.django_db

REASON = "推荐单位经办人误点，经电话核实后更正。"


def correct(application, to, actor):
    """Undo the latest move of `application`, back to `to`, with the reason an admin gives."""
    return transition(application=application, to=to, actor=actor, reason=REASON, correction=True)


@pytest.fixture
def admin_user(db):
    return AdministratorFactory()


def test_corrections_are_the_reverse_edges_of_the_correctable_moves():
    edges = {(c.undoes, c.target, c.sources[0]) for c in CORRECTIONS}

    expected = {
        (name, source, MOVES_BY_NAME[name].target)
        for name in CORRECTABLE_MOVES
        for source in MOVES_BY_NAME[name].sources
    }
    assert edges == expected
    assert {c.roles for c in CORRECTIONS} == {frozenset({Role.ADMIN})}
    assert all(c.reason_required for c in CORRECTIONS)


@pytest.mark.parametrize("correction", CORRECTIONS, ids=lambda c: f"{c.name}-{c.target}")
def test_correction_undoes_the_latest_move(correction, organization_app, admin_user):
    application = made(organization_app, correction.undoes, correction.target)

    event = correct(application, correction.target, admin_user)

    application.refresh_from_db()
    assert application.status == correction.target
    assert (event.move, event.from_status, event.to_status) == (
        correction.name,
        correction.sources[0],
        correction.target,
    )
    assert (event.actor, event.actor_role, event.reason) == (admin_user, Role.ADMIN, REASON)


@pytest.mark.parametrize("role", [r for r in Role.values if r != Role.ADMIN])
def test_correction_is_refused_for_every_other_role(role, organization_app):
    application = made(organization_app, "return", Status.SUBMITTED)
    actor = actor_for(role, application)

    with pytest.raises(TransitionError) as excinfo:
        correct(application, Status.SUBMITTED, actor)

    assert excinfo.value.code == "forbidden"
    assert Application.objects.get(pk=application.pk).status == Status.RETURNED
    assert allowed_corrections(application, actor) == []


def test_admin_makes_no_move_of_the_table(organization_app, admin_user):
    application = made(organization_app, "return", Status.SUBMITTED)

    with pytest.raises(TransitionError) as excinfo:
        transition(application=application, to=Status.SUBMITTED, actor=admin_user, reason=REASON)

    assert excinfo.value.code == "forbidden"


def test_correction_without_a_reason_is_refused(organization_app, admin_user):
    application = made(organization_app, "return", Status.SUBMITTED)

    with pytest.raises(TransitionError) as excinfo:
        transition(application=application, to=Status.SUBMITTED, actor=admin_user, correction=True)

    assert excinfo.value.code == "reason_required"
    assert excinfo.value.message == "执行“更正：撤销“退回修改””须填写理由。"
    assert ApplicationEvent.objects.filter(move="undo_return").count() == 0


def test_only_the_latest_move_is_corrected(organization_app, admin_user):
    application = made(organization_app, "submit", Status.DRAFT)
    made(application, "return", Status.SUBMITTED)
    made(application, "resubmit", Status.RETURNED)

    with pytest.raises(TransitionError) as excinfo:
        # submitted → draft would undo the first submission, not the latest move
        correct(application, Status.DRAFT, admin_user)

    assert excinfo.value.code == "guard"
    assert excinfo.value.message == (
        "只能更正这份申报最近的一次操作（“提交申报”不是它最近的操作）。"
    )
    assert Application.objects.get(pk=application.pk).status == Status.SUBMITTED
    assert [c.name for c in allowed_corrections(application, admin_user)] == ["undo_resubmit"]


def test_a_correction_is_not_corrected(organization_app, admin_user):
    application = made(organization_app, "return", Status.SUBMITTED)
    correct(application, Status.SUBMITTED, admin_user)

    assert allowed_corrections(application, admin_user) == []
    with pytest.raises(TransitionError) as excinfo:
        correct(application, Status.RETURNED, admin_user)
    assert excinfo.value.code == "guard"  # submitted → returned would undo a "resubmit"


def test_no_correction_once_the_edition_moved_on(organization_app, admin_user):
    application = made(organization_app, "accept", Status.RECOMMENDED)
    EditionEvent.objects.create(
        edition=application.edition,
        from_stage=Stage.ACCEPTANCE,
        to_stage=Stage.MATERIAL_REVIEW,
        actor_name="市质量强市办",
    )

    with pytest.raises(TransitionError) as excinfo:
        correct(application, Status.RECOMMENDED, admin_user)

    assert excinfo.value.code == "guard"
    assert excinfo.value.message == "该操作之后本届评选已进入下一阶段，不能再更正。"
    assert allowed_corrections(application, admin_user) == []


def test_no_correction_once_on_a_published_list(organization_app, admin_user):
    application = made(organization_app, "accept", Status.RECOMMENDED)
    today = timezone.localdate()
    window = PublicityWindow.objects.create(
        edition=application.edition,
        kind=WindowKind.ACCEPTANCE,
        title="受理名单公示",
        body="公示内容",
        start_date=today,
        end_date=today + timedelta(days=7),
        status=PublicityWindow.Status.PUBLISHED,
        created_by=admin_user,
    )
    PublicityEntry.objects.create(
        window=window,
        application=application,
        position=1,
        display_name=application.applicant_name,
        category_name="制造业",
    )

    with pytest.raises(TransitionError) as excinfo:
        correct(application, Status.RECOMMENDED, admin_user)

    assert excinfo.value.code == "guard"
    assert "已列入已发布的公示名单" in excinfo.value.message
    assert allowed_corrections(application, admin_user) == []


def test_undoing_a_submission_clears_the_submission_time(organization_app, admin_user):
    application = made(organization_app, "submit", Status.DRAFT)
    assert application.submitted_at is not None

    correct(application, Status.DRAFT, admin_user)

    assert Application.objects.get(pk=application.pk).submitted_at is None


def test_undoing_a_return_clears_its_notes_and_keeps_the_submission_time(
    organization_app, admin_user
):
    application = made(organization_app, "return", Status.SUBMITTED)
    Application.objects.filter(pk=application.pk).update(return_notes={"org_name": "名称有误"})
    submitted_at = Application.objects.get(pk=application.pk).submitted_at

    correct(application, Status.SUBMITTED, admin_user)

    application.refresh_from_db()
    assert (application.return_notes, application.submitted_at) == ({}, submitted_at)


def test_find_correction_knows_only_the_correction_table():
    assert find_correction(Status.RETURNED, Status.SUBMITTED).name == "undo_return"
    assert find_correction(Status.DRAFT, Status.SUBMITTED) is None
    assert find_correction(Status.AWARDED, Status.APPROVED) is None
