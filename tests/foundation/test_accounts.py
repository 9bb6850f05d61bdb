import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.urls import reverse

from award_portal.accounts.models import AuthEvent, Role
from tests.factories import PASSWORD, UnitOfficerFactory, UserFactory

pytestmark = pytest.mark.django_db


def _login(client, username, password=PASSWORD):
    return client.post(
        reverse("accounts:login"), {"username": username, "password": password}, follow=True
    )


def test_login_page_is_in_chinese(client):
    response = client.get(reverse("accounts:login"))

    assert response.status_code == 200
    assert "用户名" in response.content.decode()


def test_login_and_logout_are_audited(client):
    user = UserFactory(username="zhang")

    _login(client, "zhang")
    client.post(reverse("accounts:logout"))

    kinds = list(
        AuthEvent.objects.filter(user=user).order_by("at", "id").values_list("kind", flat=True)
    )
    assert kinds == [AuthEvent.Kind.LOGIN, AuthEvent.Kind.LOGOUT]


def test_wrong_password_shows_chinese_message_and_is_audited(client):
    UserFactory(username="li")

    response = _login(client, "li", "wrong-password")

    assert "用户名或密码不正确" in response.content.decode()
    event = AuthEvent.objects.get()
    assert (event.kind, event.username) == (AuthEvent.Kind.FAILED, "li")


def test_failed_login_for_unknown_user_is_audited_without_user(client):
    _login(client, "nobody", "whatever")

    event = AuthEvent.objects.get()
    assert (event.kind, event.username, event.user) == (AuthEvent.Kind.FAILED, "nobody", None)


def test_repeated_failures_lock_the_account_even_with_the_right_password(client, settings):
    UserFactory(username="wang")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _login(client, "wang", "wrong-password")

    response = _login(client, "wang")

    assert response.status_code == 429
    assert "账户已暂时锁定" in response.content.decode()
    assert AuthEvent.objects.filter(kind=AuthEvent.Kind.LOCKED, username="wang").exists()
    assert not AuthEvent.objects.filter(kind=AuthEvent.Kind.LOGIN).exists()


def test_lockout_of_one_account_leaves_others_alone(client, settings):
    UserFactory(username="wang")
    UserFactory(username="zhao")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _login(client, "wang", "wrong-password")

    response = _login(client, "zhao")

    assert response.context["user"].username == "zhao"


@pytest.mark.parametrize(
    "password",
    ["short1A!", "alllowercaseletters", "lowercase1234567", "Award-Portal-2023"],
)
def test_password_policy(password):
    strong = password == "Award-Portal-2023"
    if strong:
        validate_password(password)
    else:
        with pytest.raises(ValidationError):
            validate_password(password)


def test_password_policy_message_is_chinese():
    with pytest.raises(ValidationError) as excinfo:
        validate_password("lowercase1234567")

    assert "至少 3 类" in " ".join(excinfo.value.messages)


def test_active_session_is_kept_alive_without_a_write_on_every_request(client, settings):
    from django.contrib.sessions.models import Session

    assert settings.SESSION_COOKIE_AGE == 30 * 60
    user = UserFactory(username="active")
    client.force_login(user)
    client.get(reverse("accounts:profile"))
    key = client.session.session_key
    first_expiry = Session.objects.get(session_key=key).expire_date

    client.get(reverse("accounts:profile"))  # within the minute: no write
    assert Session.objects.get(session_key=key).expire_date == first_expiry

    session = client.session
    session["_touched"] = 0  # the last touch was long ago
    session.save()
    client.get(reverse("accounts:profile"))
    assert Session.objects.get(session_key=key).expire_date > first_expiry


def test_idle_session_expires(client):
    from django.contrib.sessions.models import Session
    from django.utils import timezone

    client.force_login(UserFactory(username="idle"))
    Session.objects.update(expire_date=timezone.now() - timezone.timedelta(seconds=1))

    response = client.get(reverse("accounts:profile"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_expired_session_sends_user_to_login_and_back(client):
    UserFactory(username="sun")
    target = reverse("accounts:profile")

    response = client.get(target)
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('accounts:login')}?next={target}"

    response = client.post(
        response["Location"], {"username": "sun", "password": PASSWORD}, follow=True
    )
    assert response.redirect_chain[-1][0] == target


def test_unit_officer_requires_a_unit():
    from django.db import IntegrityError

    with pytest.raises(IntegrityError):
        UserFactory(username="nounit", role=Role.UNIT_OFFICER, unit=None)


def test_password_change_page_in_chinese(client):
    user = UnitOfficerFactory()
    client.force_login(user)

    response = client.get(reverse("accounts:password_change"))

    assert "修改密码" in response.content.decode()


def test_password_reset_sends_chinese_email(client, mailoutbox):
    UserFactory(username="zhou", email="zhou@example.cn")

    client.post(reverse("accounts:password_reset"), {"email": "zhou@example.cn"})

    assert len(mailoutbox) == 1
    assert "重置" in mailoutbox[0].subject
    assert "/accounts/password/reset/" in mailoutbox[0].body
