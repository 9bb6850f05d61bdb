"""The moments tests run at (see the `now` marker and `--today` in tests/conftest.py)."""

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

SHANGHAI = ZoneInfo("Asia/Shanghai")


def moment(text: str) -> datetime:
    """`2023-02-15` (10:00) or `2023-02-15 16:30` as an aware datetime in Shanghai."""
    if len(text) == 10:
        return datetime.combine(date.fromisoformat(text), time(10), SHANGHAI)
    return datetime.fromisoformat(text).replace(tzinfo=SHANGHAI)
