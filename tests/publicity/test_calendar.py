from datetime import date

import pytest
from django.urls import reverse

from publicity import calendar
from publicity.models import CalendarOverride
from tests.factories import UserFactory
from tests.publicity.factories import CalendarOverrideFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("start", "end"),
    [
        (date(2023, 2, 15), date(2023, 2, 21)),
        (date(2023, 4, 26), date(2023, 5, 5)),
        (date(2023, 9, 27), date(2023, 10, 9)),
        (date(2023, 1, 19), date(2023, 1, 30)),
    ],
)
def test_add_workdays_worked_examples_of_the_notice(start, end):
    assert calendar.add_workdays(start, 5) == end


def test_is_workday_make_up_weekend_days_count():
    assert calendar.is_workday(date(2023, 10, 7)) is True  # Saturday, 调休上班
    assert calendar.is_workday(date(2023, 10, 8)) is True  # Sunday, 调休上班
    assert calendar.is_workday(date(2023, 10, 2)) is False  # Monday, 国庆节
    assert calendar.is_workday(date(2023, 10, 14)) is False  # an ordinary Saturday


def test_add_workdays_start_on_a_holiday_counts_from_the_next_working_day():
    assert calendar.add_workdays(date(2023, 10, 1), 1) == date(2023, 10, 7)


def test_workdays_between_counts_both_ends():
    assert calendar.workdays_between(date(2023, 9, 27), date(2023, 10, 9)) == 5
    assert calendar.workdays_between(date(2023, 2, 21), date(2023, 2, 21)) == 1
    assert calendar.workdays_between(date(2023, 2, 21), date(2023, 2, 20)) == 0


def test_add_workdays_across_the_new_year_skips_the_holiday():
    assert calendar.add_workdays(date(2023, 12, 27), 5) == date(2024, 1, 3)
    assert calendar.workdays_between(date(2023, 12, 27), date(2024, 1, 3)) == 5


def test_add_workdays_running_into_a_year_without_data_says_which_year():
    with pytest.raises(calendar.CalendarDataMissing) as excinfo:
        calendar.add_workdays(date(2026, 12, 28), 5)

    assert excinfo.value.year == 2027


def test_is_workday_2027_without_data_says_which_year_is_missing():
    assert 2027 not in calendar.LIBRARY_YEARS

    with pytest.raises(calendar.CalendarDataMissing) as excinfo:
        calendar.add_workdays(date(2026, 12, 28), 5)

    assert excinfo.value.year == 2027
    assert "2027年的法定节假日安排尚未录入" in excinfo.value.message
    assert calendar.missing_years(date(2026, 12, 1), date(2027, 1, 31)) == [2027]


def test_add_workdays_2027_with_overrides_entered_by_the_city_office():
    CalendarOverrideFactory(day=date(2027, 1, 1), kind=CalendarOverride.Kind.HOLIDAY)
    CalendarOverrideFactory(
        day=date(2027, 1, 9), kind=CalendarOverride.Kind.WORKDAY, name="元旦调休"
    )
    calendar.invalidate()

    assert calendar.add_workdays(date(2026, 12, 28), 5) == date(2027, 1, 4)
    assert calendar.is_workday(date(2027, 1, 9)) is True  # a Saturday made a working day
    assert calendar.is_workday(date(2027, 1, 10)) is False
    assert calendar.year_is_known(2027) is True
    assert calendar.year_is_known(2028) is False


def test_override_wins_over_the_library():
    CalendarOverrideFactory(day=date(2023, 2, 16), name="临时调整", source="测试")
    calendar.invalidate()

    assert calendar.add_workdays(date(2023, 2, 15), 5) == date(2023, 2, 22)


def test_calendar_cached_overrides_need_no_query(django_assert_num_queries):
    calendar.is_workday(date(2023, 2, 15))  # loads the overrides once

    with django_assert_num_queries(0):
        calendar.add_workdays(date(2023, 9, 27), 5)
        calendar.workdays_between(date(2023, 1, 1), date(2023, 12, 31))


def test_admin_override_is_seen_by_the_calendar_at_once(client):
    admin = UserFactory(username="root", is_staff=True, is_superuser=True, role="admin")
    client.force_login(admin)
    assert calendar.year_is_known(2027) is False  # warm the cache first

    response = client.post(
        reverse("admin:publicity_calendaroverride_add"),
        {
            "day": "2027-01-01",
            "kind": "holiday",
            "name": "元旦",
            "source": "国务院办公厅关于2027年部分节假日安排的通知",
        },
    )

    assert response.status_code == 302
    assert calendar.year_is_known(2027) is True
    assert calendar.is_workday(date(2027, 1, 1)) is False
