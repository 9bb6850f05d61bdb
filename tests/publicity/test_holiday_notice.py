"""Reading the State Council's yearly holiday notices (publicity.holiday_notice).

The fixtures in notices/ are the texts of the notices for 2017–2026 as the State Council
published them (国办发明电, from the government's and Xinhua's pages); example-2027.txt is a
made-up text in the same wording, for the years the library does not know."""

from datetime import date, timedelta
from pathlib import Path

import chinese_calendar
import pytest

from publicity.holiday_notice import NoticeError, parse_notice

NOTICES = Path(__file__).parent / "notices"
YEARS = range(2017, 2027)

# Where the library holds a notice the yearly one could not know: the State Council changed
# these days by a separate notice after the yearly schedule was published.
LATER_NOTICES = {
    # 国务院办公厅关于调整2019年劳动节假期安排的通知（国办发明电〔2019〕3号）：
    # 5月1日至4日放假调休，4月28日（星期日）、5月5日（星期日）上班。
    date(2019, 4, 28): True,
    date(2019, 5, 2): False,
    date(2019, 5, 3): False,
    date(2019, 5, 5): True,
    # 国务院办公厅关于延长2020年春节假期的通知（国办发明电〔2020〕1号）：
    # 春节假期延长至2月2日，原定上班的2月1日（星期六）也休息（2月2日是周日，本就休息）。
    date(2020, 1, 31): False,
    date(2020, 2, 1): False,
}


def notice(year: int) -> str:
    return (NOTICES / f"{year}.txt").read_text(encoding="utf-8")


def _days(year: int):
    day = date(year, 1, 1)
    while day.year == year:
        yield day
        day += timedelta(days=1)


@pytest.mark.parametrize("year", YEARS)
def test_parse_notice_agrees_with_the_library_day_for_day(year):
    schedule = parse_notice(notice(year))
    # The New Year item of next year's notice may set the last days of this year
    # (2019: 2018年12月29日上班, 12月31日放假).
    following = parse_notice(notice(year + 1)) if year + 1 in YEARS else None

    differences = {}
    for day in _days(year):
        if following and (day in following.days_off or day in following.workdays):
            stated = following.is_workday(day)
        else:
            stated = schedule.is_workday(day)
        if stated != chinese_calendar.is_workday(day):
            differences[day] = chinese_calendar.is_workday(day)

    assert schedule.year == year
    assert differences == {day: v for day, v in LATER_NOTICES.items() if day.year == year}


def test_parse_notice_2025_items_days_and_document_number():
    schedule = parse_notice(notice(2025))

    assert schedule.document_number == "国办发明电〔2024〕12号"
    assert [h.name for h in schedule.holidays] == [
        "元旦",
        "春节",
        "清明节",
        "劳动节",
        "端午节",
        "国庆节、中秋节",
    ]
    spring = schedule.holidays[1]
    assert spring.days_off == tuple(date(2025, 1, 28) + timedelta(days=n) for n in range(8))
    assert spring.workdays == (date(2025, 1, 26), date(2025, 2, 8))
    assert schedule.holidays[0].days_off == (date(2025, 1, 1),)
    assert schedule.holidays[4].days_off == (date(2025, 5, 31), date(2025, 6, 1), date(2025, 6, 2))
    assert schedule.holidays[5].days_off[-1] == date(2025, 10, 8)


def test_parse_notice_range_into_the_year_before_keeps_its_days():
    schedule = parse_notice(notice(2019))

    assert schedule.holidays[0].days_off == (
        date(2018, 12, 30),
        date(2018, 12, 31),
        date(2019, 1, 1),
    )
    assert schedule.holidays[0].workdays == (date(2018, 12, 29),)
    assert schedule.other_year_days() == [
        date(2018, 12, 29),
        date(2018, 12, 30),
        date(2018, 12, 31),
    ]


def test_parse_notice_range_written_with_both_years():
    text = notice(2017).replace(
        "一、元旦：1月1日放假，1月2日（星期一）补休。",
        "一、元旦：2016年12月31日至2017年1月2日放假调休，共3天。",
    )

    schedule = parse_notice(text)

    assert schedule.holidays[0].days_off == (
        date(2016, 12, 31),
        date(2017, 1, 1),
        date(2017, 1, 2),
    )


def test_parse_notice_make_up_rest_day_is_a_day_off():
    schedule = parse_notice(notice(2017))

    assert schedule.holidays[0].days_off == (date(2017, 1, 1), date(2017, 1, 2))  # 1月2日补休
    assert schedule.is_workday(date(2017, 1, 2)) is False


def test_parse_notice_range_end_with_its_own_month():
    text = notice(2025).replace("10月1日（周三）至8日（周三）", "10月1日（周三）至10月8日（周三）")

    schedule = parse_notice(text)

    assert schedule.holidays[5].days_off[-1] == date(2025, 10, 8)
    assert len(schedule.holidays[5].days_off) == 8


def test_parse_notice_recommendation_to_rest_is_not_a_day_off():
    schedule = parse_notice(notice(2024))  # "安排职工在除夕（2月9日）休息"

    assert schedule.is_workday(date(2024, 2, 9)) is True
    assert date(2024, 2, 9) not in schedule.days_off


def test_parse_notice_news_release_without_title_line_or_number():
    schedule = parse_notice(notice(2026))  # "新华社北京11月4日电　国务院办公厅关于2026年……"

    assert schedule.year == 2026
    assert schedule.document_number == ""
    assert schedule.source == "国务院办公厅关于2026年部分节假日安排的通知"


def test_parse_notice_one_paragraph_half_width_and_traditional_text():
    text = (
        "國務院辦公廳關於2022年部分節假日安排的通知 "
        "一、元旦:2022年1月1日至3日放假,共3天。"
        "二、春節:1月31日至2月6日放假調休,共7天。1月29日(星期六)、1月30日(星期日)上班。"
        "三、清明節:4月3日至5日放假調休,共3天。4月2日(週六)上班。"
        "節假日期間,各地區、各部門要妥善安排好值班和安全、保衛等工作。國務院辦公廳 2021年10月25日"
    )

    schedule = parse_notice(text)

    assert schedule.year == 2022
    assert [h.name for h in schedule.holidays] == ["元旦", "春节", "清明节"]
    assert schedule.workdays == {date(2022, 1, 29), date(2022, 1, 30), date(2022, 4, 2)}
    assert len(schedule.days_off) == 3 + 7 + 3


def test_parse_notice_full_width_digits_and_lines_broken_inside_a_date():
    text = notice(2025).replace(
        "1月26日（周日）、2月8日（周六）上班", "１月２６日（周日）、2月\n8日（周六）上班"
    )

    schedule = parse_notice(text)

    assert schedule.holidays[1].workdays == (date(2025, 1, 26), date(2025, 2, 8))


# --- what is refused -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", "请粘贴国务院办公厅关于部分节假日安排的通知全文"),
        ("   \n  ", "请粘贴国务院办公厅关于部分节假日安排的通知全文"),
        (
            "一、元旦：1月1日放假。二、春节：2月10日至17日放假调休，共8天。",
            "未能识别通知的年份",
        ),
        (
            "市质量强市办关于开展质量月活动的通知\n各县（区）：现将有关事项通知如下。",
            "未能识别通知的年份",
        ),
        ("国务院办公厅关于2027年部分节假日安排的通知\n各省、自治区：", "未找到节假日条目"),
        (
            "国务院办公厅关于2027年部分节假日安排的通知\n一、元旦：与周末连休。",
            "未找到放假日期",
        ),
        (
            "国务院办公厅关于2027年部分节假日安排的通知\n一、春节：2月30日放假。",
            "“2月30日”不是有效日期：2027年2月没有30日",
        ),
        (
            "国务院办公厅关于2027年部分节假日安排的通知\n一、元旦：1月1日至3日放假，共4天。",
            "写明共4天，但列出的放假日期是3天",
        ),
        (
            "国务院办公厅关于2027年部分节假日安排的通知\n一、元旦：1月1日放假。1月6日（周三）上班。",
            "2027年1月6日是周三，本来就是工作日",
        ),
        (
            "国务院办公厅关于2027年部分节假日安排的通知\n一、元旦：1月1日至31日放假。",
            "不是有效的放假时段",
        ),
        (
            "国务院办公厅关于2027年部分节假日安排的通知\n一、国庆节：2029年10月1日放假。",
            "2029年10月1日不属于2027年的节假日安排",
        ),
        (
            "国务院办公厅关于2027年部分节假日安排的通知\n现将2028年元旦……\n一、元旦：1月1日放假。",
            "通知中出现了不同的年份（2027年、2028年）",
        ),
    ],
)
def test_parse_notice_refuses_text_that_is_not_a_notice(text, expected):
    with pytest.raises(NoticeError) as excinfo:
        parse_notice(text)

    assert expected in excinfo.value.message


def test_parse_notice_refuses_another_years_notice_with_its_weekdays():
    text = notice(2025).replace("2025年", "2027年")  # pasted under the wrong year

    with pytest.raises(NoticeError) as excinfo:
        parse_notice(text)

    assert excinfo.value.message == (
        "“元旦”一项中2027年1月1日标注为周三，但这一天是周五。请核对通知的年份和日期。"
    )


def test_parse_notice_example_2027_reads_every_holiday():
    schedule = parse_notice((NOTICES / "example-2027.txt").read_text(encoding="utf-8"))

    assert schedule.year == 2027
    assert len(schedule.holidays) == 7
    assert schedule.workdays == {
        date(2027, 1, 31),
        date(2027, 2, 20),
        date(2027, 5, 8),
        date(2027, 9, 26),
        date(2027, 10, 9),
    }
    assert schedule.holidays[4].days_off == (date(2027, 6, 9),)  # 逢周三只在当日放假
