"""The clock effect: wall-clock time in UTC and a monotonic counter."""

from __future__ import annotations

import datetime
import time
from typing import Protocol, runtime_checkable


@runtime_checkable
class Clock(Protocol):
    """Where ctxcore gets the time from."""

    def now(self) -> datetime.datetime:
        """The current time, timezone-aware, in UTC."""
        ...

    def monotonic(self) -> float:
        """Seconds from an arbitrary origin that never goes backwards."""
        ...

    def process_time(self) -> float:
        """CPU seconds used by this process."""
        ...

    def sleep(self, seconds: float) -> None:
        """Wait ``seconds`` (retry back-off)."""
        ...


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
