"""Which storage errors are worth retrying, and how long to wait between attempts."""

from __future__ import annotations

import datetime
from typing import Final

import attrs

__all__ = [
    "RetryPolicy",
]

_PERMANENT = (
    FileNotFoundError,
    PermissionError,
    IsADirectoryError,
    NotADirectoryError,
    FileExistsError,
)
_TRANSIENT_MARKERS = (
    "reduceyourrequestrate",
    "slowdown",
    "throttl",
    "serviceunavailable",
    "internalerror",
    "requesttimeout",
    "timedout",
    "connectionreset",
    "toomanyrequests",
)


def is_transient(error: BaseException) -> bool:
    """Whether ``error`` looks like throttling or a passing network/server fault.

    Missing files, permissions and type mix-ups are permanent; timeouts, dropped connections
    and the throttling and 5xx answers of object stores (by their error codes and texts, as
    botocore and s3fs report them) are transient.
    """
    if isinstance(error, _PERMANENT):
        return False
    if isinstance(error, (TimeoutError, ConnectionError)):
        return True
    text = "".join(f"{type(error).__name__} {error}".lower().split())
    return any(marker in text for marker in _TRANSIENT_MARKERS)


@attrs.frozen
class RetryPolicy:
    """Up to ``retries`` more attempts after the first, waiting ``backoff``, then twice as
    long each time, never more than ``max_delay``."""

    retries: int = 3
    backoff: datetime.timedelta = datetime.timedelta(seconds=5)
    max_delay: datetime.timedelta = datetime.timedelta(seconds=60)

    def delays(self) -> tuple[float, ...]:
        """The waits, in seconds, before each retry: never negative, and never an overflow
        however many retries (the doubling stops at ``_MAX_DOUBLINGS``)."""
        base = max(self.backoff.total_seconds(), 0.0)
        cap = max(self.max_delay.total_seconds(), 0.0)
        return tuple(
            min(base * 2.0 ** min(attempt, _MAX_DOUBLINGS), cap)
            for attempt in range(max(self.retries, 0))
        )


_MAX_DOUBLINGS: Final = 64
"""How often the back-off doubles at most: 2**64 times the longest ``timedelta`` is still a
finite float, and far past any cap (2**1024 was an ``OverflowError``)."""
