"""查看届次: the office and the other readers choose which edition their pages show, while the
previous edition is still in 表扬授奖 and the new call is open. Units and applicants keep the
current edition."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone, translation

from applications.editions.working import SESSION_KEY, live_editions
from applications.models import Edition, Stage, Status
from award_portal.accounts.models import Role
from review.models import ReviewRound
from tests.factories import ApplicationFactory, EditionFactory, UnitOfficerFactory, UserFactory
from tests.lifecycle.conftest import put, set_stage

pytestmark = pytest.mark.django_db

SWITCH = reverse("editions:switch")
PROGRESS = reverse("applications:edition_progress")
THIRD = "第三届攀枝花市政府质量奖"
FOURTH = "第四届攀枝花市政府质量奖"
NOTICE = "您正在查看「第三届攀枝花市政府质量奖」，不是当前届次。"
PROGRESS_QUERIES = 9


@pytest.fixture
def previous(db):
    """The 3rd edition, still in 表扬授奖."""
    return set_stage(EditionFactory(number=3, name=THIRD, is_current=False), Stage.COMMENDATION)


@pytest.fixture
def current(previous):
    """The 4th edition, its call open: the current edition."""
    return EditionFactory(number=4, name=FOURTH, period_label="2026—2027年度", is_current=True)


@pytest.fixture
def office(db):
    return UserFactory(role=Role.CITY_OFFICE, username="office")


def _signed_in(client, user):
    client.force_login(user)
    return client


def _switch(client, edition, **extra):
    return client.post(SWITCH, {"edition": edition.pk if edition else "", **extra})


def _message(response) -> str:
    """The message of this response (earlier ones wait in the cookie until a page shows them)."""
    return [str(m) for m in get_messages(response.wsgi_request)][-1]


def _demo_edition(number: int, stage: str) -> Edition:
    return set_stage(
        EditionFactory(number=number, name=f"演示届次{number}", is_current=False, is_demo=True),
        stage,
    )


# --- switching -------------------------------------------------------------------------------


def test_switching_shows_the_chosen_edition_on_the_progress_page(client, office, current, previous):
    _signed_in(client, office)

    before = client.get(PROGRESS).content.decode()
    response = _switch(client, previous)
    after = client.get(PROGRESS).content.decode()

    assert (response.status_code, response["Location"]) == (302, PROGRESS)
    assert _message(response) == f"正在查看：{THIRD}"
    assert "当前阶段：自愿申报" in before and "当前阶段：表扬授奖" not in before
    assert "当前阶段：表扬授奖" in after and "当前阶段：自愿申报" not in after
    assert client.session[SESSION_KEY] == {"pk": previous.pk, "name": THIRD}


def test_switching_changes_the_office_list(client, office, current, previous):
    put(ApplicationFactory(edition=current, applicant_name="四届申报企业"), Status.RECOMMENDED)
    put(ApplicationFactory(edition=previous, applicant_name="三届申报企业"), Status.RECOMMENDED)
    _signed_in(client, office)
    url = reverse("applications:office_list")

    before = client.get(url).content.decode()
    _switch(client, previous)
    after = client.get(url).content.decode()

    assert ("四届申报企业" in before, "三届申报企业" in before) == (True, False)
    assert ("四届申报企业" in after, "三届申报企业" in after) == (False, True)


def test_switching_changes_the_round_list(client, office, current, previous):
    old_round = ReviewRound.objects.create(
        edition=previous,
        stage=Stage.MATERIAL_REVIEW,
        due_date=timezone.localdate() - timedelta(days=200),
        created_by=office,
    )
    _signed_in(client, office)
    url = reverse("review:round_list")
    link = reverse("review:round_detail", args=[old_round.pk])

    before = client.get(url).content.decode()
    _switch(client, previous)
    after = client.get(url).content.decode()

    assert (link in before, "尚未创建评审轮次。" in before) == (False, True)
    assert (link in after, f"专家评审 · {THIRD}" in after) == (True, True)


@pytest.mark.parametrize("role", [Role.CITY_OFFICE, Role.LEADER])
def test_switching_changes_the_deliberation_page(client, current, previous, role):
    _signed_in(client, UserFactory(role=role))
    url = reverse("review:deliberation")

    before = client.get(url).content.decode()
    _switch(client, previous)
    after = client.get(url).content.decode()

    assert (f"{FOURTH} · 审议与授奖" in before, f"{THIRD} · 审议与授奖" in before) == (True, False)
    assert (f"{FOURTH} · 审议与授奖" in after, f"{THIRD} · 审议与授奖" in after) == (False, True)


def test_an_empty_choice_goes_back_to_the_current_edition(client, office, current, previous):
    _signed_in(client, office)
    _switch(client, previous)

    response = _switch(client, None)
    page = client.get(PROGRESS).content.decode()

    assert _message(response) == f"正在查看：{FOURTH}"
    assert SESSION_KEY not in client.session
    assert "当前阶段：自愿申报" in page


def test_choosing_the_current_edition_keeps_nothing_in_the_session(client, office, current):
    _signed_in(client, office)

    response = _switch(client, current)

    assert _message(response) == f"正在查看：{FOURTH}"
    assert SESSION_KEY not in client.session


@pytest.mark.parametrize("value", ["999999", "第三届", "draft"])
def test_an_unknown_or_draft_edition_is_refused_with_a_message(
    client, office, current, previous, value
):
    draft = EditionFactory(
        number=5, name="第五届攀枝花市政府质量奖", is_current=False, is_draft=True
    )
    _signed_in(client, office)
    _switch(client, previous)

    response = client.post(SWITCH, {"edition": draft.pk if value == "draft" else value})

    assert response["Location"] == PROGRESS
    assert _message(response) == "没有找到这个届次（或尚未发布），仍在查看原来的届次。"
    assert client.session[SESSION_KEY] == {"pk": previous.pk, "name": THIRD}


def test_next_leads_back_to_the_page_of_this_site(client, office, current, previous):
    _signed_in(client, office)
    office_list = reverse("applications:office_list") + "?status=recommended"

    response = _switch(client, previous, next=office_list)

    assert response["Location"] == office_list


@pytest.mark.parametrize(
    "next_url", ["https://evil.example/", "//evil.example/office/", "javascript:alert(1)", "home"]
)
def test_next_off_the_site_is_ignored(client, office, current, previous, next_url):
    _signed_in(client, office)

    response = _switch(client, previous, next=next_url)

    assert response["Location"] == PROGRESS
    assert client.session[SESSION_KEY]["pk"] == previous.pk


def test_a_chosen_edition_that_is_no_longer_published_gives_way_to_the_current_one(
    client, office, current, previous
):
    _signed_in(client, office)
    _switch(client, previous)
    Edition.objects.filter(pk=previous.pk).update(is_draft=True)

    page = client.get(PROGRESS).content.decode()

    assert "当前阶段：自愿申报" in page
    assert NOTICE not in page
    assert SESSION_KEY not in client.session


# --- units, applicants and experts ------------------------------------------------------------


@pytest.mark.parametrize("role", [Role.UNIT_OFFICER, Role.APPLICANT, Role.EXPERT])
def test_only_the_readers_may_switch(client, current, previous, role):
    user = UnitOfficerFactory() if role == Role.UNIT_OFFICER else UserFactory(role=role)
    _signed_in(client, user)

    response = _switch(client, previous)

    assert response.status_code == 403
    assert SESSION_KEY not in client.session


def test_units_keep_the_current_edition_whatever_the_session_holds(client, current, previous):
    officer = UnitOfficerFactory()
    put(
        ApplicationFactory(edition=current, unit=officer.unit, applicant_name="四届企业"),
        "submitted",
    )
    put(
        ApplicationFactory(edition=previous, unit=officer.unit, applicant_name="三届企业"),
        "submitted",
    )
    _signed_in(client, officer)
    session = client.session
    session[SESSION_KEY] = {"pk": previous.pk, "name": THIRD}
    session.save()

    page = client.get(reverse("applications:unit_queue")).content.decode()

    assert ("四届企业" in page, "三届企业" in page) == (True, False)
    assert NOTICE not in page


# --- the picker and the notice ---------------------------------------------------------------


def test_live_editions_are_the_published_open_ones_current_first(current, previous):
    _demo_edition(90, Stage.ACCEPTANCE)
    set_stage(EditionFactory(number=2, name="第二届", is_current=False), Stage.CLOSED)
    EditionFactory(number=5, name="第五届", is_current=False, is_draft=True)

    assert [e.number for e in live_editions()] == [4, 3, 90]


def test_the_picker_lists_the_live_editions_with_their_stage(client, office, current, previous):
    _demo_edition(90, Stage.ACCEPTANCE)
    _signed_in(client, office)

    page = client.get(PROGRESS).content.decode()

    assert "查看届次" in page
    assert f"{FOURTH}（自愿申报） · 当前届次</option>" in page
    assert f"{THIRD}（表扬授奖）</option>" in page
    assert ">演示届次90</option>" in page  # a demo edition's name says where it stopped


def test_the_picker_is_left_out_when_there_is_nothing_to_choose(client, office):
    EditionFactory(number=4, name=FOURTH)
    _signed_in(client, office)

    page = client.get(PROGRESS).content.decode()

    assert 'name="edition"' not in page


def test_the_picker_stays_while_a_closed_edition_is_chosen(client, office, current):
    closed = set_stage(EditionFactory(number=2, name="第二届", is_current=False), Stage.CLOSED)
    _signed_in(client, office)
    _switch(client, closed)

    page = client.get(PROGRESS).content.decode()

    assert f'<option value="{closed.pk}" selected>第二届（已结束）</option>' in page


def test_the_notice_appears_while_another_edition_is_chosen(client, office, current, previous):
    _signed_in(client, office)
    home = reverse("home")

    before = client.get(home).content.decode()
    _switch(client, previous)
    during = client.get(home).content.decode()
    _switch(client, None)
    after = client.get(home).content.decode()

    assert (NOTICE in before, NOTICE in during, NOTICE in after) == (False, True, False)
    assert "回到当前届次" in during


def test_the_home_page_keeps_the_current_call(client, office, current, previous):
    _signed_in(client, office)
    _switch(client, previous)

    page = client.get(reverse("home")).content.decode()

    assert current.notice_title in page


# --- queries ---------------------------------------------------------------------------------


@pytest.mark.parametrize("demo_editions", [0, 3])
def test_progress_page_with_the_picker_query_count_is_fixed(
    client, office, current, previous, django_assert_num_queries, demo_editions
):
    for number in range(demo_editions):
        _demo_edition(90 + number, Stage.ACCEPTANCE)
    _signed_in(client, office)
    client.get(PROGRESS)  # the session's first touch is written once a minute, not here
    _switch(client, previous)

    # the session, the user, the chosen edition, the live editions, two for what still blocks
    # the 3rd edition's stage, its trail, the emails that failed and the beat jobs' heartbeats
    # (these two the office's)
    with django_assert_num_queries(PROGRESS_QUERIES):
        page = client.get(PROGRESS).content.decode()

    assert page.count("</option>") == 2 + demo_editions


def test_a_chosen_edition_costs_the_same_queries_as_the_current_one(
    client, office, current, previous, django_assert_num_queries, django_assert_max_num_queries
):
    for edition in (current, previous):
        put(ApplicationFactory(edition=edition), Status.RECOMMENDED)
    _signed_in(client, office)
    url = reverse("applications:office_list")
    client.get(url)
    with django_assert_max_num_queries(100) as on_current:
        client.get(url)
    # Read now: the next request clears the connection's query log the count is taken from.
    queries_on_current = len(on_current)
    _switch(client, previous)

    with django_assert_num_queries(queries_on_current):
        client.get(url)


def test_the_notice_in_english(client, settings, office, current, previous):
    _signed_in(client, office)
    _switch(client, previous)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"

    # The request switches the thread's language; the block puts the previous one back.
    with translation.override("en"):
        page = client.get(reverse("home")).content.decode()

    assert f"You are viewing “{THIRD}”, which is not the current edition." in page
    assert "Back to the current edition" in page
