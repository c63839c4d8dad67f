"""The mechanics of calling an object store: the retry loop.

Why a module of its own: ``ctxcore.shell.local_io`` holds every local effect of file access;
this, its sibling, holds what remote calls share. The retry policy (which errors are
transient, how long to wait) is decided purely in ``ctxcore.core.storage.retry``; here it is
carried out with a clock and a log line.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from ctxcore.core.ports import Clock
from ctxcore.core.storage.retry import RetryPolicy, is_transient
from ctxcore.effects.logs import developer_logger

_T = TypeVar("_T")


def with_retries(call: Callable[[], _T], policy: RetryPolicy, clock: Clock, what: str) -> _T:
    """``call()``, retried after each transient error as ``policy`` says; the last error (or
    the first permanent one) propagates."""
    delays = policy.delays()
    for attempt in range(len(delays) + 1):
        try:
            return call()
        except Exception as error:  # noqa: PERF203 - retrying is the point
            if attempt >= len(delays) or not is_transient(error):
                raise
            developer_logger.warning(
                "%s failed (%s); retry %d of %d in %.1fs",
                what,
                error,
                attempt + 1,
                len(delays),
                delays[attempt],
            )
            clock.sleep(delays[attempt])
    raise AssertionError("unreachable: the last attempt returns or raises")
