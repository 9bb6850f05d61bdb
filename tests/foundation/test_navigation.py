import pytest
from django.urls import reverse

from award_portal.accounts.models import Role
from award_portal.navigation import NAV_ITEMS
from tests.factories import UnitOfficerFactory, UserFactory

pytestmark = pytest.mark.django_db


def _nav_labels(client) -> list[str]:
    response = client.get(reverse("home"))
    assert response.status_code == 200
    return [str(item["label"]) for item in response.context["nav_items"]]


@pytest.mark.parametrize("role", [r for r in Role.values])
def test_each_role_sees_exactly_its_navigation(client, edition, role):
    user = UnitOfficerFactory() if role == Role.UNIT_OFFICER else UserFactory(role=role)
    client.force_login(user)

    labels = _nav_labels(client)

    expected = [str(item.label) for item in NAV_ITEMS if role in item.roles]
    assert labels == expected
    assert labels, f"{role} has nothing to do"


@pytest.mark.parametrize("role", [r for r in Role.values])
def test_each_roles_navigation_links_answer(client, edition, role):
    user = UnitOfficerFactory() if role == Role.UNIT_OFFICER else UserFactory(role=role)
    if role == Role.ADMIN:
        user.is_staff = user.is_superuser = True
        user.save()
    client.force_login(user)

    response = client.get(reverse("home"))

    for item in response.context["nav_items"]:
        assert client.get(item["url"]).status_code == 200, item["url"]


def test_anonymous_sees_public_links_only(client, edition):
    response = client.get(reverse("home"))

    assert response.context["nav_items"] == []
    assert "公示公告" in response.content.decode()


def test_unknown_url_is_a_chinese_404(client):
    response = client.get("/no/such/page/")

    assert response.status_code == 404
    assert "页面不存在" in response.content.decode()


def test_language_switch_to_english(client, edition):
    client.post(reverse("set_language"), {"language": "en", "next": "/"})

    response = client.get("/")

    assert 'lang="en"' in response.content.decode()
    assert "Key dates" in response.content.decode()


def test_pages_send_a_strict_content_security_policy(client):
    response = client.get(reverse("accounts:login"))

    assert "script-src 'self'" in response["Content-Security-Policy"]
    assert "unsafe-inline" not in response["Content-Security-Policy"]


@pytest.mark.parametrize(
    ("role", "landing"),
    [
        (Role.APPLICANT, "applications:dashboard"),
        (Role.UNIT_OFFICER, "applications:unit_queue"),
        (Role.CITY_OFFICE, "applications:edition_progress"),
        (Role.EXPERT, "review:expert_dashboard"),
        (Role.SUPERVISOR, "applications:edition_progress"),
        (Role.LEADER, "applications:edition_progress"),
        (Role.ADMIN, "applications:edition_progress"),
    ],
)
def test_each_role_lands_on_its_own_page_after_login(client, edition, role, landing):
    from award_portal.accounts.security import SECOND_FACTOR_ROLES
    from tests.factories import PASSWORD
    from tests.security.helpers import code_for, enrol

    user = UnitOfficerFactory() if role == Role.UNIT_OFFICER else UserFactory(role=role)
    device = enrol(user) if role in SECOND_FACTOR_ROLES else None

    response = client.post(
        reverse("accounts:login"), {"username": user.username, "password": PASSWORD}
    )
    if device is not None:  # staff roles pass the second factor, then land as everyone does
        response = client.get(response["Location"])
        response = client.post(response["Location"], {"code": code_for(device)})
    response = client.get(response["Location"])

    assert response.status_code == 302
    assert response["Location"] == reverse(landing)


def test_unparseable_upload_gets_the_portals_own_400_page(client):
    from django.core.exceptions import SuspiciousOperation
    from django.test import RequestFactory

    from award_portal.views import bad_request

    response = bad_request(RequestFactory().get("/"), SuspiciousOperation("bad multipart"))

    assert response.status_code == 400
    assert "请求的内容无法识别" in response.content.decode()
