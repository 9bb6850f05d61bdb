"""The demo's two editions: the 3rd edition played to its end in 2023 (`past`), and a 4th
edition in progress, dated from today (`live`). Both are driven through the portal's own
services under a shifted clock, so every record, audit entry and date is what the portal
would have written had people done the same on those days.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import time_machine

SHANGHAI = ZoneInfo("Asia/Shanghai")


@contextmanager
def on(day: date, hour: int = 9, minute: int = 0) -> Iterator[None]:
    """Run the block as if it were `day` at `hour`:`minute` in Shanghai (the clock ticks)."""
    moment = datetime.combine(day, time(hour, minute), SHANGHAI)
    with time_machine.travel(moment, tick=True):
        yield
