"""The real clock (the ``Clock`` port): wall-clock time in UTC and a monotonic counter."""

from __future__ import annotations

import datetime
import time

__all__ = [
    "SystemClock",
]


class SystemClock:
    """The real clock."""

    def now(self) -> datetime.datetime:
        return datetime.datetime.now(datetime.timezone.utc)

    def monotonic(self) -> float:
        return time.perf_counter()

    def process_time(self) -> float:
        return time.process_time()

    def sleep(self, seconds: float) -> None:
        time.sleep(seconds)
