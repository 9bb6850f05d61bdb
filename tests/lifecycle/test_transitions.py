import itertools

import pytest
from django.db import connection

from applications.lifecycle import STAGE_OF_STATUS, TransitionError, transition
from applications.lifecycle.table import MOVES, find_move
from applications.models import Application, ApplicationEvent, Stage, Status
from award_portal.accounts.models import Role
from tests.factories import ApplicationFactory, UnitOfficerFactory, UserFactory
from tests.lifecycle.conftest import actor_for, move_data, put, set_stage
from tests.threads import run_at_once

pytestmark = pytest.mark.django_db

CASES = [(move, source) for move in MOVES for source in move.sources]


def _prepare(move, source, organization_app, individual_app):
    needs_individual = "individuals_only" in move.guards
    application = individual_app if needs_individual else organization_app
    stage = move.stages[0] if move.stages else STAGE_OF_STATUS.get(source, Stage.APPLICATION)
    set_stage(application.edition, stage)
    return put(application, source)


REFUSED = [(m, s, r) for m, s in CASES for r in Role.values if r not in m.roles]


@pytest.mark.parametrize(("move", "source", "role"), REFUSED, ids=lambda v: getattr(v, "name", v))
def test_move_is_refused_for_every_role_not_in_the_table(
    move, source, role, organization_app, individual_app
):
    application = _prepare(move, source, organization_app, individual_app)
    actor = actor_for(role, application)

    with pytest.raises(TransitionError) as excinfo:
        transition(application=application, to=move.target, actor=actor, reason="理由")

    assert excinfo.value.code == "forbidden"
    application.refresh_from_db()
    assert application.status == source
    assert ApplicationEvent.objects.count() == 0


@pytest.mark.parametrize(("move", "source"), CASES, ids=lambda v: getattr(v, "name", v))
def test_move_is_allowed_for_its_roles(move, source, organization_app, individual_app):
    application = _prepare(move, source, organization_app, individual_app)
    for role in sorted(move.roles):
        put(application, source)
        actor = actor_for(role, application)
        try:
            event = transition(
                application=application,
                to=move.target,
                actor=actor,
                reason="理由",
                data=move_data(move),
            )
        except TransitionError as exc:
            # Only a guard of a later stage may still say no; never the role or the table.
            assert exc.code == "guard", (role, exc.message)
            assert move.guards
            continue
        assert (event.from_status, event.to_status, event.move) == (source, move.target, move.name)
        assert Application.objects.get(pk=application.pk).status == move.target


def test_moves_without_guards_succeed_for_every_allowed_role(organization_app, individual_app):
    for move, source in CASES:
        if move.guards:
            continue
        application = _prepare(move, source, organization_app, individual_app)
        for role in move.roles:
            put(application, source)
            transition(
                application=application,
                to=move.target,
                actor=actor_for(role, application),
                reason="理由",
                data=move_data(move),
            )
            assert Application.objects.get(pk=application.pk).status == move.target


@pytest.mark.parametrize(
    "move", [m for m in MOVES if m.fields], ids=lambda v: getattr(v, "name", v)
)
def test_move_is_refused_without_its_fields(move, organization_app, individual_app):
    application = _prepare(move, move.sources[0], organization_app, individual_app)
    actor = actor_for(sorted(move.roles)[0], application)

    refusals = []
    for missing in move.fields:
        with pytest.raises(TransitionError) as excinfo:
            transition(
                application=application,
                to=move.target,
                actor=actor,
                reason="理由",
                data={**move_data(move), missing.name: " "},
            )
        refusals.append((excinfo.value.code, excinfo.value.message))

    assert refusals == [("data_required", f"请填写{f.label}。") for f in move.fields]
    assert Application.objects.get(pk=application.pk).status == move.sources[0]
    assert ApplicationEvent.objects.count() == 0


@pytest.mark.parametrize(
    ("source", "target"),
    [
        (s, t)
        for s, t in itertools.product(Status.values, Status.values)
        if s != t and find_move(s, t) is None
    ],
)
def test_every_move_not_in_the_table_is_refused(source, target, organization_app):
    application = put(organization_app, source)
    office = UserFactory(role=Role.CITY_OFFICE)

    with pytest.raises(TransitionError) as excinfo:
        transition(application=application, to=target, actor=office, reason="理由")

    assert excinfo.value.code == "not_allowed"
    assert Application.objects.get(pk=application.pk).status == source
    assert ApplicationEvent.objects.count() == 0


def test_repeating_a_finished_move_is_a_clear_error(organization_app):
    application = put(organization_app, Status.SUBMITTED)
    officer = UnitOfficerFactory(unit=application.unit)
    transition(application=application, to=Status.RETURNED, actor=officer, reason="缺少证实性材料")

    with pytest.raises(TransitionError) as excinfo:
        transition(application=application, to=Status.RETURNED, actor=officer, reason="再次")

    assert excinfo.value.code == "already_done"
    assert "无需重复操作" in excinfo.value.message
    assert ApplicationEvent.objects.count() == 1


def test_unit_officer_of_another_unit_is_refused(organization_app):
    application = put(organization_app, Status.SUBMITTED)
    stranger = UnitOfficerFactory()

    with pytest.raises(TransitionError) as excinfo:
        transition(application=application, to=Status.RETURNED, actor=stranger, reason="x")

    assert excinfo.value.code == "forbidden"
    assert ApplicationEvent.objects.count() == 0


def test_another_applicant_cannot_withdraw(organization_app):
    with pytest.raises(TransitionError) as excinfo:
        transition(
            application=organization_app, to=Status.WITHDRAWN, actor=UserFactory(), reason=""
        )

    assert excinfo.value.code == "forbidden"


def test_collaborator_may_act_like_the_owner(organization_app):
    colleague = UserFactory()
    organization_app.collaborators.add(colleague)

    transition(application=organization_app, to=Status.WITHDRAWN, actor=colleague)

    assert Application.objects.get(pk=organization_app.pk).status == Status.WITHDRAWN


@pytest.mark.parametrize(
    ("stage", "reason", "code", "message"),
    [
        # the table asks a reason of a return (the edition in the stage it was made in)
        (None, "   ", "reason_required", "须填写理由"),
        (Stage.MATERIAL_REVIEW, "x", "wrong_stage", "材料评审"),
    ],
    ids=["reason_is_required_where_the_table_says_so", "move_outside_its_edition_stage"],
)
def test_unit_return_is_refused(organization_app, stage, reason, code, message):
    application = put(organization_app, Status.SUBMITTED)
    if stage is not None:
        set_stage(application.edition, stage)
    officer = UnitOfficerFactory(unit=application.unit)

    with pytest.raises(TransitionError) as excinfo:
        transition(application=application, to=Status.RETURNED, actor=officer, reason=reason)

    assert excinfo.value.code == code
    assert message in excinfo.value.message


def test_organization_cannot_skip_defense(organization_app):
    application = put(organization_app, Status.ONSITE_REVIEW)
    set_stage(application.edition, Stage.ONSITE_REVIEW)

    with pytest.raises(TransitionError) as excinfo:
        transition(
            application=application,
            to=Status.DELIBERATION,
            actor=UserFactory(role=Role.CITY_OFFICE),
        )

    assert excinfo.value.message == "申报组织须经过陈述答辩后方可进入审议。"


def test_individual_has_no_defense(individual_app):
    application = put(individual_app, Status.ONSITE_REVIEW)
    set_stage(application.edition, Stage.ONSITE_REVIEW)

    with pytest.raises(TransitionError) as excinfo:
        transition(
            application=application, to=Status.DEFENSE, actor=UserFactory(role=Role.CITY_OFFICE)
        )

    assert excinfo.value.message == "陈述答辩仅适用于申报组织。"


def test_elimination_records_the_stage_where_it_ended(organization_app):
    application = put(organization_app, Status.MATERIAL_REVIEW)
    set_stage(application.edition, Stage.MATERIAL_REVIEW)

    transition(
        application=application,
        to=Status.ELIMINATED,
        actor=UserFactory(role=Role.CITY_OFFICE),
        reason="材料评审得分未达线",
    )

    application.refresh_from_db()
    assert (application.status, application.eliminated_stage) == (
        Status.ELIMINATED,
        Stage.MATERIAL_REVIEW,
    )


def test_audit_record_keeps_who_role_unit_when_why_and_ip(organization_app):
    application = put(organization_app, Status.SUBMITTED)
    officer = UnitOfficerFactory(unit=application.unit, full_name="王芳")

    event = transition(
        application=application,
        to=Status.RETURNED,
        actor=officer,
        reason="请补充近三年财务数据",
        ip="10.1.2.3",
    )

    event.refresh_from_db()
    assert (event.actor_name, event.actor_role, event.actor_unit) == (
        "王芳",
        Role.UNIT_OFFICER,
        application.unit.name,
    )
    assert (event.reason, event.ip_address) == ("请补充近三年财务数据", "10.1.2.3")
    assert event.at is not None


def test_audit_record_survives_deleting_the_user(organization_app):
    application = put(organization_app, Status.SUBMITTED)
    officer = UnitOfficerFactory(unit=application.unit, full_name="王芳")
    event = transition(application=application, to=Status.RETURNED, actor=officer, reason="x")

    officer.delete()

    event.refresh_from_db()
    assert (event.actor, event.actor_name) == (None, "王芳")


def test_audit_records_cannot_be_changed_or_deleted(organization_app):
    event = transition(
        application=organization_app, to=Status.WITHDRAWN, actor=organization_app.owner
    )

    with pytest.raises(PermissionError):
        event.reason = "forged"
        event.save()
    with pytest.raises(PermissionError):
        event.delete()
    with pytest.raises(PermissionError):
        ApplicationEvent.objects.filter(pk=event.pk).update(reason="forged")
    with pytest.raises(PermissionError):
        ApplicationEvent.objects.all().delete()
    assert ApplicationEvent.objects.get(pk=event.pk).reason == ""


def test_status_field_cannot_be_edited_through_forms():
    field = Application._meta.get_field("status")

    assert field.editable is False


@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_concurrent_moves_make_exactly_one_change():
    application = put(ApplicationFactory(), Status.SUBMITTED)
    officers = [UnitOfficerFactory(unit=application.unit) for _ in range(8)]
    results: list[str] = []

    def press(officer):
        try:
            transition(
                application=Application.objects.get(pk=application.pk),
                to=Status.RETURNED,
                actor=officer,
                reason="同时点击",
            )
            results.append("ok")
        except TransitionError as exc:
            results.append(exc.code)

    run_at_once(press, officers)

    assert sorted(results) == ["already_done"] * 7 + ["ok"]
    assert ApplicationEvent.objects.filter(application=application).count() == 1
    assert Application.objects.get(pk=application.pk).status == Status.RETURNED
