"""Redis (the cache and the Celery broker) goes away while the portal runs: people still sign
in, read their pages, the public pages and certificate checks answer, the autosave keeps
answering JSON, and emails wait in the outbox."""

from __future__ import annotations

import json

import pytest
from django.urls import reverse

from tests.applications.helpers import valid_data
from tests.factories import PASSWORD
from tests.faults import seed
from tests.faults.standalone import Browser, Site

WHEN = "2026-11-16 10:00"

pytestmark = pytest.mark.now(WHEN)


@pytest.fixture
def redis_site(site_database, redis_server, tmp_path):
    """runserver with REDIS_URL on the test's own redis-server, and an applicant's draft."""
    site = Site(tmp_path, WHEN, site_database, REDIS_URL=redis_server.url)
    output = site.manage(
        "shell", "-v0", "-c", "from tests.faults.seed import applicant_with_draft as s; print(s())"
    )
    site.application_id, site.unit_id = (int(n) for n in output.split())
    try:
        site.url = site.serve()
        yield site
    finally:
        site.stop()


def _outbox(site: Site) -> list[tuple[str, str]]:
    output = site.manage(
        "shell",
        "-v0",
        "-c",
        "from applications.models import Notification; "
        "print(list(Notification.objects.values_list('recipient', 'status')))",
    )
    return [tuple(row) for row in eval(output)]  # noqa: S307 - our own process's repr


@pytest.mark.django_db(transaction=True)
def test_with_redis_down_sign_in_pages_and_autosave_answer_without_error(redis_site, redis_server):
    pk = redis_site.application_id
    applicant = Browser(redis_site.url)
    assert applicant.login(seed.APPLICANT, PASSWORD) == 302
    assert applicant.request(reverse("applications:dashboard"))[0] == 200

    redis_server.kill()

    visitor = Browser(redis_site.url)
    answers = {
        "login": Browser(redis_site.url).login(seed.APPLICANT, PASSWORD),
        "dashboard": applicant.request(reverse("applications:dashboard"))[0],
        "form": applicant.request(reverse("applications:edit", kwargs={"pk": pk}))[0],
        "publicity": visitor.request(reverse("publicity:public_list"))[0],
        "verify": visitor.request(reverse("review:certificate_verify") + "?number=PZHZLJ-03-ZZ001")[
            0
        ],
    }
    data = {**valid_data("general", redis_site.unit_id), "org_name": "攀枝花钒钛精工股份有限公司"}
    autosave, body = applicant.request(
        reverse("applications:autosave", kwargs={"pk": pk}), data, **{"X-Requested-With": "fetch"}
    )
    invite = applicant.request(
        reverse("applications:invite", kwargs={"pk": pk}), {"email": "colleague@example.cn"}
    )[0]

    assert answers == {
        "login": 302,
        "dashboard": 200,
        "form": 200,
        "publicity": 200,
        "verify": 200,
    }, redis_site.logs()[-5000:]
    assert (autosave, json.loads(body)["saved"]) == (200, True), body[:2000]
    # The invitation is made; its email waits in the outbox for the beat job.
    assert invite == 302, redis_site.logs()[-5000:]
    assert _outbox(redis_site) == [("colleague@example.cn", "pending")]


def _draft_field(site: Site, name: str) -> str:
    return site.manage(
        "shell",
        "-v0",
        "-c",
        "from applications.models import Application; "
        f"print(Application.objects.get(pk={site.application_id}).data[{name!r}])",
    ).strip()


@pytest.mark.django_db(transaction=True)
@pytest.mark.browser
def test_with_redis_down_what_was_typed_while_offline_is_restored_and_saved(
    redis_site, redis_server, browser
):
    from playwright.sync_api import expect

    redis_server.kill()
    context = browser.new_context(base_url=redis_site.url, locale="zh-CN")
    page = context.new_page()
    page.set_default_timeout(20_000)
    try:
        page.goto(reverse("accounts:login"))
        page.get_by_label("用户名").fill(seed.APPLICANT)
        page.get_by_label("密码").fill(PASSWORD)
        page.get_by_role("button", name="登录").click()
        page.goto(reverse("applications:edit", kwargs={"pk": redis_site.application_id}))
        status = page.locator("#autosave-status")

        # The connection drops while the applicant types: the autosave fails.
        context.set_offline(True)
        page.locator('[name="org_name"]').fill("攀枝花钒钛精工股份有限公司")
        expect(status).to_contain_text("自动保存失败")
        context.set_offline(False)
        page.reload()

        expect(page.locator('[name="org_name"]')).to_have_value("攀枝花钒钛精工股份有限公司")
        expect(status).to_contain_text("已自动保存")
        assert page.evaluate("Object.keys(localStorage)") == []
    finally:
        context.close()
    assert _draft_field(redis_site, "org_name") == "攀枝花钒钛精工股份有限公司"


# --- the parts, in the test process ----------------------------------------------------------

CLOSED_PORT = "redis://127.0.0.1:1/0"


def _degrading_cache(settings, location: str):
    from django.core.cache import cache

    settings.CACHES = {
        "default": {
            "BACKEND": "award_portal.cache.DegradingRedisCache",
            "LOCATION": location,
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 2},
        }
    }
    return cache


def test_cache_without_redis_reads_as_empty_and_drops_writes(settings):
    cache = _degrading_cache(settings, CLOSED_PORT)

    cache.set("calendar", {"2026-10-01": "holiday"})
    answers = (
        cache.get("calendar", "missing"),
        cache.add("counter", 1),
        cache.get_many(["a", "b"]),
        cache.get_or_set("names", lambda: ["东区"]),
        cache.delete("calendar"),
    )

    assert answers == ("missing", False, {}, ["东区"], False)
    with pytest.raises(ValueError):
        cache.incr("counter")


def _passes(request) -> bool:
    """One attempt at the certificate check's limit, as the page counts it (2 an hour here)."""
    from django_ratelimit.core import is_ratelimited

    return not is_ratelimited(
        request, group="certificate_verify", key="ip", rate="2/h", increment=True
    )


def test_rate_limit_without_redis_lets_every_attempt_through(settings, rf):
    _degrading_cache(settings, CLOSED_PORT)
    request = rf.get("/review/certificates/verify/", REMOTE_ADDR="203.0.113.7")

    passed = [_passes(request) for _ in range(4)]

    assert passed == [True, True, True, True]


def test_rate_limit_on_redis_counts_and_uses_it_again_once_it_is_back(settings, rf, redis_server):
    import time

    from award_portal.cache import RETRY_AFTER_SECONDS

    cache = _degrading_cache(settings, redis_server.url)
    request = rf.get("/review/certificates/verify/", REMOTE_ADDR="203.0.113.7")
    counted = [_passes(request) for _ in range(3)]
    redis_server.kill()
    while_down = _passes(request)

    redis_server.start()
    time.sleep(RETRY_AFTER_SECONDS + 0.5)
    cache.set("back", "yes")

    assert (counted, while_down, cache.get("back")) == ([True, True, False], True, "yes")


@pytest.fixture
def own_draft(client, make_draft):
    """A draft without materials, its owner signed in (a session in the database)."""
    application = make_draft("general", materials=False)
    client.force_login(application.owner)
    return application


def _autosave(client, pk: int, headers=None) -> tuple[int, dict]:
    """The form's autosave of one answer: the status and the JSON it answers with."""
    response = client.post(
        reverse("applications:autosave", kwargs={"pk": pk}),
        {"org_name": "攀枝花新材料公司"},
        headers=headers,
    )
    return response.status_code, response.json()


@pytest.mark.django_db
def test_autosave_answers_json_when_the_session_store_fails(settings, client, own_draft):
    """What every autosave met while sessions were kept in the cache and Redis was down."""
    redis_cache = "django.core.cache.backends.redis.RedisCache"
    settings.CACHES = {
        **settings.CACHES,
        "sessions": {"BACKEND": redis_cache, "LOCATION": CLOSED_PORT},
    }
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
    settings.SESSION_CACHE_ALIAS = "sessions"
    client.raise_request_exception = False

    status, body = _autosave(client, own_draft.pk, headers={"X-Requested-With": "fetch"})

    assert (status, body["saved"], body["errors"]) == (500, False, {})
    assert "内容已暂存在本浏览器中" in body["message"]


@pytest.mark.django_db
def test_autosave_of_a_draft_that_is_not_there_answers_json(client, own_draft):
    status, body = _autosave(client, own_draft.pk + 1000)

    assert (status, body["saved"], body["errors"]) == (404, False, {})
    assert "未能保存" in body["message"]


@pytest.mark.django_db
def test_page_requests_still_get_html_error_pages(client, own_draft):
    response = client.get(reverse("applications:edit", kwargs={"pk": own_draft.pk + 1000}))

    assert (response.status_code, response["Content-Type"]) == (404, "text/html; charset=utf-8")
