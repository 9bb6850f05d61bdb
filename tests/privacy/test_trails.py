"""The login and audit trails: kept at least six months, searched by the city office, and
every export recorded."""

from datetime import timedelta

import pytest
import time_machine
from axes.models import AccessLog
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.db import transaction
from django.db.models import ProtectedError
from django.urls import URLResolver, get_resolver, reverse
from django.utils import timezone

from award_portal.accounts.models import AuthEvent
from award_portal.privacy.models import ExportRecord
from award_portal.privacy.page_names import PAGE_NAMES
from award_portal.workflow.models import StateChange
from review.models import ReviewRound, ScoreSheet
from tests.clock import moment
from tests.privacy.conftest import ApplicationEventFactory

pytestmark = [pytest.mark.django_db, pytest.mark.now("2026-11-16 10:00")]


def _event(kind, username, ip, at):
    with time_machine.travel(moment(at), tick=False):
        return AuthEvent.objects.create(kind=kind, username=username, ip_address=ip)


@pytest.fixture
def events(db):
    return [
        _event("login", "dongqu", "10.1.2.3", "2026-11-02 09:00"),
        _event("failed", "dongqu", "10.1.2.3", "2026-11-02 08:59"),
        _event("login", "office", "10.9.0.1", "2026-11-10 14:00"),
        _event("login", "expert1", "192.168.1.5", "2026-06-01 08:00"),
    ]


def _search(client, **criteria):
    response = client.get(reverse("privacy:trails"), criteria)
    assert response.status_code == 200
    return response


def _names(response):
    return [(row.user, row.action) for row in response.context["rows"]]


def test_the_office_searches_by_user_dates_action_and_address(client, events, users):
    client.force_login(users["city_office"])

    by_user = _search(client, trail="login", user="dongqu")
    by_dates = _search(client, trail="login", date_from="2026-11-01", date_to="2026-11-09")
    by_action = _search(client, trail="login", action="登录失败")
    by_ip = _search(client, trail="login", ip="192.168.")

    assert _names(by_user) == [("dongqu", "登录"), ("dongqu", "登录失败")]
    assert {u for u, _a in _names(by_dates)} == {"dongqu"}
    assert _names(by_action) == [("dongqu", "登录失败")]
    assert _names(by_ip) == [("expert1", "登录")]


def test_bad_search_input_gets_a_chinese_message(client, events, users):
    client.force_login(users["city_office"])

    bad_date = _search(client, trail="login", date_from="2026-13-40").content.decode()
    reversed_range = _search(client, date_from="2026-11-10", date_to="2026-11-01").content.decode()
    bad_ip = _search(client, ip="<script>").content.decode()
    bad_page = _search(client, page="99").content.decode()

    assert "请填写有效日期" in bad_date
    assert "截止日期不能早于起始日期。" in reversed_range
    assert "IP 地址只能包含数字" in bad_ip
    assert "页码超出范围" in bad_page


@pytest.mark.parametrize("role", ["supervisor", "leader", "admin", "applicant", "unit_officer"])
def test_only_the_office_reaches_the_trails(client, users, role):
    client.force_login(users[role])

    assert client.get(reverse("privacy:trails")).status_code == 403


def test_the_search_page_costs_the_same_queries_for_any_number_of_rows(
    client, users, events, django_assert_num_queries, django_assert_max_num_queries
):
    client.force_login(users["city_office"])
    for trail in ("login", "application", "record", "edition", "export", "access"):
        _search(client, trail=trail)  # warm
        with django_assert_max_num_queries(4):  # session, user, count, page
            _search(client, trail=trail, user="o")
    with django_assert_num_queries(4):
        _search(client, trail="login", user="o")
    for n in range(60):
        AuthEvent.objects.create(kind="login", username=f"office{n}", ip_address="10.0.0.1")
    with django_assert_num_queries(4):
        response = _search(client, trail="login", user="o")
    assert len(response.context["rows"]) == 50


def test_every_download_is_recorded_and_the_office_sees_who_exported_what(client, person, users):
    client.force_login(users["supervisor"])
    client.get(reverse("applications:export_docx", args=[person.pk]))
    client.force_login(users["city_office"])

    page = _search(client, trail="export", user=users["supervisor"].username)

    record = ExportRecord.objects.get(user=users["supervisor"])
    assert record.page == "applications:export_docx"
    assert record.filename == f"{person.reference}-申报表.docx"
    assert record.role == "supervisor" and record.ip_address == "127.0.0.1"
    assert [row.target for row in page.context["rows"]] == [record.filename]
    assert [row.action for row in page.context["rows"]] == ["导出申报表（Word）"]


@pytest.mark.parametrize(
    ("url_name", "language", "shown"),
    [
        ("applications:office_export", "zh-hans", "申报总览（Excel）"),
        ("applications:office_export", "en", "Applications overview (Excel)"),
        ("privacy:trails", "en", "Audit trails"),
        ("applications:unknown_page", "en", "applications:unknown_page"),
    ],
)
def test_the_export_trail_names_the_page_in_the_readers_language(
    client, users, url_name, language, shown
):
    ExportRecord.objects.create(username="office", page=url_name, path="/x/")
    client.force_login(users["city_office"])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language

    rows = _search(client, trail="export").context["rows"]

    assert [row.action for row in rows] == [shown]


def test_login_records_younger_than_six_months_are_never_deleted(events):
    young = events[3]  # 2026-06-01: 168 days old
    with pytest.raises(ProtectedError), transaction.atomic():
        young.delete()
    old = _event("login", "expert2", "10.0.0.2", "2026-05-01 08:00")  # 199 days
    old.delete()
    assert AuthEvent.objects.filter(pk=young.pk).exists()


def test_axes_log_cleanup_cannot_shorten_the_six_months(db):
    with time_machine.travel(timezone.now() - timedelta(days=40), tick=False):
        log = AccessLog.objects.create(username="office", ip_address="10.0.0.1", user_agent="x")

    with pytest.raises(ProtectedError), transaction.atomic():
        call_command("axes_reset_logs", age=30)

    assert AccessLog.objects.filter(pk=log.pk).exists()


@pytest.mark.parametrize(
    ("language", "action", "target"),
    [
        ("zh-hans", "提交", "评分表 #65 评分中 → 已提交"),
        ("en", "Submit", "Score sheet #65 Scoring in progress → Submitted"),
    ],
)
def test_the_record_trail_reads_moves_and_statuses_in_the_readers_language(
    client, users, language, action, target
):
    StateChange.objects.create(
        kind="score_sheet",
        content_type=ContentType.objects.get_for_model(ScoreSheet),
        object_id=65,
        move="submit",
        source="draft",
        target="submitted",
        actor_name="专家5",
        actor_role="expert",
    )
    client.force_login(users["city_office"])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language

    rows = _search(client, trail="record").context["rows"]

    assert [(row.action, row.target) for row in rows] == [(action, target)]


def test_the_application_trail_names_the_move_as_people_read_it(client, person, users):
    ApplicationEventFactory(application=person)
    client.force_login(users["city_office"])

    rows = _search(client, trail="application").context["rows"]

    assert [row.action for row in rows] == ["退回修改"]


def test_the_office_finds_moves_by_the_words_it_reads(client, person, users):
    ApplicationEventFactory(application=person)
    for kind, model, move in (
        ("score_sheet", ScoreSheet, "submit"),
        ("review_round", ReviewRound, "open"),
    ):
        StateChange.objects.create(
            kind=kind,
            content_type=ContentType.objects.get_for_model(model),
            object_id=1,
            move=move,
            source="",
            target="",
        )
    client.force_login(users["city_office"])

    by_move = _search(client, trail="record", action="开始评审").context["rows"]
    by_kind = _search(client, trail="record", action="评分表").context["rows"]
    by_code = _search(client, trail="record", action="submit").context["rows"]
    returned = _search(client, trail="application", action="退回").context["rows"]
    nothing = _search(client, trail="application", action="开始评审").context["rows"]

    assert [row.action for row in by_move] == ["开始评审"]
    assert [row.action for row in by_kind] == ["提交"]
    assert [row.action for row in by_code] == ["提交"]
    assert [row.action for row in returned] == ["退回修改"]
    assert list(nothing) == []


def _routes(patterns, prefix="", namespace=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace
            yield from _routes(pattern.url_patterns, prefix + str(pattern.pattern), inner or "")
        elif pattern.name:
            name = f"{namespace}:{pattern.name}" if namespace else pattern.name
            yield prefix + str(pattern.pattern), name


def test_every_file_the_portal_hands_out_has_a_name_in_the_export_trail():
    files = {
        name
        for route, name in _routes(get_resolver().url_patterns)
        if route.endswith((".docx", ".pdf", ".xlsx")) or "download" in name
    }

    assert len(files) > 15
    assert sorted(files - PAGE_NAMES.keys()) == []
