"""Two-factor login: staff enrol and verify a TOTP device; nothing else is reachable before."""

import re

import pytest
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from award_portal.accounts.models import AuthEvent, Role
from tests.factories import PASSWORD, AdministratorFactory, UnitOfficerFactory, UserFactory
from tests.security.helpers import code_for, enrol, wrong_code

pytestmark = [pytest.mark.django_db, pytest.mark.real_otp]

SETUP = reverse("accounts:otp_setup")
VERIFY = reverse("accounts:otp_verify")


def _login(client, user, next_url=""):
    url = reverse("accounts:login") + (f"?next={next_url}" if next_url else "")
    response = client.post(url, {"username": user.username, "password": PASSWORD})
    assert response.status_code == 302, "password login failed"
    return response


def _kinds(user) -> list[str]:
    return list(
        AuthEvent.objects.filter(user=user).order_by("at", "id").values_list("kind", flat=True)
    )


def _pending(user) -> TOTPDevice:
    return TOTPDevice.objects.get(user=user, confirmed=False)


@pytest.mark.parametrize(
    "role", [Role.CITY_OFFICE, Role.EXPERT, Role.SUPERVISOR, Role.LEADER, Role.ADMIN]
)
def test_staff_login_without_device_is_sent_to_enrolment(client, role):
    user = UserFactory(role=role)

    response = client.get(_login(client, user)["Location"])

    assert response.status_code == 302
    assert response["Location"] == f"{SETUP}?next=%2Faccounts%2Flanding%2F"


def test_staff_login_with_device_is_sent_to_verification(client):
    user = UserFactory(role=Role.EXPERT)
    enrol(user)

    response = client.get(_login(client, user)["Location"])

    assert response["Location"] == f"{VERIFY}?next=%2Faccounts%2Flanding%2F"


@pytest.mark.parametrize("factory", [UserFactory, UnitOfficerFactory])
def test_applicant_and_unit_officer_without_device_are_not_asked_for_a_code(client, factory):
    user = factory()

    response = client.get(_login(client, user)["Location"])

    assert response.status_code == 302
    assert response["Location"] not in (SETUP, VERIFY)
    assert not response["Location"].startswith(("/accounts/two-factor/",))


def test_applicant_who_enrolled_by_choice_must_verify(client):
    user = UserFactory()
    enrol(user)

    response = client.get(_login(client, user)["Location"])

    assert response["Location"].startswith(VERIFY)


def test_enrolment_page_shows_qr_code_and_secret_once(client):
    user = UserFactory(role=Role.CITY_OFFICE)
    _login(client, user)

    first = client.get(SETUP).content.decode()
    first_device = _pending(user)
    second = client.get(SETUP).content.decode()
    second_device = _pending(user)

    assert 'src="data:image/svg+xml' in first
    assert first_device.pk != second_device.pk  # the first secret is gone for good
    secret = re.search(r'id="otp-secret">([A-Z2-7 ]+)<', second).group(1).replace(" ", "")
    assert (
        secret
        == TOTPDevice.objects.get(pk=second_device.pk).config_url.split("secret=")[1].split("&")[0]
    )
    assert TOTPDevice.objects.filter(user=user).count() == 1
    assert client.get(SETUP)["Cache-Control"].startswith("max-age=0")


def test_enrolment_with_the_right_code_verifies_and_lands(client, edition):
    user = UserFactory(role=Role.CITY_OFFICE)
    _login(client, user)
    client.get(f"{SETUP}?next=%2Faccounts%2Flanding%2F")
    device = _pending(user)

    response = client.post(
        f"{SETUP}?next=%2Faccounts%2Flanding%2F", {"code": code_for(device)}, follow=True
    )

    assert response.redirect_chain[-1][0] == reverse("applications:edition_progress")
    assert response.status_code == 200
    device.refresh_from_db()
    assert device.confirmed is True
    assert _kinds(user) == [AuthEvent.Kind.LOGIN, AuthEvent.Kind.OTP_ENROLLED]


def test_enrolment_with_a_wrong_code_is_refused_in_chinese_and_audited(client):
    user = UserFactory(role=Role.CITY_OFFICE)
    _login(client, user)
    client.get(SETUP)
    device = _pending(user)

    response = client.post(SETUP, {"code": wrong_code(device)})

    assert response.status_code == 200
    assert "验证码不正确或已过期" in response.content.decode()
    device.refresh_from_db()
    assert (device.confirmed, device.throttling_failure_count) == (False, 1)
    assert _kinds(user) == [AuthEvent.Kind.LOGIN, AuthEvent.Kind.OTP_FAILED]
    assert client.get(reverse("accounts:profile"))["Location"].startswith(SETUP)


@pytest.mark.parametrize("code", ["", "12345", "abcdef", "1234567", "12345x", "٠١٢٣٤٥"])
def test_enrolment_with_malformed_code_is_a_form_error_not_a_crash(client, code):
    user = UserFactory(role=Role.EXPERT)
    _login(client, user)
    client.get(SETUP)

    response = client.post(SETUP, {"code": code})

    assert response.status_code == 200
    assert "请输入6位数字验证码" in response.content.decode()
    assert _kinds(user) == [AuthEvent.Kind.LOGIN]


def test_enrolment_with_null_characters_is_a_form_error_not_a_crash(client):
    user = UserFactory(role=Role.EXPERT)
    _login(client, user)
    client.get(SETUP)

    response = client.post(SETUP, {"code": "\x00" * 6})

    # The form refuses it, or a middleware turns every NUL away before any view: never a 500.
    assert response.status_code in (200, 400)
    assert _pending(user).confirmed is False
    assert _kinds(user) == [AuthEvent.Kind.LOGIN]


@pytest.mark.parametrize(
    "spell",
    [
        lambda c: f"{c[:3]} {c[3:]}",
        lambda c: c.translate(str.maketrans("0123456789", "０１２３４５６７８９")),
    ],
)
def test_enrolment_accepts_a_spaced_or_full_width_code(client, spell):
    user = UserFactory(role=Role.EXPERT)
    _login(client, user)
    client.get(SETUP)
    device = _pending(user)

    response = client.post(SETUP, {"code": spell(code_for(device))})

    assert response.status_code == 302
    device.refresh_from_db()
    assert device.confirmed is True


def test_enrolment_post_without_a_pending_device_starts_over(client):
    user = UserFactory(role=Role.EXPERT)
    _login(client, user)

    response = client.post(SETUP, {"code": "123456"})

    assert response.status_code == 200
    assert "该二维码已失效" in response.content.decode()
    assert _pending(user).user == user


def test_verification_with_the_right_code_goes_to_the_page_asked_for(client):
    user = UserFactory(role=Role.SUPERVISOR)
    device = enrol(user)
    profile = reverse("accounts:profile")
    response = client.get(_login(client, user, next_url=profile)["Location"])
    assert response["Location"] == f"{VERIFY}?next=%2Faccounts%2Fprofile%2F"

    response = client.post(response["Location"], {"code": code_for(device)})

    assert response["Location"] == profile
    assert client.get(profile).status_code == 200
    assert _kinds(user) == [AuthEvent.Kind.LOGIN, AuthEvent.Kind.OTP_VERIFIED]


def test_verification_with_a_wrong_code_is_refused_in_chinese_and_audited(client):
    user = UserFactory(role=Role.LEADER)
    device = enrol(user)
    _login(client, user)

    response = client.post(VERIFY, {"code": wrong_code(device)})

    assert response.status_code == 200
    assert "验证码不正确或已过期" in response.content.decode()
    assert _kinds(user) == [AuthEvent.Kind.LOGIN, AuthEvent.Kind.OTP_FAILED]
    assert client.get(reverse("accounts:profile"))["Location"].startswith(VERIFY)


def test_verification_refuses_an_outside_next_url(client):
    user = UserFactory(role=Role.LEADER)
    device = enrol(user)
    _login(client, user)

    response = client.post(f"{VERIFY}?next=https://evil.example/", {"code": code_for(device)})

    assert response["Location"] == reverse("accounts:landing")


def test_wrong_codes_are_throttled_so_even_the_right_code_waits(client, settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 60
    user = UserFactory(role=Role.CITY_OFFICE)
    device = enrol(user)
    _login(client, user)
    client.post(VERIFY, {"code": wrong_code(device)})

    response = client.post(VERIFY, {"code": code_for(device)})

    assert response.status_code == 200
    assert "验证码错误次数过多，请在" in response.content.decode()
    assert "秒后再试" in response.content.decode()
    device.refresh_from_db()
    assert device.throttling_failure_count == 1
    assert _kinds(user) == [
        AuthEvent.Kind.LOGIN,
        AuthEvent.Kind.OTP_FAILED,
        AuthEvent.Kind.OTP_FAILED,
    ]


def test_a_code_is_accepted_only_once(client, django_user_model):
    from django.test import Client

    user = UserFactory(role=Role.EXPERT)
    device = enrol(user)
    code = code_for(device)
    _login(client, user)
    assert client.post(VERIFY, {"code": code})["Location"] == reverse("accounts:landing")
    other = Client()
    _login(other, user)

    response = other.post(VERIFY, {"code": code})

    assert response.status_code == 200
    assert "验证码不正确或已过期" in response.content.decode()


@pytest.mark.parametrize(
    "url_name",
    [
        "accounts:landing",
        "accounts:profile",
        "accounts:password_change",
        "accounts:email_change",
        "applications:office_list",
        "admin:index",
    ],
)
def test_unverified_staff_reaches_no_page_but_the_two_factor_pages(client, url_name):
    user = AdministratorFactory()
    enrol(user)
    _login(client, user)

    response = client.get(reverse(url_name))

    assert response.status_code == 302
    assert response["Location"].startswith(VERIFY)
    assert client.get(VERIFY).status_code == 200


def test_unverified_staff_post_is_turned_away_too(client):
    user = UserFactory(role=Role.CITY_OFFICE)
    enrol(user)
    _login(client, user)

    response = client.post(reverse("accounts:email_change"), {"email": "x@example.cn"})

    assert response["Location"] == VERIFY
    user.refresh_from_db()
    assert user.email != "x@example.cn"


def test_unverified_staff_can_log_out(client):
    user = UserFactory(role=Role.CITY_OFFICE)
    enrol(user)
    _login(client, user)

    response = client.post(reverse("accounts:logout"))

    assert response.status_code == 302
    assert _kinds(user) == [AuthEvent.Kind.LOGIN, AuthEvent.Kind.LOGOUT]


def test_django_admin_needs_a_verified_device(client):
    user = AdministratorFactory()
    device = enrol(user)
    client.post(reverse("admin:login"), {"username": user.username, "password": PASSWORD})
    refused = client.get(reverse("admin:index"))

    client.post(VERIFY, {"code": code_for(device)})
    allowed = client.get(reverse("admin:index"))

    assert refused["Location"] == f"{VERIFY}?next=%2Fadmin%2F"
    assert allowed.status_code == 200


def test_superuser_of_an_applicant_role_still_needs_a_device_for_the_admin(client):
    user = UserFactory(role=Role.APPLICANT, is_staff=True, is_superuser=True)
    client.post(reverse("admin:login"), {"username": user.username, "password": PASSWORD})

    response = client.get(reverse("admin:index"))

    assert response["Location"] == f"{SETUP}?next=%2Fadmin%2F"


def test_replacing_a_device_needs_the_old_one_first(client):
    user = UserFactory(role=Role.EXPERT)
    old = enrol(user)
    _login(client, user)
    client.post(VERIFY, {"code": code_for(old)})

    client.get(SETUP)
    new = _pending(user)
    response = client.post(SETUP, {"code": code_for(new)})

    assert response.status_code == 302
    assert list(TOTPDevice.objects.filter(user=user).values_list("pk", flat=True)) == [new.pk]
    assert client.get(reverse("accounts:profile")).status_code == 200


def test_applicant_enrols_then_must_verify_at_next_login(client):
    user = UserFactory()
    _login(client, user)
    client.get(SETUP)
    client.post(SETUP, {"code": code_for(_pending(user))})
    client.post(reverse("accounts:logout"))

    response = client.get(_login(client, user)["Location"])

    assert response["Location"].startswith(VERIFY)


def test_applicant_may_turn_the_second_factor_off(client):
    user = UserFactory()
    device = enrol(user)
    _login(client, user)
    client.post(VERIFY, {"code": code_for(device)})

    response = client.post(reverse("accounts:otp_disable"))

    assert response["Location"] == reverse("accounts:profile")
    assert TOTPDevice.objects.filter(user=user).count() == 0
    assert _kinds(user)[-1] == AuthEvent.Kind.OTP_REMOVED
    assert client.get(reverse("accounts:profile")).status_code == 200


def test_staff_may_not_turn_the_second_factor_off(client):
    user = UserFactory(role=Role.CITY_OFFICE)
    device = enrol(user)
    _login(client, user)
    client.post(VERIFY, {"code": code_for(device)})

    response = client.post(reverse("accounts:otp_disable"), follow=True)

    assert "必须使用两步验证" in response.content.decode()
    assert TOTPDevice.objects.filter(user=user, confirmed=True).count() == 1


def test_optional_device_removed_by_an_administrator_no_longer_blocks(client):
    user = UserFactory()
    enrol(user)
    _login(client, user)
    TOTPDevice.objects.filter(user=user).delete()

    response = client.get(reverse("accounts:profile"))

    assert response.status_code == 200


def test_profile_shows_the_second_factor_state(client):
    user = UserFactory()
    _login(client, user)

    page = client.get(reverse("accounts:profile")).content.decode()

    assert "未启用" in page
    assert reverse("accounts:otp_setup") in page
