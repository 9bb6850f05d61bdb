"""The password is asked again before the email address or the second factor changes."""

import time

import pytest
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from award_portal.accounts.models import AuthEvent, Role
from award_portal.accounts.security import PASSWORD_CHECKED_AT_KEY
from tests.factories import PASSWORD, UserFactory
from tests.security.helpers import code_for, enrol

pytestmark = [pytest.mark.django_db, pytest.mark.real_otp]

EMAIL = reverse("accounts:email_change")
REAUTH = reverse("accounts:reauth")


def _login(client, user):
    client.post(reverse("accounts:login"), {"username": user.username, "password": PASSWORD})


def _age_password_check(client, minutes):
    session = client.session
    session[PASSWORD_CHECKED_AT_KEY] = time.time() - minutes * 60
    session.save()


def _kinds(user) -> list[str]:
    return list(
        AuthEvent.objects.filter(user=user).order_by("at", "id").values_list("kind", flat=True)
    )


def test_email_change_right_after_login_needs_no_second_password(client):
    user = UserFactory(email="old@example.cn")
    _login(client, user)

    response = client.post(EMAIL, {"email": "new@example.cn"})

    assert response["Location"] == reverse("accounts:profile")
    user.refresh_from_db()
    assert user.email == "new@example.cn"
    assert _kinds(user) == [AuthEvent.Kind.LOGIN, AuthEvent.Kind.EMAIL_CHANGED]


def test_email_change_after_the_window_asks_for_the_password(client, settings):
    user = UserFactory(email="old@example.cn")
    _login(client, user)
    _age_password_check(client, settings.REAUTH_MINUTES + 1)

    response = client.post(EMAIL, {"email": "new@example.cn"})

    assert response["Location"] == f"{REAUTH}?next=%2Faccounts%2Femail%2Fchange%2F"
    user.refresh_from_db()
    assert user.email == "old@example.cn"


def test_reauth_with_the_right_password_goes_back_and_is_audited(client, settings):
    user = UserFactory()
    _login(client, user)
    _age_password_check(client, settings.REAUTH_MINUTES + 1)

    response = client.post(f"{REAUTH}?next={EMAIL}", {"password": PASSWORD})

    assert response["Location"] == EMAIL
    assert client.get(EMAIL).status_code == 200
    assert _kinds(user) == [AuthEvent.Kind.LOGIN, AuthEvent.Kind.REAUTH]


def test_reauth_with_a_wrong_password_is_refused_and_counted(client, settings):
    user = UserFactory()
    _login(client, user)
    _age_password_check(client, settings.REAUTH_MINUTES + 1)

    response = client.post(f"{REAUTH}?next={EMAIL}", {"password": "wrong-password"})

    assert response.status_code == 200
    assert "密码不正确" in response.content.decode()
    assert client.get(EMAIL)["Location"].startswith(REAUTH)
    assert _kinds(user) == [AuthEvent.Kind.LOGIN, AuthEvent.Kind.FAILED]


def test_reauth_wrong_passwords_lock_the_account_like_failed_logins(client, settings):
    user = UserFactory()
    _login(client, user)
    _age_password_check(client, settings.REAUTH_MINUTES + 1)
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(REAUTH, {"password": "wrong-password"})

    response = client.post(REAUTH, {"password": PASSWORD})

    assert response.status_code == 429
    assert client.get(EMAIL)["Location"].startswith(REAUTH)


def test_reauth_refuses_an_outside_next_url(client):
    user = UserFactory()
    _login(client, user)

    response = client.post(f"{REAUTH}?next=//evil.example/", {"password": PASSWORD})

    assert response["Location"] == reverse("accounts:profile")


@pytest.mark.parametrize("data", [{}, {"password": ""}, {"email": "not-an-email"}])
def test_bad_input_to_reauth_and_email_change_is_a_form_error(client, data):
    user = UserFactory(email="old@example.cn")
    _login(client, user)

    reauth = client.post(REAUTH, data)
    email = client.post(EMAIL, data)

    assert (reauth.status_code, email.status_code) == (200, 200)
    user.refresh_from_db()
    assert user.email == "old@example.cn"


def test_second_factor_setup_after_the_window_asks_for_the_password(client, settings):
    user = UserFactory(role=Role.EXPERT)
    device = enrol(user)
    _login(client, user)
    client.post(reverse("accounts:otp_verify"), {"code": code_for(device)})
    _age_password_check(client, settings.REAUTH_MINUTES + 1)

    setup = client.get(reverse("accounts:otp_setup"))
    disable = client.post(reverse("accounts:otp_disable"))

    assert setup["Location"].startswith(REAUTH)
    assert disable["Location"].startswith(REAUTH)
    assert list(TOTPDevice.objects.filter(user=user)) == [device]


def test_unverified_staff_past_the_window_may_confirm_the_password_to_enrol(client, settings):
    user = UserFactory(role=Role.CITY_OFFICE)
    _login(client, user)
    _age_password_check(client, settings.REAUTH_MINUTES + 1)
    setup = reverse("accounts:otp_setup")

    refused = client.get(setup)
    client.post(f"{REAUTH}?next={setup}", {"password": PASSWORD})
    allowed = client.get(setup)

    assert refused["Location"].startswith(REAUTH)
    assert allowed.status_code == 200


def test_password_change_asks_the_old_password_and_is_audited(client):
    user = UserFactory()
    _login(client, user)
    url = reverse("accounts:password_change")
    new = "Another-Award-2024"

    refused = client.post(
        url, {"old_password": "wrong", "new_password1": new, "new_password2": new}
    )
    changed = client.post(
        url, {"old_password": PASSWORD, "new_password1": new, "new_password2": new}
    )

    assert refused.status_code == 200
    assert changed["Location"] == reverse("accounts:password_change_done")
    user.refresh_from_db()
    assert user.check_password(new)
    assert _kinds(user) == [AuthEvent.Kind.LOGIN, AuthEvent.Kind.PASSWORD_CHANGED]
