"""Which storage errors are worth retrying, and how long to wait between attempts.

How a retried call goes (``ctxcore.shell.remote_io`` performs it): each attempt is given the
time left before the policy's deadline. After each failed attempt the shell gathers the facts
(is the error transient, did the store say ``Retry-After``, how long since the first attempt
began, a random fraction from the ``Entropy`` port) and ``after_failure`` decides: raise the
error as it is (permanent, or no retries left), raise a deadline error (the next attempt could
not begin before the deadline), or wait this long and try again. The wait is the back-off
schedule's, drawn at random between ``1 - JITTER_SPREAD`` and all of it, and never shorter than
what the store asked for.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Final, TypeAlias

import attrs

from ctxcore.core._repr import fields_repr
from ctxcore.core.config.records import DEFAULT_RETRY_DEADLINE

__all__ = [
    "RetryPolicy",
]

JITTER_SPREAD: Final = 0.5
"""How much shorter than the schedule a wait may be drawn: each is between half and all of its
back-off, so clients that failed together spread out, and none comes back sooner than half of the
configured back-off."""

TRANSIENT_STATUSES: Final = frozenset({408, 429, 500, 502, 503, 504})
"""HTTP answers that say "not now" rather than "never": timeout, too many requests, and the
server errors that S3, GCS and Azure use for throttling and passing faults."""

_JITTER_DIGITS: Final = 13
"""How many random hexadecimal digits make a jitter fraction: 52 bits, what a float holds
exactly, so that the fraction stays below 1 (all 128 bits of ``ffff...`` round up to 1.0)."""

_WHOLE_DIGITS: Final = 15
"""The longest number read from a header: more digits (a wait of over 30 million years) all mean
"longer than any deadline", and Python refuses ``int()`` of very long digit strings."""

_HTTP_MONTHS: Final = {
    name: number
    for number, name in enumerate(
        ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), 1
    )
}

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
    # botocore's and aiohttp's names for a dropped or refused connection and a read that
    # stalled, which are no builtin ConnectionError or TimeoutError:
    "endpointconnectionerror",
    "connectionclosederror",
    "serverdisconnectederror",
    "readtimeouterror",
    "connecttimeouterror",
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


def is_transient_failure(error: BaseException, status: int | None) -> bool:
    """``is_transient``, or an HTTP answer of ``TRANSIENT_STATUSES`` behind it (a store's
    ``503`` whose message names no code that ``is_transient`` knows). Missing files and
    permissions stay permanent whatever the status."""
    if isinstance(error, _PERMANENT):
        return False
    return is_transient(error) or status in TRANSIENT_STATUSES


def retry_after_seconds(headers: Mapping[str, str], now: datetime.datetime) -> float | None:
    """How long the store asked to wait, from an answer's headers (names in lower case):
    ``x-amz-retry-after`` (milliseconds, AWS's) or ``Retry-After`` (seconds, or an HTTP date,
    counted from ``now``); ``None`` when neither is there or makes sense. A date in the past
    asks for no wait."""
    amz = _whole(headers.get("x-amz-retry-after", ""))
    if amz is not None:
        return amz / 1000
    value = headers.get("retry-after", "").strip()
    seconds = _whole(value)
    if seconds is not None:
        return float(seconds)
    when = _http_date(value)
    if when is None:
        return None
    return max((when - now).total_seconds(), 0.0)


def _whole(value: str) -> int | None:
    """A header's whole number, or ``None``; one too long to matter is ``10**_WHOLE_DIGITS``."""
    value = value.strip()
    if not (value.isascii() and value.isdigit()):
        return None
    return int(value) if len(value) <= _WHOLE_DIGITS else 10**_WHOLE_DIGITS


def _http_date(value: str) -> datetime.datetime | None:
    """An HTTP date in its one current form, ``Sun, 06 Nov 1994 08:49:37 GMT`` (RFC 9110),
    parsed without the locale; ``None`` for anything else."""
    parts = value.split()
    if len(parts) != 6 or parts[5] != "GMT":
        return None
    _, day, month, year, clock, _ = parts
    hms = clock.split(":")
    numbers = [day, year, *hms]
    if len(hms) != 3 or month.lower() not in _HTTP_MONTHS:
        return None
    if not all(n.isascii() and n.isdigit() and len(n) <= 4 for n in numbers):
        return None
    try:
        return datetime.datetime(
            int(year),
            _HTTP_MONTHS[month.lower()],
            int(day),
            int(hms[0]),
            int(hms[1]),
            int(hms[2]),
            tzinfo=datetime.timezone.utc,
        )
    except ValueError:
        return None


def jitter_fraction(random_hex: str) -> float:
    """A fraction in ``[0, 1)`` from random hexadecimal digits (the ``Entropy`` port's
    ``random_hex``), for spreading waits: the first ``_JITTER_DIGITS`` of them."""
    digits = random_hex[:_JITTER_DIGITS]
    return int(digits, 16) / 16 ** len(digits) if digits else 0.0


@attrs.frozen
class RetryPolicy:
    """Up to ``retries`` more attempts after the first, waiting ``backoff``, then twice as
    long each time, never more than ``max_delay``."""

    __repr__ = fields_repr

    retries: int = 3
    backoff: datetime.timedelta = datetime.timedelta(seconds=5)
    max_delay: datetime.timedelta = datetime.timedelta(seconds=60)
    deadline: datetime.timedelta = DEFAULT_RETRY_DEADLINE
    """How long a call may take from its first attempt: no wait ends after it, and an attempt
    still running then is ended (on file systems that can be told, see ``attempt_kwargs``)."""

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


@attrs.frozen
class RetryIn:
    """Wait ``seconds``, then try again."""

    __repr__ = fields_repr

    seconds: float


@attrs.frozen
class GiveUp:
    """Raise the error as it is: it is permanent, or no retries are left."""

    __repr__ = fields_repr


@attrs.frozen
class OutOfTime:
    """Raise a deadline error: the next attempt, due ``seconds`` from now, could not begin
    before the deadline."""

    __repr__ = fields_repr

    seconds: float


AfterFailure: TypeAlias = RetryIn | GiveUp | OutOfTime


def after_failure(
    policy: RetryPolicy,
    *,
    attempts: int,
    elapsed: float,
    transient: bool,
    retry_after: float | None,
    jitter: float,
) -> AfterFailure:
    """What to do after the ``attempts``-th attempt failed, ``elapsed`` seconds after the first
    one began: give up on a permanent error or when ``policy.retries`` retries are spent; else
    wait the schedule's delay for this retry, shortened by up to ``JITTER_SPREAD`` of it as
    ``jitter`` (in ``[0, 1)``) says, and at least ``retry_after`` when the store gave one; and
    stop for the deadline when that wait would end after it."""
    delays = policy.delays()
    if not transient or attempts > len(delays):
        return GiveUp()
    wait = delays[attempts - 1] * (1.0 - JITTER_SPREAD * min(max(jitter, 0.0), 1.0))
    if retry_after is not None:
        wait = max(wait, retry_after)
    if elapsed + wait > policy.deadline.total_seconds():
        return OutOfTime(wait)
    return RetryIn(wait)
