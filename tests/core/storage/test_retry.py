"""The retry rules of transfers (``ctxcore.core.storage.retry``): which errors are transient,
the back-off delays, ``Retry-After``, jitter and the deadline. Retries against failing file
systems are in ``tests/shell/test_file_access_faults.py``, and against the local S3 server
behind a fault-injecting proxy in ``tests/stores/test_store_faults.py``."""

from __future__ import annotations

import datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ctxcore.core.config.records import DEFAULT_RETRY_DEADLINE
from ctxcore.core.errors import RetryDeadlineError
from ctxcore.core.storage.retry import (
    JITTER_SPREAD,
    GiveUp,
    OutOfTime,
    RetryIn,
    RetryPolicy,
    after_failure,
    is_transient,
    is_transient_failure,
    jitter_fraction,
    retry_after_seconds,
)

NOW = datetime.datetime(2026, 1, 1, 12, 0, 0, tzinfo=datetime.timezone.utc)


@pytest.mark.parametrize(
    ("error", "transient"),
    [
        (FileNotFoundError("x"), False),
        (PermissionError("x"), False),
        (ValueError("bad"), False),
        (TimeoutError("x"), True),
        (ConnectionResetError("x"), True),
        (OSError("An error occurred (SlowDown) when calling the PutObject operation"), True),
        (OSError("Throttling: Rate exceeded"), True),
        (OSError("ServiceUnavailable"), True),
        (OSError("Please reduce your request rate."), True),
        (type("EndpointConnectionError", (Exception,), {})("Could not connect"), True),
        (type("ConnectionClosedError", (Exception,), {})("closed"), True),
        (type("ReadTimeoutError", (Exception,), {})("Read timeout on endpoint URL"), True),
        (type("ServerDisconnectedError", (Exception,), {})("Server disconnected"), True),
    ],
)
def test_is_transient(error: Exception, transient: bool) -> None:
    assert is_transient(error) is transient


def test_retry_delays_double_up_to_the_cap() -> None:
    policy = RetryPolicy(
        retries=5,
        backoff=datetime.timedelta(seconds=10),
        max_delay=datetime.timedelta(seconds=30),
    )
    assert policy.delays() == (10.0, 20.0, 30.0, 30.0, 30.0)
    assert RetryPolicy(retries=0).delays() == ()


@pytest.mark.parametrize("retries", [1100, 2000, 10_000])
def test_delays_never_overflow(retries: int) -> None:
    delays = RetryPolicy(retries=retries).delays()
    assert len(delays) == retries
    assert delays[:3] == (5.0, 10.0, 20.0)
    assert set(delays[5:]) == {60.0}
    longest = datetime.timedelta.max
    assert set(RetryPolicy(2000, longest, longest).delays()[1100:]) == {longest.total_seconds()}


def test_delays_are_never_negative() -> None:
    assert RetryPolicy(3, datetime.timedelta(seconds=-5)).delays() == (0.0, 0.0, 0.0)
    assert RetryPolicy(2, max_delay=datetime.timedelta(seconds=-1)).delays() == (0.0, 0.0)


# -- which failures are transient --------------------------------------------------------------


@pytest.mark.parametrize(
    ("error", "status", "transient"),
    [
        (OSError(16, "Please try again later"), 503, True),
        (OSError(5, "Bad gateway"), 502, True),
        (OSError(5, "Too many"), 429, True),
        (OSError(5, "Please try again later"), None, False),
        (OSError(5, "Not implemented"), 501, False),
        (PermissionError("AccessDenied"), 503, False),
        (FileNotFoundError("NoSuchKey"), 500, False),
        (ConnectionResetError("reset"), None, True),
    ],
)
def test_an_answers_status_makes_a_failure_transient(
    error: Exception, status: int | None, transient: bool
) -> None:
    assert is_transient_failure(error, status) is transient


# -- Retry-After -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("headers", "seconds"),
    [
        ({"retry-after": "7"}, 7.0),
        ({"retry-after": " 0 "}, 0.0),
        ({"retry-after": "Thu, 01 Jan 2026 12:00:09 GMT"}, 9.0),
        ({"retry-after": "Thu, 01 Jan 2026 11:59:00 GMT"}, 0.0),  # a past date: no wait
        ({"x-amz-retry-after": "1500"}, 1.5),
        ({"x-amz-retry-after": "250", "retry-after": "9"}, 0.25),
        ({"retry-after": "9" * 5000}, 10.0**15),  # longer than any deadline, no int() error
        ({"retry-after": "9" * 15}, 999_999_999_999_999.0),  # the longest number read whole
        ({"retry-after": "1" * 16}, 10.0**15),
        ({"retry-after": "Thu, 00001 Jan 2026 12:00:09 GMT"}, None),  # more than 4 digits
        ({"retry-after": "Thu, 0\u0661 Jan 2026 12:00:09 GMT"}, None),  # a non-ASCII digit
        ({}, None),
        ({"retry-after": ""}, None),
        ({"retry-after": "-3"}, None),
        ({"retry-after": "1.5"}, None),
        ({"retry-after": "soon"}, None),
        ({"retry-after": "Thu, 31 Feb 2026 12:00:09 GMT"}, None),
        ({"retry-after": "Thu, 01 Jan 2026 12:00:09 UTC"}, None),
        ({"retry-after": "Thu, 01 Foo 2026 12:00:09 GMT"}, None),
        ({"retry-after": "Thu, 01 Jan 2026 12:00 GMT"}, None),
        ({"retry-after": "\u0667"}, None),  # a digit, but not an ASCII one
    ],
)
def test_retry_after_in_seconds_milliseconds_or_an_http_date(
    headers: dict[str, str], seconds: float | None
) -> None:
    assert retry_after_seconds(headers, NOW) == seconds


# -- jitter ------------------------------------------------------------------------------------


def test_jitter_fractions_come_from_random_hex() -> None:
    assert jitter_fraction("0" * 32) == 0.0
    assert jitter_fraction("8" + "0" * 31) == 0.5
    assert 0.99 < jitter_fraction("f" * 32) < 1.0  # all 128 bits would round up to 1.0
    assert jitter_fraction("") == 0.0


@given(st.floats(min_value=0.0, max_value=1.0, exclude_max=True))
def test_jitter_draws_each_wait_between_half_and_all_of_the_schedule(fraction: float) -> None:
    policy = RetryPolicy(retries=3, backoff=datetime.timedelta(seconds=4))
    for attempt, scheduled in enumerate(policy.delays(), 1):
        decision = after_failure(
            policy, attempts=attempt, elapsed=0.0, transient=True, retry_after=None, jitter=fraction
        )
        assert isinstance(decision, RetryIn)
        assert scheduled * (1 - JITTER_SPREAD) <= decision.seconds <= scheduled
        assert decision.seconds == pytest.approx(scheduled * (1 - JITTER_SPREAD * fraction))


@pytest.mark.parametrize(("jitter", "wait"), [(-1.0, 8.0), (1.5, 4.0), (3.0, 4.0)])
def test_a_jitter_out_of_its_range_is_held_to_it(jitter: float, wait: float) -> None:
    policy = RetryPolicy(retries=1, backoff=datetime.timedelta(seconds=8))
    decision = after_failure(
        policy, attempts=1, elapsed=0.0, transient=True, retry_after=None, jitter=jitter
    )
    assert decision == RetryIn(wait)


def test_different_fractions_spread_the_same_retry() -> None:
    policy = RetryPolicy(retries=1, backoff=datetime.timedelta(seconds=10))
    waits = {
        after_failure(
            policy, attempts=1, elapsed=0.0, transient=True, retry_after=None, jitter=fraction
        )
        for fraction in (0.0, 0.25, 0.5, 0.999)
    }
    assert {round(wait.seconds, 9) for wait in waits if isinstance(wait, RetryIn)} == {
        10.0,
        8.75,
        7.5,
        5.005,
    }


# -- what to do after a failure ----------------------------------------------------------------


def _after(
    policy: RetryPolicy,
    attempts: int = 1,
    elapsed: float = 0.0,
    transient: bool = True,
    retry_after: float | None = None,
) -> RetryIn | GiveUp | OutOfTime:
    return after_failure(
        policy,
        attempts=attempts,
        elapsed=elapsed,
        transient=transient,
        retry_after=retry_after,
        jitter=0.0,
    )


def test_a_store_asking_for_a_longer_wait_gets_it() -> None:
    policy = RetryPolicy(retries=3, backoff=datetime.timedelta(seconds=2))
    assert _after(policy, retry_after=7.0) == RetryIn(7.0)
    assert _after(policy, retry_after=0.5) == RetryIn(2.0)  # never sooner than the schedule
    assert _after(policy, attempts=2, retry_after=3.0) == RetryIn(4.0)


def test_permanent_errors_and_spent_retries_give_up() -> None:
    policy = RetryPolicy(retries=2, backoff=datetime.timedelta(seconds=1))
    assert _after(policy, transient=False) == GiveUp()
    assert _after(policy, transient=False, retry_after=1.0) == GiveUp()
    assert _after(policy, attempts=2) == RetryIn(2.0)
    assert _after(policy, attempts=3) == GiveUp()
    assert _after(RetryPolicy(retries=0)) == GiveUp()


def test_the_deadline_stops_a_retry_that_could_not_begin_before_it() -> None:
    policy = RetryPolicy(
        retries=100,
        backoff=datetime.timedelta(seconds=1),
        deadline=datetime.timedelta(seconds=5),
    )
    assert _after(policy, attempts=2, elapsed=2.9, retry_after=2.0) == RetryIn(2.0)
    assert _after(policy, attempts=2, elapsed=3.0, retry_after=2.0) == RetryIn(2.0)  # at 5.0
    assert _after(policy, attempts=2, elapsed=4.0, retry_after=2.0) == OutOfTime(2.0)
    assert _after(policy, attempts=3, elapsed=2.0) == OutOfTime(4.0)  # the schedule's wait
    assert _after(policy, attempts=2, elapsed=6.0) == OutOfTime(2.0)  # a long attempt
    assert _after(policy, retry_after=3600.0) == OutOfTime(3600.0)  # a wait past it: at once
    # Permanent errors and spent retries are raised as they are, deadline or not.
    assert _after(policy, elapsed=9.0, transient=False) == GiveUp()


def test_the_default_deadline_leaves_room_for_the_default_schedule() -> None:
    policy = RetryPolicy()
    assert policy.deadline == DEFAULT_RETRY_DEADLINE
    assert sum(policy.delays()) < policy.deadline.total_seconds() / 4


def test_a_deadline_error_says_how_many_attempts_over_how_long() -> None:
    error = RetryDeadlineError("storage call on s3://b/k", 3, 4.04, 5.0, 2.0, "x" * 5000)
    assert isinstance(error, TimeoutError)
    assert str(error).startswith(
        "storage call on s3://b/k: gave up after 3 attempts over 4.0 s: the next could begin "
        "only in 2.0 s, past the retry deadline of 5 s (FLYTE_AWS_RETRY_DEADLINE_SECONDS)."
    )
    assert len(str(error)) < 1300  # the last error is cut short
    assert "1 attempt over" in str(RetryDeadlineError("c", 1, 0.0, 1.0, 9.0, "e"))
