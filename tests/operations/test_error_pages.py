"""With DEBUG off, a visitor meets a page in Chinese on the portal's layout, never a traceback."""

import pytest
from django.template import loader
from django.test import Client
from django.urls import reverse

from award_portal.accounts.models import Role
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

BRAND = "市政府质量奖评选管理平台"


@pytest.fixture
def production(settings):
    settings.DEBUG = False
    settings.ROOT_URLCONF = "tests.operations.urls"
    return Client(raise_request_exception=False)


def test_unknown_address_answers_the_404_page(production):
    response = production.get("/no-such-page/")

    body = response.content.decode()
    assert response.status_code == 404
    assert "页面不存在" in body and BRAND in body
    assert 'href="/accounts/login/"' in body  # the layout's navigation


def test_page_of_another_role_answers_the_403_page(production):
    production.force_login(UserFactory(role=Role.APPLICANT))

    response = production.get(reverse("applications:edition_progress"))

    body = response.content.decode()
    assert response.status_code == 403
    assert "无权访问" in body and BRAND in body


def test_unknown_host_answers_the_400_page(production):
    response = production.get("/", HTTP_HOST="evil.example")

    body = response.content.decode()
    assert response.status_code == 400
    assert "无法处理的请求" in body and BRAND in body


def test_failing_view_answers_the_500_page_without_a_traceback(production):
    response = production.get("/broken/")

    body = response.content.decode()
    assert response.status_code == 500
    assert "系统暂时无法处理您的请求" in body and BRAND in body
    assert "Traceback" not in body and "RuntimeError" not in body
    assert "a bug in a view" not in body


def test_500_page_renders_without_a_request_or_its_context():
    body = loader.get_template("errors/500.html").render()

    assert "系统暂时无法处理您的请求" in body
    assert 'href="/"' in body
    assert "csrfmiddlewaretoken" not in body  # no form that could not be sent


def test_500_page_is_drawn_while_the_database_is_unreachable(production):
    # Signed in, so the middleware reads the session and the user: each read fails, and the
    # 500 page must be drawn without them.
    production.force_login(UserFactory(role=Role.APPLICANT))
    refused = []

    def refuse(execute, sql, params, many, context):
        from django.db import OperationalError

        refused.append(sql)
        raise OperationalError("the database is unreachable")

    from django.db import connection

    with connection.execute_wrapper(refuse):
        response = production.get(reverse("applications:dashboard"))

    assert refused
    assert response.status_code == 500
    assert "系统暂时无法处理您的请求" in response.content.decode()
