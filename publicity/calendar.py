"""Chinese working days: Monday–Friday, minus statutory holidays, plus make-up working days.

The `chinesecalendar` library knows the State Council's schedules of the years it was released
for (2004–2026 in 1.11.0). The city office pastes each later year's notice on the "节假日安排"
page, which stores its days as `CalendarOverride` rows (publicity.holidays.services.save_schedule);
overrides entered in the admin also correct the library. A date in a year that has neither is
not guessed: `CalendarDataMissing` says which year is missing.

The overrides are read once and kept in the cache, and for a minute in the process as well,
so every function here is cheap enough to call thousands of times on one page render. A change
in the admin reaches the other web processes within that minute.
"""

from __future__ import annotations

import time
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from datetime import date, timedelta

from chinese_calendar import constants as _library
from django.core.cache import cache
from django.utils.translation import gettext as _

CACHE_KEY = "publicity:calendar-overrides:v1"
CACHE_SECONDS = 24 * 3600
LOCAL_SECONDS = 60

# The library's own tables. Its `is_workday` scans them for their first and last year on every
# call, which makes a thousand window computations take half a second.
_LIBRARY_HOLIDAYS = frozenset(_library.holidays)
_LIBRARY_WORKDAYS = frozenset(_library.workdays)

LIBRARY_YEARS = range(
    min(_library.holidays).year,
    max(_library.holidays).year + 1,
)

# A window is at most a few weeks long; this bounds a search through a calendar that has no
# working day at all (a year entered as holidays only by mistake).
_MAX_SCAN_DAYS = 366


@dataclass
class _State:
    """The overrides as this process last read them, and the working days of each year
    (as sorted ordinals) derived from them on first use."""

    expires: float
    table: tuple[dict[date, bool], frozenset[int]]
    years: dict[int, list[int]] = field(default_factory=dict)


_local: _State | None = None


class CalendarDataMissing(Exception):
    """A date falls in a year whose holiday schedule is not known yet."""

    def __init__(self, year: int):
        self.year = year
        self.message = _(
            "%(year)s年的法定节假日安排尚未录入，无法计算工作日。"
            "请市质量强市办在“节假日安排”页面（导航栏“节假日安排”）粘贴"
            "国务院办公厅关于%(year)s年部分节假日安排的通知全文，预览无误后点击“确认保存”。"
        ) % {"year": year}
        super().__init__(self.message)


def _state() -> _State:
    global _local
    now = time.monotonic()
    if _local is not None and now < _local.expires:
        return _local
    table = cache.get(CACHE_KEY)
    if table is None:
        from publicity.models import CalendarOverride

        days = {row.day: row.is_workday for row in CalendarOverride.objects.only("day", "kind")}
        table = (days, frozenset(day.year for day in days))
        cache.set(CACHE_KEY, table, CACHE_SECONDS)
    _local = _State(expires=now + LOCAL_SECONDS, table=table)
    return _local


def _load() -> tuple[dict[date, bool], frozenset[int]]:
    return _state().table


def invalidate() -> None:
    """Forget the cached overrides, here and in the shared cache; call after any change to
    `CalendarOverride`."""
    global _local
    _local = None
    cache.delete(CACHE_KEY)


def year_is_known(year: int, *, _table=None) -> bool:
    _days, years = _table or _load()
    return year in LIBRARY_YEARS or year in years


def _is_workday(day: date, table) -> bool:
    days, years = table
    if day in days:
        return days[day]
    if day.year in LIBRARY_YEARS:
        return day in _LIBRARY_WORKDAYS or (day.weekday() < 5 and day not in _LIBRARY_HOLIDAYS)
    if day.year in years:
        return day.weekday() < 5
    raise CalendarDataMissing(day.year)


def is_workday(day: date) -> bool:
    return _is_workday(day, _load())


def _year_workdays(year: int, state: _State) -> list[int]:
    """The working days of `year` as sorted ordinals; CalendarDataMissing for an unknown year."""
    ordinals = state.years.get(year)
    if ordinals is None:
        if not year_is_known(year, _table=state.table):
            raise CalendarDataMissing(year)
        day, ordinals = date(year, 1, 1), []
        while day.year == year:
            if _is_workday(day, state.table):
                ordinals.append(day.toordinal())
            day += timedelta(days=1)
        state.years[year] = ordinals
    return ordinals


def add_workdays(start: date, n: int) -> date:
    """The n-th working day of a period that starts on `start`.

    `start` counts as day 1 when it is a working day; otherwise day 1 is the next working day.
    """
    if n < 1:
        raise ValueError("n must be at least 1")
    state = _state()
    limit = start.toordinal() + _MAX_SCAN_DAYS
    year, first, remaining = start.year, start.toordinal(), n
    while first < limit:
        ordinals = _year_workdays(year, state)
        index = bisect_left(ordinals, first)
        if index + remaining <= len(ordinals):
            found = ordinals[index + remaining - 1]
            if found < limit:
                return date.fromordinal(found)
            break
        remaining -= len(ordinals) - index
        year += 1
        first = date(year, 1, 1).toordinal()
    raise CalendarDataMissing(date.fromordinal(limit).year)


def workdays_between(a: date, b: date) -> int:
    """How many working days lie in [a, b], both ends included; 0 when b is before a."""
    if b < a:
        return 0
    state = _state()
    count = 0
    for year in range(a.year, b.year + 1):
        ordinals = _year_workdays(year, state)
        count += bisect_right(ordinals, b.toordinal()) - bisect_left(ordinals, a.toordinal())
    return count


def missing_years(a: date, b: date) -> list[int]:
    """The years in [a, b] the calendar cannot answer for."""
    table = _load()
    return [year for year in range(a.year, b.year + 1) if not year_is_known(year, _table=table)]
