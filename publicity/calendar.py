"""Chinese working days: Monday–Friday, minus statutory holidays, plus make-up working days.

The `chinesecalendar` library knows the State Council's schedules of the years it was released
for (2004–2026 in 1.11.0). The city office enters the next years' schedules as
`CalendarOverride` rows in the admin; overrides also correct the library. A date in a year that
has neither is not guessed: `CalendarDataMissing` says which year is missing.

The overrides are read once and kept in the cache, so every function here is cheap enough to
call on each page render.
"""

from __future__ import annotations

from datetime import date, timedelta

import chinese_calendar
from chinese_calendar import constants as _library
from django.core.cache import cache
from django.utils.translation import gettext as _

CACHE_KEY = "publicity:calendar-overrides:v1"
CACHE_SECONDS = 24 * 3600

LIBRARY_YEARS = range(
    min(_library.holidays).year,
    max(_library.holidays).year + 1,
)

# A window is at most a few weeks long; this bounds a loop over a calendar that has no
# working day at all (a year entered as holidays only by mistake).
_MAX_SCAN_DAYS = 366


class CalendarDataMissing(Exception):
    """A date falls in a year whose holiday schedule is not known yet."""

    def __init__(self, year: int):
        self.year = year
        self.message = _(
            "%(year)s年的法定节假日安排尚未录入，无法计算工作日。"
            "请市质量强市办在后台“节假日调整”中按国务院办公厅通知录入%(year)s年的安排。"
        ) % {"year": year}
        super().__init__(self.message)


def _load() -> tuple[dict[date, bool], frozenset[int]]:
    table = cache.get(CACHE_KEY)
    if table is None:
        from publicity.models import CalendarOverride

        days = {row.day: row.is_workday for row in CalendarOverride.objects.only("day", "kind")}
        table = (days, frozenset(day.year for day in days))
        cache.set(CACHE_KEY, table, CACHE_SECONDS)
    return table


def invalidate() -> None:
    """Forget the cached overrides; call after any change to `CalendarOverride`."""
    cache.delete(CACHE_KEY)


def year_is_known(year: int, *, _table=None) -> bool:
    _days, years = _table or _load()
    return year in LIBRARY_YEARS or year in years


def _is_workday(day: date, table) -> bool:
    days, years = table
    if day in days:
        return days[day]
    if day.year in LIBRARY_YEARS:
        return chinese_calendar.is_workday(day)
    if day.year in years:
        return day.weekday() < 5
    raise CalendarDataMissing(day.year)


def is_workday(day: date) -> bool:
    return _is_workday(day, _load())


def add_workdays(start: date, n: int) -> date:
    """The n-th working day of a period that starts on `start`.

    `start` counts as day 1 when it is a working day; otherwise day 1 is the next working day.
    """
    if n < 1:
        raise ValueError("n must be at least 1")
    table = _load()
    day, counted = start, 0
    for _step in range(_MAX_SCAN_DAYS):
        if _is_workday(day, table):
            counted += 1
            if counted == n:
                return day
        day += timedelta(days=1)
    raise CalendarDataMissing(day.year)


def workdays_between(a: date, b: date) -> int:
    """How many working days lie in [a, b], both ends included; 0 when b is before a."""
    table = _load()
    count, day = 0, a
    while day <= b:
        count += _is_workday(day, table)
        day += timedelta(days=1)
    return count


def missing_years(a: date, b: date) -> list[int]:
    """The years in [a, b] the calendar cannot answer for."""
    table = _load()
    return [year for year in range(a.year, b.year + 1) if not year_is_known(year, _table=table)]
