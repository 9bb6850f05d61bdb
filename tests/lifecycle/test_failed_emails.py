"""Emails built from what people typed are sent, and those that fail reach the city office.

A name typed with "\\r\\n" made the invitation email to that organization fail on every try
(the mail library refuses a line break in a subject) while the page said it was sent. Subjects
are now made one line where mails are sent; the pages say an email was queued, not sent; and
the office's progress page lists the emails that failed, each with a button to send it again.
"""

import pytest
from django.contrib.messages import get_messages
from django.core import mail
from django.urls import reverse

from applications import notifications
from applications.models import Invitation, Notification
from award_portal.accounts.models import Role
from tests.factories import ApplicationFactory, UserFactory

pytestmark = pytest.mark.django_db


def _messages(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def test_invitation_to_an_application_named_over_two_lines_is_sent_on_one_line(
    client, django_capture_on_commit_callbacks
):
    # A name saved before one-line fields were checked.
    application = ApplicationFactory(applicant_name="攀枝花钒钛\r\n精工")
    client.force_login(application.owner)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("applications:invite", args=[application.pk]),
            {"email": "colleague@example.cn"},
        )

    assert _messages(response) == ["已邀请 colleague@example.cn，邀请邮件已加入发送队列。"]
    assert [m.subject for m in mail.outbox] == ["邀请您共同填写攀枝花钒钛 精工的质量奖申报"]
    assert Notification.objects.get().status == Notification.Status.SENT
    assert Invitation.objects.get().email == "colleague@example.cn"


def _failed(**kwargs) -> Notification:
    return Notification.objects.create(
        **{
            "recipient": "colleague@example.cn",
            "subject": "邀请您共同填写攀枝花钒钛精工的质量奖申报",
            "body": "邀请链接见下。",
            "status": Notification.Status.FAILED,
            "attempts": notifications.MAX_ATTEMPTS,
            "last_error": "SMTP 550 mailbox unavailable",
            **kwargs,
        }
    )


def test_office_sees_failed_emails_on_the_progress_page_and_sends_one_again(
    client, edition, django_capture_on_commit_callbacks
):
    failed = _failed()
    _failed(recipient="other@example.cn", attempts=1)
    sent = _failed(recipient="done@example.cn", status=Notification.Status.SENT)
    client.force_login(UserFactory(role=Role.CITY_OFFICE))

    page = client.get(reverse("applications:edition_progress")).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        resend = client.post(reverse("applications:resend_notification", args=[failed.pk]))

    assert "发送失败的邮件" in page
    assert "colleague@example.cn" in page and "other@example.cn" in page
    assert "done@example.cn" not in page
    assert "SMTP 550 mailbox unavailable" in page
    assert "已停止自动重试" in page and "将自动重试" in page
    assert page.count(">重新发送</button>") == 2
    assert _messages(resend) == ["发给 colleague@example.cn 的邮件已重新加入发送队列。"]
    failed.refresh_from_db()
    assert (failed.status, failed.attempts) == (Notification.Status.SENT, 1)
    assert [m.to for m in mail.outbox] == [["colleague@example.cn"]]
    sent.refresh_from_db()
    assert sent.status == Notification.Status.SENT


def test_resending_an_email_that_is_no_longer_failed_changes_nothing(client, edition):
    sent = _failed(status=Notification.Status.SENT)
    client.force_login(UserFactory(role=Role.CITY_OFFICE))

    response = client.post(reverse("applications:resend_notification", args=[sent.pk]))

    assert _messages(response) == ["这封邮件已不在发送失败的邮件中（可能已重新发送），请刷新页面。"]
    assert mail.outbox == []


@pytest.mark.parametrize("role", [Role.SUPERVISOR, Role.LEADER])
def test_readers_of_the_progress_page_see_no_failed_emails_and_cannot_resend(client, edition, role):
    failed = _failed()
    client.force_login(UserFactory(role=role))

    page = client.get(reverse("applications:edition_progress")).content.decode()
    response = client.post(reverse("applications:resend_notification", args=[failed.pk]))

    assert "colleague@example.cn" not in page
    assert response.status_code == 403
    failed.refresh_from_db()
    assert failed.status == Notification.Status.FAILED


def _progress_queries(client) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    url = reverse("applications:edition_progress")
    client.get(url)
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_progress_page_query_count_does_not_grow_with_failed_emails(client, edition):
    client.force_login(UserFactory(role=Role.CITY_OFFICE))
    _failed()
    one = _progress_queries(client)
    _failed(recipient="b@example.cn")
    _failed(recipient="c@example.cn")

    three = _progress_queries(client)

    assert Notification.objects.filter(status=Notification.Status.FAILED).count() == 3
    assert three == one
