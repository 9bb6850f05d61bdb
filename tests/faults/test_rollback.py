"""A database error in the middle of a move leaves no half state: the status, the audit record
and the outbox are written together or not at all."""

import pytest
from django.db import IntegrityError, connection

from applications.lifecycle import transition
from applications.models import Application, ApplicationEvent, Notification, Status
from publicity import hooks
from publicity.errors import PublicityError
from publicity.models import PublicityWindow, WindowEvent, WindowKind
from publicity.windows import services as windows
from tests.factories import ApplicationFactory, UnitOfficerFactory
from tests.lifecycle.conftest import put
from tests.publicity.factories import EndedWindowFactory, EntryFactory

FAILING_TABLES = {
    "postgresql": (
        """
        CREATE FUNCTION faults_refuse_insert() RETURNS trigger AS $$
        BEGIN
            RAISE EXCEPTION 'faults: insert into % refused', TG_TABLE_NAME
                USING ERRCODE = 'unique_violation';
        END $$ LANGUAGE plpgsql
        """,
        "CREATE TRIGGER faults_refuse BEFORE INSERT ON {table} "
        "FOR EACH ROW EXECUTE FUNCTION faults_refuse_insert()",
        (
            "DROP TRIGGER IF EXISTS faults_refuse ON {table}",
            "DROP FUNCTION IF EXISTS faults_refuse_insert()",
        ),
    ),
    "sqlite": (
        None,
        "CREATE TRIGGER faults_refuse BEFORE INSERT ON {table} "
        "BEGIN SELECT RAISE(ABORT, 'faults: insert refused'); END",
        ("DROP TRIGGER IF EXISTS faults_refuse",),
    ),
}


@pytest.fixture
def refuse_inserts_into(transactional_db):
    """Make the database refuse inserts into one table, as a full disk or a bad row would."""
    created = []

    def refuse(table: str) -> None:
        function, trigger, drops = FAILING_TABLES[connection.vendor]
        with connection.cursor() as cursor:
            if function:
                cursor.execute(function)
            cursor.execute(trigger.format(table=table))
        created.append(table)

    yield refuse
    _function, _trigger, drops = FAILING_TABLES[connection.vendor]
    with connection.cursor() as cursor:
        for table in created:
            for statement in drops:
                cursor.execute(statement.format(table=table))


@pytest.fixture
def submitted_with_template(transactional_db):
    from applications.models import EmailTemplate

    EmailTemplate.objects.create(
        key="return", subject="退回：{{ application }}", body="{{ reason }}"
    )
    application = put(ApplicationFactory(), Status.SUBMITTED)
    return application, UnitOfficerFactory(unit=application.unit)


@pytest.mark.parametrize("table", ["applications_notification", "applications_applicationevent"])
def test_move_failing_inside_its_transaction_leaves_nothing_behind(
    submitted_with_template, refuse_inserts_into, mailoutbox, table
):
    application, officer = submitted_with_template
    refuse_inserts_into(table)

    with pytest.raises(IntegrityError):
        transition(application=application, to=Status.RETURNED, actor=officer, reason="补充材料")

    assert Application.objects.get(pk=application.pk).status == Status.SUBMITTED
    assert ApplicationEvent.objects.count() == 0
    assert Notification.objects.count() == 0
    assert mailoutbox == []


def test_move_succeeds_once_after_the_database_recovers(
    submitted_with_template, refuse_inserts_into, mailoutbox
):
    application, officer = submitted_with_template
    refuse_inserts_into("applications_notification")
    with pytest.raises(IntegrityError):
        transition(application=application, to=Status.RETURNED, actor=officer, reason="补充材料")
    with connection.cursor() as cursor:  # the database recovers
        for statement in FAILING_TABLES[connection.vendor][2]:
            cursor.execute(statement.format(table="applications_notification"))

    transition(application=application, to=Status.RETURNED, actor=officer, reason="补充材料")

    assert Application.objects.get(pk=application.pk).status == Status.RETURNED
    assert list(ApplicationEvent.objects.values_list("move", flat=True)) == ["return"]
    assert [m.to for m in mailoutbox] == [[application.owner.email]]


@pytest.mark.django_db(transaction=True)
def test_window_step_raising_a_database_error_rolls_the_closing_back():
    window = EndedWindowFactory()
    EntryFactory(window=window)
    calls = []

    def broken_next_step(*, window, actor):
        calls.append(window.pk)
        Notification.objects.create(recipient="next@example.cn", subject="x", body="x")
        raise IntegrityError("duplicate key value violates unique constraint")

    hooks.register(hooks.WINDOW_CLOSED, WindowKind.ACCEPTANCE, broken_next_step)
    try:
        with pytest.raises(PublicityError) as failed:
            windows.close_window(window_id=window.pk)
    finally:
        hooks.unregister(hooks.WINDOW_CLOSED, WindowKind.ACCEPTANCE, broken_next_step)

    assert "duplicate key" in failed.value.message
    window.refresh_from_db()
    assert (window.status, window.closed_at, window.outcome_fired_at) == (
        PublicityWindow.Status.PUBLISHED,
        None,
        None,
    )
    assert WindowEvent.objects.count() == 0
    assert Notification.objects.count() == 0
    assert calls == [window.pk]

    # The next beat run, with the step repaired, closes it once.
    assert windows.close_window(window_id=window.pk) is True
    assert windows.close_window(window_id=window.pk) is False
    assert list(window.events.values_list("kind", flat=True)) == [
        WindowEvent.Kind.CLOSED,
        WindowEvent.Kind.OUTCOME_FIRED,
    ]
