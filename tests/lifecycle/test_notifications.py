import pytest

from applications.lifecycle import transition
from applications.models import Notification, Status
from applications.tasks import send_pending_notifications
from tests.factories import ApplicationFactory, UnitOfficerFactory, UserFactory
from tests.lifecycle.conftest import put

pytestmark = pytest.mark.django_db


@pytest.fixture
def email_templates(reference_data):
    return None


def _return(application, *, capture):
    officer = UnitOfficerFactory(unit=application.unit)
    with capture(execute=True):
        return transition(
            application=application, to=Status.RETURNED, actor=officer, reason="请补充财务数据"
        )


def test_returned_application_emails_the_applicant_once(
    email_templates, mailoutbox, django_capture_on_commit_callbacks
):
    owner = UserFactory(email="qiye@example.cn")
    application = put(ApplicationFactory(owner=owner), Status.SUBMITTED)

    _return(application, capture=django_capture_on_commit_callbacks)

    assert [m.to for m in mailoutbox] == [["qiye@example.cn"]]
    assert mailoutbox[0].subject == "【市政府质量奖】您的申报被退回修改"
    assert "退回理由：请补充财务数据" in mailoutbox[0].body
    assert Notification.objects.get().status == Notification.Status.SENT


def test_collaborators_are_told_too(
    email_templates, mailoutbox, django_capture_on_commit_callbacks
):
    application = put(ApplicationFactory(), Status.SUBMITTED)
    application.collaborators.add(UserFactory(email="tongshi@example.cn"))

    _return(application, capture=django_capture_on_commit_callbacks)

    assert sorted(m.to[0] for m in mailoutbox) == sorted(
        [application.owner.email, "tongshi@example.cn"]
    )


def test_moves_that_concern_no_one_send_nothing(
    email_templates, mailoutbox, django_capture_on_commit_callbacks
):
    application = ApplicationFactory()

    with django_capture_on_commit_callbacks(execute=True):
        transition(application=application, to=Status.WITHDRAWN, actor=application.owner)

    assert mailoutbox == []
    assert Notification.objects.count() == 0


def test_failed_send_is_retried_without_repeating_the_move(
    email_templates, settings, mailoutbox, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 9, 2
    application = put(ApplicationFactory(), Status.SUBMITTED)

    event = _return(application, capture=django_capture_on_commit_callbacks)

    notification = Notification.objects.get()
    assert (notification.status, notification.attempts) == (Notification.Status.FAILED, 1)
    assert notification.last_error

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    Notification.objects.filter(pk=notification.pk).update(
        created_at=notification.created_at.replace(year=2020)
    )
    assert send_pending_notifications() == 1
    assert send_pending_notifications() == 0

    assert len(mailoutbox) == 1
    assert Notification.objects.get().status == Notification.Status.SENT
    assert event.application.events.count() == 1


def test_email_templates_are_editable(
    email_templates, mailoutbox, django_capture_on_commit_callbacks
):
    from applications.models import EmailTemplate

    EmailTemplate.objects.filter(key="return").update(subject="请修改申报 {{ reference }}")
    application = put(ApplicationFactory(), Status.SUBMITTED)

    _return(application, capture=django_capture_on_commit_callbacks)

    assert mailoutbox[0].subject == f"请修改申报 {application.reference}"
