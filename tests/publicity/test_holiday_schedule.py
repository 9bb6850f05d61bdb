"""Storing a year's holiday schedule, the "节假日安排" page, and the warning when next year's
schedule is missing."""

from datetime import date
from pathlib import Path

import pytest
from django.urls import reverse

from award_portal.accounts.models import Role
from publicity import calendar, selectors
from publicity.errors import PublicityError
from publicity.holiday_notice import parse_notice
from publicity.holidays import services as holidays
from publicity.models import CalendarOverride, HolidaySchedule
from tests.factories import UserFactory
from tests.publicity.factories import CalendarOverrideFactory, CityOfficeFactory, SupervisorFactory

pytestmark = pytest.mark.django_db

NOTICES = Path(__file__).parent / "notices"
EXAMPLE_2027 = (NOTICES / "example-2027.txt").read_text(encoding="utf-8")
NOTICE_2025 = (NOTICES / "2025.txt").read_text(encoding="utf-8")


def save(text: str, actor=None) -> HolidaySchedule:
    return holidays.save_schedule(
        schedule=parse_notice(text), text=text, actor=actor or CityOfficeFactory()
    )


def small_notice(year: int, body: str = "一、元旦：1月1日放假。") -> str:
    return f"国务院办公厅关于{year}年部分节假日安排的通知\n{body}"


# --- the service -----------------------------------------------------------------------------


def test_save_schedule_stores_the_notice_and_one_override_per_named_day():
    office = CityOfficeFactory(full_name="王科员")

    record = save(EXAMPLE_2027, actor=office)

    assert record.year == 2027
    assert record.text == EXAMPLE_2027
    assert record.entered_by == office
    assert record.source == "国务院办公厅关于2027年部分节假日安排的通知"
    overrides = CalendarOverride.objects.filter(schedule=record)
    assert overrides.count() == 3 + 8 + 2 + 3 + 5 + 1 + 1 + 1 + 7 + 2
    spring_eve = overrides.get(day=date(2027, 2, 5))
    assert (spring_eve.kind, spring_eve.name) == (CalendarOverride.Kind.HOLIDAY, "春节")
    assert overrides.get(day=date(2027, 2, 20)).kind == CalendarOverride.Kind.WORKDAY
    assert record.history.count() == 1


def test_save_schedule_makes_add_workdays_in_2027_work_at_once():
    assert calendar.year_is_known(2027) is False  # the cache now holds "no 2027"

    save(EXAMPLE_2027)

    assert calendar.year_is_known(2027) is True
    assert calendar.add_workdays(date(2026, 12, 28), 5) == date(2027, 1, 4)
    assert calendar.is_workday(date(2027, 1, 31)) is True  # a Sunday made a working day


def test_save_schedule_2027_spring_festival_window_worked_example():
    save(EXAMPLE_2027)

    # 2月3日、4日，春节2月5日至12日放假，13日、14日周末，15日至17日：第5个工作日是2月17日。
    assert calendar.add_workdays(date(2027, 2, 3), 5) == date(2027, 2, 17)
    assert calendar.workdays_between(date(2027, 2, 3), date(2027, 2, 17)) == 5
    # 调休上班的2月20日（周六）计入：17、18、19、20日，22日。
    assert calendar.add_workdays(date(2027, 2, 17), 5) == date(2027, 2, 22)


def test_save_schedule_again_replaces_the_years_overrides():
    first = save(EXAMPLE_2027)
    CalendarOverrideFactory(day=date(2027, 3, 1), name="后台录入")  # entered by hand
    corrected = EXAMPLE_2027.replace(
        "六、中秋节：9月15日（周三）放假1天，不调休。",
        "六、中秋节：9月17日（周五）放假1天，不调休。",
    )

    second = save(corrected)

    assert second.pk == first.pk
    assert second.text == corrected
    days = set(CalendarOverride.objects.values_list("day", flat=True))
    assert date(2027, 9, 17) in days
    assert date(2027, 9, 15) not in days
    assert date(2027, 3, 1) not in days
    assert calendar.is_workday(date(2027, 9, 15)) is True
    assert calendar.is_workday(date(2027, 9, 17)) is False
    assert second.history.count() == 2
    assert second.history.earliest().text == EXAMPLE_2027


def test_save_schedule_refuses_a_year_the_library_knows():
    with pytest.raises(PublicityError) as excinfo:
        save(NOTICE_2025)

    assert "2025年的节假日安排已内置在系统的节假日数据中" in excinfo.value.message
    assert not HolidaySchedule.objects.exists()
    assert not CalendarOverride.objects.exists()


NEW_YEAR_2029 = "一、元旦：2028年12月30日至2029年1月1日放假调休，共3天。2028年12月23日上班。"


def test_save_schedule_refuses_a_day_in_a_year_not_entered_yet():
    with pytest.raises(PublicityError) as excinfo:
        save(small_notice(2029, NEW_YEAR_2029))

    assert excinfo.value.message == (
        "通知中的2028年12月23日属于2028年，但2028年的节假日安排尚未录入。"
        "请先录入2028年的通知，再录入2029年的通知。"
    )
    assert calendar.year_is_known(2028) is False


def test_save_schedule_keeps_the_days_next_years_notice_set():
    save(small_notice(2028))
    save(small_notice(2029, NEW_YEAR_2029))

    save(small_notice(2028, "一、元旦：1月1日放假。二、春节：1月26日至2月1日放假。"))

    assert calendar.is_workday(date(2028, 12, 23)) is True  # from the 2029 notice
    assert calendar.is_workday(date(2028, 12, 29)) is True  # an ordinary Friday
    assert CalendarOverride.objects.get(day=date(2028, 12, 23)).schedule.year == 2029


# --- the page --------------------------------------------------------------------------------


def test_calendar_page_office_sees_years_and_the_paste_form(client):
    save(EXAMPLE_2027, actor=CityOfficeFactory(full_name="王科员"))
    client.force_login(CityOfficeFactory())

    response = client.get(reverse("publicity:calendar_years"))

    html = response.content.decode()
    assert response.status_code == 200
    assert "2027年" in html
    assert "王科员" in html
    assert "2004年—2026年" in html
    assert 'name="text"' in html
    assert "解析预览" in html


@pytest.mark.parametrize("role", [Role.SUPERVISOR, Role.ADMIN])
def test_calendar_page_supervisor_and_admin_read_without_the_form(client, role):
    client.force_login(UserFactory(role=role))

    response = client.get(reverse("publicity:calendar_years"))

    assert response.status_code == 200
    assert "节假日安排" in response.content.decode()
    assert 'name="text"' not in response.content.decode()


@pytest.mark.parametrize("role", [Role.APPLICANT, Role.EXPERT, Role.LEADER])
def test_calendar_page_other_roles_are_refused(client, role):
    client.force_login(UserFactory(role=role))

    response = client.get(reverse("publicity:calendar_years"))

    assert response.status_code == 403


def test_calendar_page_anonymous_is_sent_to_login(client):
    response = client.get(reverse("publicity:calendar_years"))

    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]


def test_calendar_preview_shows_the_year_as_a_calendar_and_stores_nothing(client):
    client.force_login(CityOfficeFactory())

    response = client.post(reverse("publicity:calendar_preview"), {"text": EXAMPLE_2027})

    html = response.content.decode()
    assert response.status_code == 200
    assert "预览：2027年节假日安排" in html
    assert "首次录入2027年的安排" in html
    assert html.count('class="table table-sm table-bordered calendar-month mb-0"') == 12
    assert 'class="cal-off" title="2027-02-05 放假"' in html
    assert 'class="cal-work" title="2027-02-20 调休上班"' in html
    assert "calendar-legend" in html
    assert "确认保存" in html
    assert " style=" not in html
    assert not CalendarOverride.objects.exists()


def test_calendar_preview_of_a_saved_year_lists_what_changes(client):
    save(EXAMPLE_2027)
    client.force_login(CityOfficeFactory())
    corrected = EXAMPLE_2027.replace("9月15日（周三）放假1天", "9月17日（周五）放假1天")

    response = client.post(reverse("publicity:calendar_preview"), {"text": corrected})

    changes = response.context["changes"]
    assert [(c.day, c.before, c.after) for c in changes] == [
        (date(2027, 9, 15), False, True),
        (date(2027, 9, 17), True, False),
    ]
    assert "确认保存将以这份通知替换原有安排" in response.content.decode()
    assert "cal-changed" in response.content.decode()


def test_calendar_preview_of_the_same_text_says_nothing_changes(client):
    save(EXAMPLE_2027)
    client.force_login(CityOfficeFactory())

    response = client.post(reverse("publicity:calendar_preview"), {"text": EXAMPLE_2027})

    assert response.context["changes"] == []
    assert "与现有安排相同" in response.content.decode()


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("请于本周五前报送材料。", "未能识别通知的年份"),  # not a notice
        (NOTICE_2025, "已内置在系统的节假日数据中"),  # a year the library has
    ],
)
def test_calendar_preview_refused_says_why_and_offers_no_save(client, text, message):
    client.force_login(CityOfficeFactory())

    response = client.post(reverse("publicity:calendar_preview"), {"text": text})

    html = response.content.decode()
    assert response.status_code == 400
    assert message in html
    assert ">确认保存</button>" not in html


@pytest.mark.parametrize("role", [Role.SUPERVISOR, Role.ADMIN, Role.APPLICANT])
def test_calendar_preview_and_save_refused_to_other_roles(client, role):
    client.force_login(UserFactory(role=role))

    preview = client.post(reverse("publicity:calendar_preview"), {"text": EXAMPLE_2027})
    saved = client.post(reverse("publicity:calendar_save"), {"text": EXAMPLE_2027})

    assert (preview.status_code, saved.status_code) == (403, 403)
    assert not CalendarOverride.objects.exists()


def test_calendar_save_stores_the_year_and_returns_to_the_list(client):
    office = CityOfficeFactory(full_name="李科长")
    client.force_login(office)

    response = client.post(reverse("publicity:calendar_save"), {"text": EXAMPLE_2027}, follow=True)

    html = response.content.decode()
    assert response.redirect_chain[-1][0] == reverse("publicity:calendar_years")
    assert "2027年的节假日安排已保存" in html
    assert "李科长" in html
    assert HolidaySchedule.objects.get().entered_by == office
    assert calendar.add_workdays(date(2027, 2, 3), 5) == date(2027, 2, 17)


def test_calendar_save_of_bad_text_stores_nothing(client):
    client.force_login(CityOfficeFactory())

    response = client.post(
        reverse("publicity:calendar_save"), {"text": small_notice(2027, "一、春节：2月30日放假。")}
    )

    assert response.status_code == 400
    assert "2027年2月没有30日" in response.content.decode()
    assert not HolidaySchedule.objects.exists()


def test_calendar_preview_needs_post(client):
    client.force_login(CityOfficeFactory())

    assert client.get(reverse("publicity:calendar_preview")).status_code == 405
    assert client.get(reverse("publicity:calendar_save")).status_code == 405


# session, user, the entered schedules, the years entered by hand in the admin
CALENDAR_PAGE_QUERIES = 4


@pytest.mark.parametrize("rows", [1, 3])
def test_calendar_page_query_count_is_fixed(client, django_assert_num_queries, rows):
    office = CityOfficeFactory()
    for year in range(2027, 2027 + rows):
        save(small_notice(year), actor=office)
        CalendarOverrideFactory(day=date(2040 + year - 2027, 1, 1))  # a year entered by hand
    client.force_login(office)
    client.get(reverse("publicity:calendar_years"))  # the calendar overrides are cached once

    with django_assert_num_queries(CALENDAR_PAGE_QUERIES):
        response = client.get(reverse("publicity:calendar_years"))

    assert len(response.context["years"].entered) == 2 * rows


# --- the warning -----------------------------------------------------------------------------


@pytest.mark.now("2026-09-30")
def test_missing_calendar_warning_none_before_october():
    assert selectors.missing_calendar_warning(date(2026, 9, 30)) is None


@pytest.mark.now("2026-10-01")
def test_missing_calendar_warning_from_first_of_october_names_next_year():
    warning = selectors.missing_calendar_warning(date(2026, 10, 1))

    assert warning is not None
    assert warning.startswith("2027年的法定节假日安排尚未录入")
    assert "节假日安排" in warning


@pytest.mark.now("2026-10-01")
def test_missing_calendar_warning_gone_once_next_year_is_saved():
    save(EXAMPLE_2027)

    assert selectors.missing_calendar_warning(date(2026, 10, 1)) is None


@pytest.mark.now("2027-03-01")
def test_missing_calendar_warning_names_this_year_while_it_has_no_data():
    assert selectors.missing_calendar_warning(date(2027, 3, 1)).startswith(
        "2027年的法定节假日安排尚未录入"
    )


@pytest.mark.now("2027-10-01")
def test_missing_calendar_warning_in_2027_asks_for_2028():
    save(EXAMPLE_2027)

    assert selectors.missing_calendar_warning(date(2027, 10, 1)).startswith(
        "2028年的法定节假日安排尚未录入"
    )


@pytest.mark.now("2026-10-01")
def test_office_overview_shows_the_warning_with_a_link(client, edition):
    client.force_login(CityOfficeFactory())

    html = client.get(reverse("applications:office_overview")).content.decode()

    assert "2027年的法定节假日安排尚未录入" in html
    assert f'href="{reverse("publicity:calendar_years")}"' in html


@pytest.mark.now("2026-09-30")
def test_office_overview_without_the_warning_before_october(client, edition):
    client.force_login(CityOfficeFactory())

    html = client.get(reverse("applications:office_overview")).content.decode()

    assert "法定节假日安排尚未录入" not in html


@pytest.mark.now("2026-10-01")
def test_office_overview_warning_is_for_the_office(client, edition):
    client.force_login(SupervisorFactory())

    html = client.get(reverse("applications:office_overview")).content.decode()

    assert "法定节假日安排尚未录入" not in html


@pytest.mark.now("2026-10-01")
def test_calendar_page_shows_the_warning(client):
    client.force_login(CityOfficeFactory())

    html = client.get(reverse("publicity:calendar_years")).content.decode()

    assert "2027年的法定节假日安排尚未录入" in html
    assert "前往“节假日安排”录入" in html


def test_calendar_data_missing_says_where_to_add_the_year():
    with pytest.raises(calendar.CalendarDataMissing) as excinfo:
        calendar.is_workday(date(2030, 5, 1))

    assert "2030年的法定节假日安排尚未录入" in excinfo.value.message
    assert "“节假日安排”页面" in excinfo.value.message
    assert "国务院办公厅关于2030年部分节假日安排的通知" in excinfo.value.message
