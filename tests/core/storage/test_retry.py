"""The retry rules of transfers (``ctxcore.core.storage.retry``): which errors are transient,
and the back-off delays. Retries against failing file systems are in
``tests/shell/test_file_access_faults.py``."""

from __future__ import annotations

import datetime

import pytest

from ctxcore.core.storage.retry import RetryPolicy, is_transient


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
