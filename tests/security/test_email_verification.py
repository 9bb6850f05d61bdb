"""Every new account has an email address, verified by a signed link that expires: registration
asks for it, the link comes through the outbox, a page sends it again, and a password reset
through the address counts as verifying it."""

import re
from importlib import import_module

import pytest
from django.apps import apps
from django.core import mail
from django.test import Client
from django.urls import reverse

from applications.models import Notification
from award_portal.accounts.models import AuthEvent, User
from tests.applications.helpers import register
from tests.factories import PASSWORD, UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.now("2026-11-16")]

NEW_PASSWORD = "Panzhihua-2023!"


def _link(message) -> str:
    return re.search(r"https?://[^/\s]+(/accounts/email/verify/\S+/)", message.body).group(1)


def _registered(client, django_capture_on_commit_callbacks, **overrides) -> tuple[User, str]:
    """An account registered through the page, and the path of the link emailed to it."""
    with django_capture_on_commit_callbacks(execute=True):
        register(client, **overrides)
    user = User.objects.get()
    return user, _link(mail.outbox[-1])


def test_registration_without_an_email_address_is_refused(client):
    # The mobile number the old form took as the login: an account nobody could reset.
    response = register(client, email="", login_id="13881234567", phone="13881234567")

    assert response.status_code == 200
    assert "这个字段是必填项" in response.content.decode()
    assert User.objects.count() == 0


def test_registration_page_says_the_email_is_for_password_reset(client):
    page = client.get(reverse("accounts:register")).content.decode()

    assert "找回密码" in page
    assert "重置链接只发送到这个邮箱" in page


def test_registration_emails_a_verification_link_through_the_outbox(
    client, django_capture_on_commit_callbacks
):
    user, link = _registered(client, django_capture_on_commit_callbacks, phone="13881234567")

    queued = Notification.objects.get()
    assert (queued.recipient, queued.status) == (user.email, Notification.Status.SENT)
    assert mail.outbox[0].to == ["new@example.cn"]
    assert "3 天内有效" in mail.outbox[0].body
    assert (user.phone, user.has_verified_email) == ("13881234567", False)
    assert link.startswith("/accounts/email/verify/")


def test_the_link_asks_for_a_click_then_verifies_the_address(
    client, django_capture_on_commit_callbacks
):
    user, link = _registered(client, django_capture_on_commit_callbacks)

    page = client.get(link)
    user.refresh_from_db()
    assert "请确认 new@example.cn 是您的邮箱" in page.content.decode()
    assert user.has_verified_email is False  # opening the link alone confirms nothing

    confirmed = client.post(link, follow=True)
    user.refresh_from_db()

    assert user.has_verified_email is True
    assert "已验证" in confirmed.content.decode()
    assert AuthEvent.objects.filter(user=user, kind=AuthEvent.Kind.EMAIL_VERIFIED).count() == 1


def test_the_link_works_without_being_signed_in(client, django_capture_on_commit_callbacks):
    user, link = _registered(client, django_capture_on_commit_callbacks)
    other_browser = Client()

    response = other_browser.post(link)
    user.refresh_from_db()

    assert response.status_code == 302
    assert response.url == reverse("accounts:login")
    assert user.has_verified_email is True


def test_the_link_expires_after_the_configured_days(
    client, django_capture_on_commit_callbacks, settings, _clock
):
    user, link = _registered(client, django_capture_on_commit_callbacks)

    _clock.shift(settings.EMAIL_VERIFICATION_DAYS * 24 * 3600 + 60)
    response = client.post(link)
    user.refresh_from_db()

    assert "验证链接已过期（有效期3天）" in response.content.decode()
    assert user.has_verified_email is False


def test_a_forged_link_verifies_nothing(client, django_capture_on_commit_callbacks):
    user, link = _registered(client, django_capture_on_commit_callbacks)
    forged = link.replace("/verify/", "/verify/x")

    response = client.post(forged)
    user.refresh_from_db()

    assert "验证链接无效" in response.content.decode()
    assert user.has_verified_email is False


def test_a_link_to_a_former_address_does_not_verify_the_new_one(
    client, django_capture_on_commit_callbacks
):
    user, old_link = _registered(client, django_capture_on_commit_callbacks)

    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("accounts:email_change"), {"email": "changed@example.cn"})
    stale = client.post(old_link)
    user.refresh_from_db()

    assert "已不是账户的当前邮箱" in stale.content.decode()
    assert user.has_verified_email is False
    assert mail.outbox[-1].to == ["changed@example.cn"]
    client.post(_link(mail.outbox[-1]))
    user.refresh_from_db()
    assert (user.verified_email, user.has_verified_email) == ("changed@example.cn", True)


def test_changing_a_verified_address_makes_it_unverified_again(client):
    user = UserFactory(email="old@example.cn")
    client.force_login(user)

    client.post(reverse("accounts:email_change"), {"email": "new@example.cn"})
    user.refresh_from_db()

    assert user.has_verified_email is False


def test_resend_page_sends_a_new_link(client, django_capture_on_commit_callbacks):
    user = UserFactory(email="late@example.cn", verified_email="")
    client.force_login(user)

    page = client.get(reverse("accounts:email_verification"))
    with django_capture_on_commit_callbacks(execute=True):
        resent = client.post(reverse("accounts:email_verification"), follow=True)

    assert "尚未验证" in page.content.decode()
    assert "验证邮件已重新发送至 late@example.cn" in resent.content.decode()
    assert [m.to for m in mail.outbox] == [["late@example.cn"]]
    client.post(_link(mail.outbox[0]))
    user.refresh_from_db()
    assert user.has_verified_email is True
    assert "已验证" in client.get(reverse("accounts:email_verification")).content.decode()


def test_resending_is_limited_per_hour(client):
    client.force_login(UserFactory(email="late@example.cn", verified_email=""))

    for _ in range(5):
        client.post(reverse("accounts:email_verification"))
    refused = client.post(reverse("accounts:email_verification"), follow=True)

    assert "发送过于频繁" in refused.content.decode()
    assert Notification.objects.count() == 5


def test_an_account_without_email_is_asked_to_add_one(client):
    client.force_login(UserFactory(username="13881234567", email="", verified_email=""))

    page = client.get(reverse("accounts:email_verification")).content.decode()
    client.post(reverse("accounts:email_verification"))

    assert "还没有电子邮箱" in page
    assert reverse("accounts:email_change") in page
    assert Notification.objects.count() == 0


def test_a_password_reset_through_the_address_verifies_it(client):
    user = UserFactory(email="forgot@example.cn", verified_email="")
    client.post(reverse("accounts:password_reset"), {"email": "forgot@example.cn"})
    link = re.search(r"/accounts/password/reset/\S+/\S+/", mail.outbox[0].body).group(0)
    form = client.get(link, follow=True)

    client.post(
        form.redirect_chain[-1][0],
        {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    user.refresh_from_db()

    assert user.check_password(NEW_PASSWORD)
    assert user.has_verified_email is True


def test_existing_accounts_with_an_address_count_as_verified():
    migration = import_module("award_portal.accounts.migrations.0005_existing_addresses_verified")
    with_address = UserFactory(email="Old.Hand@example.cn", verified_email="")
    mobile_only = UserFactory(username="13900000000", email="", verified_email="")

    migration.mark_existing_addresses_verified(apps, None)
    with_address.refresh_from_db()
    mobile_only.refresh_from_db()

    assert (with_address.has_verified_email, mobile_only.has_verified_email) == (True, False)


def test_profile_shows_whether_the_address_is_verified(client):
    client.force_login(UserFactory(email="late@example.cn", verified_email=""))

    page = client.get(reverse("accounts:profile")).content.decode()

    assert "未验证" in page
    assert reverse("accounts:email_verification") in page


def test_sign_in_works_before_the_address_is_verified(client):
    UserFactory(username="late", email="late@example.cn", verified_email="")

    response = client.post(
        reverse("accounts:login"), {"username": "late", "password": PASSWORD}, follow=True
    )

    assert response.context["user"].username == "late"
