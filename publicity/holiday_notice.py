"""Reading the State Council's yearly holiday notice (国务院办公厅关于YYYY年部分节假日安排的通知).

The notice lists each holiday as a numbered item, "二、春节：1月28日（农历除夕、周二）至2月4日
（农历正月初七、周二）放假调休，共8天。1月26日（周日）、2月8日（周六）上班。". Every clause that
says 放假 or 补休 names days off (every day of a range, weekend days included); every clause that
says 上班 names make-up working days. Anything else (the title, the preamble, a recommendation
such as "安排职工在除夕（2月9日）休息", the closing text) is not part of the schedule.

The text is checked as it is read: a weekday printed next to a date must be that date's weekday,
"共N天" must be the number of days named, a make-up working day must fall on a weekend. A
notice of another year pasted by mistake, or a typing error, is refused rather than stored.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date, timedelta

from django.utils.formats import date_format
from django.utils.translation import gettext as _

# Readers copy the notice from pages in traditional characters too; these are the only
# characters the parser looks at.
_TRADITIONAL = str.maketrans(
    {
        "補": "补",
        "週": "周",
        "關": "关",
        "於": "于",
        "節": "节",
        "現": "现",
        "將": "将",
        "國": "国",
        "務": "务",
        "辦": "办",
        "廳": "厅",
        "發": "发",
        "電": "电",
        "號": "号",
        "間": "间",
        "勵": "励",
    }
)

_YEAR_IN_TITLE = re.compile(r"关于\s*(\d{4})\s*年\s*部分节假日安排")
_YEAR_IN_BODY = re.compile(r"现将\s*(\d{4})\s*年")
_DOCUMENT_NUMBER = re.compile(r"国办发明电\s*[〔\[(【]\s*(\d{4})\s*[〕\])】]\s*(\d{1,3})\s*号")
_ITEM = re.compile(
    r"(?:^|(?<=[\s。]))([一二三四五六七八九十]{1,3})、\s*([^:\n。,;]{1,20}?)\s*:", re.MULTILINE
)
_CLOSING = re.compile(r"节假日期间|鼓励单位|国务院办公厅\s*\d{4}\s*年|国务院办公厅\s*$")
_DATE = re.compile(
    r"(?:(?P<year>\d{4})\s*年\s*)?(?:(?P<month>\d{1,2})\s*月\s*)?(?P<day>\d{1,2})\s*日"
    r"(?:\s*\((?P<note>[^()]*)\))?"
)
_PLACEHOLDER = re.compile("\ue000(\\d+)\ue001")
_OTHER_PARENTHESES = re.compile("\\([^()\ue000]*\\)")
_RANGE_LINK = re.compile(r"^\s*[至到~\-—－]+\s*$")
_WEEKDAY_NOTE = re.compile(r"(?:星期|周)([一二三四五六日天])")
_STATED_COUNT = re.compile(r"(?:共|放假)\s*(\d{1,2})\s*天")
_WEEKDAYS = {"一": 0, "二": 1, "三": 2, "四": 3, "五": 4, "六": 5, "日": 6, "天": 6}
_WEEKDAY_NAMES = ["周一", "周二", "周三", "周四", "周五", "周六", "周日"]

# A holiday with its weekends and borrowed days never runs longer than this; a longer range
# is a typing error ("1月1日至31日").
_MAX_RANGE_DAYS = 15


class NoticeError(Exception):
    """The text is not a holiday notice the portal can read; `message` says why, in Chinese."""

    def __init__(self, message: str):
        self.message = str(message)
        super().__init__(self.message)


@dataclass(frozen=True)
class Holiday:
    """One numbered item of the notice: its name, its days off and its make-up working days."""

    name: str
    days_off: tuple[date, ...]
    workdays: tuple[date, ...]


@dataclass(frozen=True)
class Schedule:
    """The schedule of one year as the notice states it.

    A day not named is a working day from Monday to Friday and a rest day at the weekend. The
    New Year item may name days of the year before (2018年12月29日（星期六）上班)."""

    year: int
    holidays: tuple[Holiday, ...]
    document_number: str = ""

    @property
    def days_off(self) -> frozenset[date]:
        return frozenset(day for holiday in self.holidays for day in holiday.days_off)

    @property
    def workdays(self) -> frozenset[date]:
        return frozenset(day for holiday in self.holidays for day in holiday.workdays)

    @property
    def title(self) -> str:
        return _("国务院办公厅关于%(year)s年部分节假日安排的通知") % {"year": self.year}

    @property
    def source(self) -> str:
        if self.document_number:
            return f"{self.title}（{self.document_number}）"
        return self.title

    def is_workday(self, day: date) -> bool:
        if day in self.workdays:
            return True
        if day in self.days_off:
            return False
        return day.weekday() < 5

    def named_days(self) -> list[tuple[date, bool, str]]:
        """Every day the notice names, in order: (day, is a working day, holiday name)."""
        days = [(day, False, h.name) for h in self.holidays for day in h.days_off]
        days += [(day, True, h.name) for h in self.holidays for day in h.workdays]
        return sorted(days)

    def other_year_days(self) -> list[date]:
        """The named days that fall in another year (the New Year item)."""
        return sorted(day for day, _work, _name in self.named_days() if day.year != self.year)


def _normalize(text: str) -> str:
    # NFKC turns full-width digits and punctuation (２０２５，（）：) into ASCII; 。 and 、 stay.
    text = unicodedata.normalize("NFKC", text).translate(_TRADITIONAL)
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _find_year(text: str) -> int:
    in_title = {int(y) for y in _YEAR_IN_TITLE.findall(text)}
    in_body = {int(y) for y in _YEAR_IN_BODY.findall(text)}
    years = in_title | in_body
    if not years:
        raise NoticeError(
            _(
                "未能识别通知的年份。请粘贴国务院办公厅关于某年部分节假日安排的通知全文，"
                "其中应有标题“国务院办公厅关于YYYY年部分节假日安排的通知”"
                "或“现将YYYY年元旦、春节……的具体安排通知如下”一句。"
            )
        )
    if len(years) > 1:
        raise NoticeError(
            _("通知中出现了不同的年份（%(years)s），请只粘贴一份通知。")
            % {"years": "、".join(f"{y}年" for y in sorted(years))}
        )
    year = years.pop()
    if not 2000 <= year <= 2100:
        raise NoticeError(_("通知年份%(year)s不在可录入的范围内。") % {"year": year})
    return year


def _document_number(text: str) -> str:
    match = _DOCUMENT_NUMBER.search(text)
    return f"国办发明电〔{match[1]}〕{match[2]}号" if match else ""


def _items(text: str) -> list[tuple[str, str]]:
    """(name, content) of each numbered item; the content is joined into one line."""
    matches = list(_ITEM.finditer(text))
    items = []
    for index, match in enumerate(matches):
        end = matches[index + 1].start() if index + 1 < len(matches) else len(text)
        content = text[match.end() : end]
        if index + 1 == len(matches):
            closing = _CLOSING.search(content)
            if closing:
                content = content[: closing.start()]
        # A notice copied from a PDF breaks lines anywhere, even inside a date.
        content = re.sub(r"\s*\n\s*", "", content).strip()
        items.append((match[2].strip(), content))
    return items


def _weekday_of(note: str | None) -> int | None:
    match = _WEEKDAY_NOTE.search(note or "")
    return _WEEKDAYS[match[1]] if match else None


class _ItemReader:
    """Resolves the dates of one item: a date without a month takes the month of the date
    before it ("1月1日至3日"), one without a year is in the notice's year unless it ends a range
    that started in the year before ("2022年12月31日至2023年1月2日")."""

    def __init__(self, year: int, name: str):
        self.year = year
        self.name = name
        self.month: int | None = None

    def resolve(self, match: re.Match, *, range_start: date | None = None) -> date:
        raw = match[0]
        day_number = int(match["day"])
        if match["month"]:
            self.month = int(match["month"])
        if self.month is None:
            raise NoticeError(
                _("“%(name)s”一项中的“%(raw)s”没有月份，无法确定日期。")
                % {"name": self.name, "raw": raw}
            )
        if match["year"]:
            year = int(match["year"])
        elif range_start is not None:
            year = range_start.year
            if (self.month, day_number) < (range_start.month, range_start.day):
                year += 1
        else:
            year = self.year
        try:
            day = date(year, self.month, day_number)
        except ValueError:
            raise NoticeError(
                _("“%(name)s”一项中的“%(raw)s”不是有效日期：%(year)s年%(month)s月没有%(day)s日。")
                % {
                    "name": self.name,
                    "raw": raw,
                    "year": year,
                    "month": self.month,
                    "day": day_number,
                }
            ) from None
        near = day.year == self.year or (
            (day.year == self.year - 1 and day.month == 12)
            or (day.year == self.year + 1 and day.month == 1)
        )
        if not near:
            raise NoticeError(
                _("“%(name)s”一项中的%(day)s不属于%(year)s年的节假日安排，请核对年份。")
                % {"name": self.name, "day": date_format(day), "year": self.year}
            )
        weekday = _weekday_of(match["note"])
        if weekday is not None and weekday != day.weekday():
            raise NoticeError(
                _(
                    "“%(name)s”一项中%(day)s标注为%(stated)s，但这一天是%(actual)s。"
                    "请核对通知的年份和日期。"
                )
                % {
                    "name": self.name,
                    "day": date_format(day),
                    "stated": _WEEKDAY_NAMES[weekday],
                    "actual": _WEEKDAY_NAMES[day.weekday()],
                }
            )
        return day


def _read_item(year: int, name: str, content: str) -> Holiday:
    reader = _ItemReader(year, name)
    dates: list[re.Match] = []

    def placeholder(match: re.Match) -> str:
        dates.append(match)
        return f"\ue000{len(dates) - 1}\ue001"

    marked = _OTHER_PARENTHESES.sub("", _DATE.sub(placeholder, content))
    days_off: list[date] = []
    workdays: list[date] = []
    for sentence in re.split(r"[。;]", marked):
        off_in_sentence = 0
        stated: int | None = None
        for clause in sentence.split(","):
            count = _STATED_COUNT.search(clause)
            if count:
                stated = int(count[1])
            if "上班" in clause:
                target = workdays
            elif "放假" in clause or "补休" in clause:
                target = days_off
            else:
                continue  # a clause that neither gives nor takes a day: a recommendation
            named = _clause_days(clause, dates, reader)
            target.extend(named)
            if target is days_off:
                off_in_sentence += len(named)
        if stated is not None and off_in_sentence and stated != off_in_sentence:
            raise NoticeError(
                _("“%(name)s”一项写明共%(stated)s天，但列出的放假日期是%(count)s天，请核对。")
                % {"name": name, "stated": stated, "count": off_in_sentence}
            )
    return Holiday(name=name, days_off=tuple(days_off), workdays=tuple(workdays))


def _clause_days(clause: str, dates: list[re.Match], reader: _ItemReader) -> list[date]:
    """The days a clause names: single dates and ranges "A至B"."""
    found = list(_PLACEHOLDER.finditer(clause))
    days: list[date] = []
    index = 0
    while index < len(found):
        start = reader.resolve(dates[int(found[index][1])])
        following = found[index + 1] if index + 1 < len(found) else None
        between = clause[found[index].end() : following.start()] if following else ""
        if following is not None and _RANGE_LINK.match(between):
            end = reader.resolve(dates[int(following[1])], range_start=start)
            if end < start or (end - start).days >= _MAX_RANGE_DAYS:
                raise NoticeError(
                    _("“%(name)s”一项中%(start)s至%(end)s不是有效的放假时段，请核对。")
                    % {"name": reader.name, "start": date_format(start), "end": date_format(end)}
                )
            days.extend(start + timedelta(days=n) for n in range((end - start).days + 1))
            index += 2
        else:
            days.append(start)
            index += 1
    return days


def parse_notice(text: str) -> Schedule:
    """The schedule a State Council holiday notice states; `NoticeError` for any other text."""
    text = _normalize(text or "")
    if not text.strip():
        raise NoticeError(_("请粘贴国务院办公厅关于部分节假日安排的通知全文。"))
    year = _find_year(text)
    items = _items(text)
    if not items:
        raise NoticeError(
            _(
                "未找到节假日条目。通知正文应逐项列出各节日的安排，"
                "例如“一、元旦：1月1日放假……”“二、春节：……放假调休，共8天。……上班。”"
            )
        )
    holidays = tuple(_read_item(year, name, content) for name, content in items)
    schedule = Schedule(year=year, holidays=holidays, document_number=_document_number(text))
    if not schedule.days_off:
        raise NoticeError(
            _("通知的各项中未找到放假日期（如“1月1日放假”“10月1日至7日放假调休”），请核对。")
        )
    both = sorted(schedule.days_off & schedule.workdays)
    if both:
        raise NoticeError(
            _("%(day)s在通知中既是放假日又是上班日，请核对。") % {"day": date_format(both[0])}
        )
    for day in sorted(schedule.workdays):
        if day.weekday() < 5:
            raise NoticeError(
                _("%(day)s是%(weekday)s，本来就是工作日；通知中的调休上班日应在周六或周日。")
                % {"day": date_format(day), "weekday": _WEEKDAY_NAMES[day.weekday()]}
            )
    return schedule
