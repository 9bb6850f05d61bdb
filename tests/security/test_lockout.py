"""Failed sign-ins lock a login name at the address they came from, an address that tries many
names is locked for all of them, and an administrator lifts a lockout from the admin.

Everything goes through the login page with django-axes as configured; the client's address
is the request's REMOTE_ADDR."""

import pytest
from axes.models import AccessAttempt
from django.contrib.auth import SESSION_KEY
from django.core import mail
from django.test import Client
from django.urls import reverse

from award_portal.accounts.models import AuthEvent, Role
from tests.factories import PASSWORD, AdministratorFactory, UserFactory

pytestmark = pytest.mark.django_db

OFFICE_NAT = "203.0.113.10"  # the city office's shared address
ELSEWHERE = "198.51.100.7"  # someone guessing the office's password from outside
WRONG = "Not-The-Password-1"


def _login(client, username, password=PASSWORD, *, address):
    return client.post(
        reverse("accounts:login"),
        {"username": username, "password": password},
        REMOTE_ADDR=address,
    )


def _signed_in(client) -> bool:
    return SESSION_KEY in client.session


def _sign_in_from(address, username="office", password=PASSWORD):
    """A fresh browser signs in from `address`: the page it got, and whether it is signed in."""
    client = Client()
    response = _login(client, username, password, address=address)
    return response, _signed_in(client)


def _fail(username, *, address, times):
    client = Client()
    for _ in range(times):
        _login(client, username, WRONG, address=address)


def _assert_refused_from_elsewhere_only(message):
    """Signing in from ELSEWHERE is refused with `message`; from the office it succeeds."""
    refused, outsider_in = _sign_in_from(ELSEWHERE)
    at_the_office, colleague_in = _sign_in_from(OFFICE_NAT)

    assert (refused.status_code, outsider_in) == (429, False)
    assert message in refused.content.decode()
    assert (at_the_office.status_code, colleague_in) == (302, True)


@pytest.fixture
def office(db):
    return UserFactory(username="office", role=Role.APPLICANT)


@pytest.fixture
def admin_site(db):
    administrator = AdministratorFactory(username="sysadmin")
    client = Client()
    client.force_login(administrator)
    return client


def test_wrong_passwords_from_one_address_lock_the_name_there_only(office, settings):
    _fail("office", address=ELSEWHERE, times=settings.AXES_FAILURE_LIMIT)

    _assert_refused_from_elsewhere_only("账户已暂时锁定")


def test_locked_page_says_how_long_the_lock_lasts(office, settings):
    _fail("office", address=ELSEWHERE, times=settings.AXES_FAILURE_LIMIT)

    page = _sign_in_from(ELSEWHERE)[0].content.decode()

    assert "请在 30 分钟后再试" in page


def test_failures_below_the_limit_leave_the_name_open(office, settings):
    _fail("office", address=ELSEWHERE, times=settings.AXES_FAILURE_LIMIT - 1)

    assert _sign_in_from(ELSEWHERE)[1] is True


def test_many_names_tried_from_one_address_lock_the_address(office, settings):
    # A password sprayed over many accounts: each name stays under its own limit.
    names = [f"guess{n}" for n in range(10)]
    per_name = settings.LOGIN_ADDRESS_FAILURE_LIMIT // len(names)
    assert per_name < settings.AXES_FAILURE_LIMIT
    for name in names:
        _fail(name, address=ELSEWHERE, times=per_name)

    _assert_refused_from_elsewhere_only("已暂时停止从该网络登录")


def test_an_address_below_its_limit_is_not_locked(office, settings):
    names = [f"typo{n}" for n in range(settings.LOGIN_ADDRESS_FAILURE_LIMIT - 1)]
    for name in names:
        _fail(name, address=OFFICE_NAT, times=1)

    assert _sign_in_from(OFFICE_NAT)[1] is True


def test_ipv6_addresses_of_one_network_count_together(office, settings):
    for host in range(settings.AXES_FAILURE_LIMIT):
        _fail("office", address=f"2001:db8:5:7::{host + 1:x}", times=1)

    refused, _ = _sign_in_from("2001:db8:5:7::ffff")
    _, in_from_another_network = _sign_in_from("2001:db8:5:8::1")

    assert refused.status_code == 429
    assert in_from_another_network is True


def test_admin_unlock_on_the_user_lets_them_in_again(office, admin_site, settings):
    _fail("office", address=OFFICE_NAT, times=settings.AXES_FAILURE_LIMIT)
    _fail("office", address=ELSEWHERE, times=settings.AXES_FAILURE_LIMIT)
    assert _sign_in_from(OFFICE_NAT)[0].status_code == 429

    response = admin_site.post(
        reverse("admin:accounts_user_changelist"),
        {"action": "unlock", "_selected_action": [office.pk]},
        follow=True,
    )

    assert "已解除 1 个用户的登录锁定" in response.content.decode()
    assert _sign_in_from(OFFICE_NAT)[1] is True
    assert AccessAttempt.objects.filter(username="office").count() == 0
    unlocked = AuthEvent.objects.get(kind=AuthEvent.Kind.UNLOCKED)
    assert (unlocked.user, unlocked.username) == (office, "office")


def test_admin_unlock_on_the_attempts_lifts_an_address_lock(office, admin_site, settings):
    for n in range(10):
        _fail(f"guess{n}", address=ELSEWHERE, times=settings.LOGIN_ADDRESS_FAILURE_LIMIT // 10)
    assert _sign_in_from(ELSEWHERE)[0].status_code == 429
    attempts = AccessAttempt.objects.filter(ip_address=ELSEWHERE)

    listing = admin_site.get(reverse("admin:axes_accessattempt_changelist"))
    admin_site.post(
        reverse("admin:axes_accessattempt_changelist"),
        {"action": "unlock", "_selected_action": list(attempts.values_list("pk", flat=True))},
    )

    assert "已锁定（该网络地址）" in listing.content.decode()
    assert _sign_in_from(ELSEWHERE)[1] is True
    assert attempts.count() == 0


def test_unlock_is_not_offered_to_those_who_may_not_change_users(office, settings):
    staff = UserFactory(username="reader", role=Role.ADMIN, is_staff=True)  # no permissions
    _fail("office", address=OFFICE_NAT, times=settings.AXES_FAILURE_LIMIT)
    client = Client()
    client.force_login(staff)

    response = client.post(
        reverse("admin:accounts_user_changelist"),
        {"action": "unlock", "_selected_action": [office.pk]},
    )

    assert response.status_code == 403
    assert AccessAttempt.objects.filter(username="office").count() == 1


def test_a_password_reset_from_the_emailed_link_lifts_the_lockout(office, settings):
    import re

    _fail("office", address=ELSEWHERE, times=settings.AXES_FAILURE_LIMIT)
    client = Client()
    client.post(reverse("accounts:password_reset"), {"email": office.email})
    link = re.search(r"/accounts/password/reset/\S+/\S+/", mail.outbox[0].body).group(0)
    form = client.get(link, follow=True)
    client.post(
        form.redirect_chain[-1][0],
        {"new_password1": "Brand-New-Pass-2023", "new_password2": "Brand-New-Pass-2023"},
    )

    _login(client, "office", "Brand-New-Pass-2023", address=ELSEWHERE)

    assert _signed_in(client)
    kinds = set(AuthEvent.objects.filter(user=office).values_list("kind", flat=True))
    assert AuthEvent.Kind.PASSWORD_CHANGED in kinds


@pytest.mark.parametrize("rows", [1, 3])
def test_attempts_list_query_count_does_not_grow_with_rows(
    admin_site, django_assert_num_queries, rows
):
    for n in range(rows):
        _fail(f"guess{n}", address=f"198.51.100.{n + 1}", times=2)
    admin_site.get(reverse("admin:axes_accessattempt_changelist"))

    with django_assert_num_queries(8):
        response = admin_site.get(reverse("admin:axes_accessattempt_changelist"))

    assert response.content.decode().count("还可尝试 3 次") == rows
