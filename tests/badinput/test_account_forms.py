"""Login, registration, password reset and the account pages take hostile input."""

import pytest
from django.contrib.auth.tokens import default_token_generator
from django.core.cache import cache
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from hypothesis import given

from award_portal.accounts.models import User
from tests.badinput.helpers import NUL_REFUSED, answered, hostile
from tests.badinput.strategies import hostile_form, hostile_text
from tests.factories import PASSWORD, UserFactory

REGISTER_FIELDS = (
    "email",
    "phone",
    "applicant_kind",
    "full_name",
    "organization_name",
    "password1",
    "password2",
    "consent",
)


@pytest.mark.django_db
def test_login_with_hostile_values_is_refused_with_message(client):
    UserFactory(username="company")

    @hostile
    @given(data=hostile_form(("username", "password", "next")))
    def login(data):
        cache.clear()
        response = client.post(reverse("accounts:login"), data)

        assert answered(response) in (200, 403, 429, NUL_REFUSED)
        assert "_auth_user_id" not in client.session

    login()


@pytest.mark.django_db
def test_login_with_a_name_longer_than_the_lockout_column_is_refused_with_message(client):
    from axes.models import AccessAttempt

    response = client.post(reverse("accounts:login"), {"username": "ä" * 300, "password": "x"})

    assert response.status_code == 200
    assert "用户名或密码不正确" in response.content.decode()
    assert [len(a.username) for a in AccessAttempt.objects.all()] == [255]


@pytest.mark.django_db
def test_registration_with_hostile_values_registers_or_explains(client):
    @hostile
    @given(data=hostile_form(REGISTER_FIELDS))
    def register(data):
        before = User.objects.count()

        response = client.post(reverse("accounts:register"), data)

        assert answered(response) in (200, 302, NUL_REFUSED)
        assert User.objects.count() == before + (response.status_code == 302)
        client.logout()

    register()


@pytest.mark.django_db
def test_registration_with_script_name_keeps_it_as_text(client):
    data = {
        "email": "wangzhe@example.cn",
        "applicant_kind": "individual",
        "full_name": "<script>alert(1)</script>",
        "password1": "Panzhihua-2023!",
        "password2": "Panzhihua-2023!",
        "consent": "on",
    }

    response = client.post(reverse("accounts:register"), data, follow=True)

    assert User.objects.get(username="wangzhe@example.cn").full_name == data["full_name"]
    page = response.content.decode()
    assert data["full_name"] not in page


@pytest.mark.django_db
def test_password_reset_with_hostile_email_answers_without_error(client, mailoutbox):
    UserFactory(username="company", email="company@example.cn")

    @hostile
    @given(email=hostile_text())
    def reset(email):
        response = client.post(reverse("accounts:password_reset"), {"email": email})

        assert answered(response) in (200, 302, NUL_REFUSED)

    reset()
    assert all(message.to == ["company@example.cn"] for message in mailoutbox)


@pytest.mark.django_db
def test_password_reset_confirm_with_hostile_values_answers_without_error(client):
    user = UserFactory(username="company", email="company@example.cn")
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    landing = client.get(reverse("accounts:password_reset_confirm", args=[uid, token]))

    @hostile
    @given(data=hostile_form(("new_password1", "new_password2")))
    def confirm(data):
        response = client.post(landing.url, data)

        assert answered(response) in (200, 302, NUL_REFUSED)

    confirm()


@pytest.mark.django_db
def test_password_change_with_hostile_values_answers_without_error(client):
    user = UserFactory(username="company")
    client.force_login(user)

    @hostile
    @given(data=hostile_form(("old_password", "new_password1", "new_password2")))
    def change(data):
        response = client.post(reverse("accounts:password_change"), data)

        assert answered(response) in (200, 302, NUL_REFUSED)
        user.set_password(PASSWORD)
        user.save(update_fields=["password"])
        client.force_login(user)

    change()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "fields"),
    [
        ("reauth", ("password", "next")),
        ("otp_setup", ("code",)),
        ("email_change", ("email",)),
    ],
)
def test_account_page_with_hostile_values_answers_without_error(client, name, fields):
    user = UserFactory(username="company")
    client.force_login(user)

    @hostile
    @given(data=hostile_form(fields))
    def post(data):
        cache.clear()
        response = client.post(reverse(f"accounts:{name}"), data)

        assert answered(response) in (200, 302, 400, 429, NUL_REFUSED)

    post()


@pytest.mark.django_db
def test_reauth_with_hostile_next_goes_to_a_page_of_the_portal(client):
    user = UserFactory(username="company")
    client.force_login(user)

    @hostile
    @given(next_url=hostile_text())
    def confirm(next_url):
        response = client.post(reverse("accounts:reauth"), {"password": PASSWORD, "next": next_url})

        if answered(response) != NUL_REFUSED:
            assert response.status_code == 302
            assert response.url.startswith("/") and not response.url.startswith("//")

    confirm()


@pytest.mark.django_db
def test_registration_with_hostile_next_goes_to_a_page_of_the_portal(client):
    numbers = iter(range(10_000))

    @hostile
    @given(next_url=hostile_text())
    def register(next_url):
        data = {
            "email": f"applicant{next(numbers)}@example.cn",
            "applicant_kind": "individual",
            "full_name": "王喆",
            "password1": "Panzhihua-2023!",
            "password2": "Panzhihua-2023!",
            "consent": "on",
            "next": next_url,
        }

        response = client.post(reverse("accounts:register"), data)

        if answered(response) != NUL_REFUSED:
            assert response.status_code == 302
            assert response.url.startswith("/") and not response.url.startswith("//")
        client.logout()

    register()
