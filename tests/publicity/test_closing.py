from datetime import date

import pytest

from applications.models import Notification
from publicity import hooks, reminders, tasks
from publicity.models import DeadlineReminder, PublicityWindow, WindowEvent, WindowKind
from publicity.objections import services as objections
from publicity.windows import services as windows
from tests.factories import EditionFactory, UnitOfficerFactory
from tests.publicity.factories import (
    CityOfficeFactory,
    EndedWindowFactory,
    EntryFactory,
    ObjectionFactory,
    PublishedWindowFactory,
)

# Working days are counted from today here: a day of a year the calendar knows.
pytestmark = [pytest.mark.django_db, pytest.mark.now("2026-11-16")]


def _events(window):
    return list(window.events.order_by("id").values_list("kind", flat=True))


def test_close_ended_windows_twice_closes_and_fires_once(hook_calls):
    window = EndedWindowFactory()
    EntryFactory(window=window)

    first = tasks.close_ended_windows.delay().get()
    second = tasks.close_ended_windows.delay().get()

    window.refresh_from_db()
    assert (first, second) == (1, 0)
    assert window.status == PublicityWindow.Status.CLOSED
    assert _events(window) == ["closed", "outcome_fired"]
    assert [(event, call["window"].pk, call["actor"]) for event, call in hook_calls] == [
        ("window_closed", window.pk, None)
    ]


def test_close_window_still_open_does_nothing(hook_calls):
    window = PublishedWindowFactory()

    assert windows.close_window(window_id=window.pk) is False

    window.refresh_from_db()
    assert window.status == PublicityWindow.Status.PUBLISHED
    assert hook_calls == []


def test_close_window_waits_for_open_objections_then_last_decision_fires(hook_calls):
    objection = ObjectionFactory(entry__window=EndedWindowFactory())
    window = objection.window

    windows.close_window(window_id=window.pk)
    window.refresh_from_db()
    assert window.status == PublicityWindow.Status.CLOSED
    assert hook_calls == []

    office = CityOfficeFactory()
    objections.decide_objection(objection=objection, actor=office, upheld=True, finding="属实。")
    tasks.close_ended_windows.delay().get()

    assert [event for event, _call in hook_calls] == ["objection_upheld", "window_closed"]
    assert _events(window) == ["closed", "objection_upheld", "outcome_fired"]


def test_close_window_failing_handler_rolls_back_and_is_retried():
    window = EndedWindowFactory()
    attempts = []

    def fragile(*, window, actor):
        attempts.append(window.pk)
        if len(attempts) == 1:
            raise RuntimeError("crash half-way")

    hooks.register(hooks.WINDOW_CLOSED, WindowKind.ACCEPTANCE, fragile)
    try:
        assert tasks.close_ended_windows.delay().get() == 0
        window.refresh_from_db()
        assert window.status == PublicityWindow.Status.PUBLISHED
        assert _events(window) == []

        assert tasks.close_ended_windows.delay().get() == 1
        assert tasks.close_ended_windows.delay().get() == 0
    finally:
        hooks.unregister(hooks.WINDOW_CLOSED, WindowKind.ACCEPTANCE, fragile)

    assert attempts == [window.pk, window.pk]
    assert _events(window) == ["closed", "outcome_fired"]


def test_window_event_closed_twice_is_refused_by_the_database():
    from django.db import IntegrityError

    window = EndedWindowFactory()
    WindowEvent.objects.create(window=window, kind=WindowEvent.Kind.CLOSED)

    with pytest.raises(IntegrityError):
        WindowEvent.objects.create(window=window, kind=WindowEvent.Kind.CLOSED)


def test_send_deadline_reminders_twice_sends_once():
    office = CityOfficeFactory(email="office@example.cn")
    # Mon 2023-02-20: the window ends Tue 02-21, one working day later.
    window = PublishedWindowFactory(
        start_date=date(2023, 2, 15), end_date=date(2023, 2, 21), created_by=office
    )

    first = reminders.send_deadline_reminders(today=date(2023, 2, 20))
    second = reminders.send_deadline_reminders(today=date(2023, 2, 20))

    assert (first, second) == (1, 0)
    reminder = DeadlineReminder.objects.get()
    assert reminder.key == f"window:{window.pk}:end:20230221"
    assert list(Notification.objects.values_list("recipient", flat=True)) == [office.email]


def test_send_deadline_reminders_too_early_sends_nothing():
    PublishedWindowFactory(start_date=date(2023, 2, 15), end_date=date(2023, 2, 21))

    # Wed 02-15: 16, 17, 20, 21 are four working days ahead.
    assert reminders.send_deadline_reminders(today=date(2023, 2, 15)) == 0
    assert DeadlineReminder.objects.count() == 0


def test_send_deadline_reminders_recommendation_deadline_reaches_unit_officers():
    edition = EditionFactory(
        applications_open=date(2023, 2, 15), recommendation_deadline=date(2023, 3, 15)
    )
    officer = UnitOfficerFactory(email="officer@example.cn")

    # Mon 2023-03-13: 14 and 15 are the last two working days.
    sent = reminders.send_deadline_reminders(today=date(2023, 3, 13))

    assert sent == 1
    assert DeadlineReminder.objects.get().key == f"edition:{edition.pk}:recommendation:20230315"
    assert sorted(Notification.objects.values_list("recipient", flat=True)) == sorted(
        {officer.email, officer.unit.email}
    )
