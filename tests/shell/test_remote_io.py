"""How ``ctxcore.shell.remote_io`` carries out the retry policy: the facts it reads from a
store's failure (HTTP status, ``Retry-After``), the clock and the jitter it draws, the deadline
error it raises, and the store client's own retries it turns off. The same against the local S3
server behind a fault-injecting proxy: ``tests/stores/test_store_faults.py``."""

from __future__ import annotations

import datetime
from collections.abc import Callable, Mapping, Sequence

import pytest

from ctxcore.core.errors import RetryDeadlineError
from ctxcore.core.storage.retry import RetryPolicy
from ctxcore.shell.remote_io import answer_of, retried_here, with_retries, within
from ctxcore.testing.fakes import CounterEntropy, FakeClock


class ClientError(Exception):
    """What botocore raises for an error answer: the parsed answer in ``response``."""

    def __init__(self, status: int, headers: Mapping[str, str]) -> None:
        super().__init__(f"An error occurred ({status})")
        self.response = {
            "Error": {"Code": str(status)},
            "ResponseMetadata": {"HTTPStatusCode": status, "HTTPHeaders": dict(headers)},
        }


def s3fs_error(status: int, headers: Mapping[str, str], text: str = "please wait") -> OSError:
    """What s3fs raises for it: an ``OSError`` whose ``__cause__`` is botocore's error."""
    error = OSError(16, text)
    error.__cause__ = ClientError(status, headers)
    return error


class Response:
    def __init__(self, status_code: int, headers: Mapping[str, str]) -> None:
        self.status_code = status_code
        self.headers = headers


class HttpResponseError(Exception):
    """The shape of azure-core's and requests' errors: a ``response`` object."""

    def __init__(self, response: Response) -> None:
        super().__init__("operation failed")
        self.response = response


def test_the_answer_behind_an_s3fs_error_is_found() -> None:
    error = s3fs_error(503, {"Retry-After": "7", "x-amz-request-id": "r"})
    assert answer_of(error) == (503, {"retry-after": "7", "x-amz-request-id": "r"})


def test_the_answer_of_a_response_object_is_found_through_context() -> None:
    inner = HttpResponseError(Response(429, {"Retry-After": "2"}))
    outer = RuntimeError("wrapped")
    outer.__context__ = inner
    assert answer_of(outer) == (429, {"retry-after": "2"})


def test_an_error_without_an_answer_has_none() -> None:
    looped = OSError("a")
    looped.__context__ = ValueError("b")
    looped.__context__.__context__ = looped  # a cycle ends the walk
    assert answer_of(looped) == (None, {})
    odd = ValueError("c")
    odd.__cause__ = HttpResponseError(Response(500, "not a mapping"))  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]
    assert answer_of(odd) == (None, {})


def _failing(errors: Sequence[BaseException]) -> tuple[Callable[[float], str], list[float]]:
    """A call that raises ``errors`` in turn, then returns ``"done"``; and the time each
    attempt was told it had left."""
    calls: list[float] = []

    def call(seconds_left: float) -> str:
        calls.append(seconds_left)
        if len(calls) <= len(errors):
            raise errors[len(calls) - 1]
        return "done"

    return call, calls


def _policy(retries: int = 5, deadline: float = 300.0) -> RetryPolicy:
    return RetryPolicy(
        retries=retries,
        backoff=datetime.timedelta(seconds=1),
        deadline=datetime.timedelta(seconds=deadline),
    )


def test_a_503_is_retried_after_the_wait_the_store_asked_for() -> None:
    clock = FakeClock()
    call, calls = _failing([s3fs_error(503, {"Retry-After": "7"}), s3fs_error(503, {})])
    assert with_retries(call, _policy(), clock, CounterEntropy(), "put") == "done"
    assert len(calls) == 3
    assert clock.sleeps == [7.0, 2.0]  # then the schedule's own (no jitter from a counter)


def test_an_http_date_is_counted_from_the_clock() -> None:
    clock = FakeClock(datetime.datetime(2026, 1, 1, tzinfo=datetime.timezone.utc))
    date = {"Retry-After": "Thu, 01 Jan 2026 00:00:12 GMT"}
    call, _ = _failing([s3fs_error(503, date)])
    with_retries(call, _policy(), clock, CounterEntropy(), "put")
    assert clock.sleeps == [12.0]


def test_a_status_the_text_does_not_name_is_still_transient() -> None:
    clock = FakeClock()
    call, calls = _failing([s3fs_error(502, {}, text="upstream said no")])
    assert with_retries(call, _policy(), clock, CounterEntropy(), "get") == "done"
    assert len(calls) == 2


def test_a_permanent_error_with_retry_after_is_not_retried() -> None:
    clock = FakeClock()
    denied = PermissionError("AccessDenied")
    denied.__cause__ = ClientError(403, {"Retry-After": "1"})
    call, calls = _failing([denied])
    with pytest.raises(PermissionError):
        with_retries(call, _policy(), clock, CounterEntropy(), "put")
    assert len(calls) == 1
    assert clock.sleeps == []


def test_the_deadline_raises_a_typed_error_from_the_last_one() -> None:
    clock = FakeClock()
    last = s3fs_error(503, {"Retry-After": "2"}, text="still busy")
    call, calls = _failing([s3fs_error(503, {"Retry-After": "2"})] * 2 + [last] * 10)
    with pytest.raises(RetryDeadlineError) as raised:
        with_retries(call, _policy(retries=100, deadline=5.0), clock, CounterEntropy(), "put x")
    error = raised.value
    assert (error.attempts, error.elapsed_seconds, error.next_wait_seconds) == (3, 4.0, 4.0)
    assert error.deadline_seconds == 5.0
    assert len(calls) == 3
    assert clock.sleeps == [2.0, 2.0]
    assert error.__cause__ is last
    assert calls == [5.0, 3.0, 1.0]  # each attempt is told the time left
    assert str(error).startswith("put x: gave up after 3 attempts over 4.0 s")
    assert "still busy" in str(error)


def test_spent_retries_raise_the_last_error_as_it_is() -> None:
    clock = FakeClock()
    errors = [ConnectionResetError(f"reset {n}") for n in range(3)]
    call, _ = _failing(errors)
    with pytest.raises(ConnectionResetError) as raised:
        with_retries(call, _policy(retries=2), clock, CounterEntropy(), "put")
    assert raised.value is errors[2]
    assert clock.sleeps == [1.0, 2.0]


class ScriptedEntropy:
    """Random hex whose first digits are the fractions given, in turn."""

    def __init__(self, *fractions: float) -> None:
        self._fractions = list(fractions)

    def random_hex(self) -> str:
        return f"{int(self._fractions.pop(0) * 16**13):013x}" + "0" * 19


def test_jitter_comes_from_the_entropy_port() -> None:
    clock = FakeClock()
    call, _ = _failing([ConnectionResetError("reset")] * 3)
    with_retries(call, _policy(), clock, ScriptedEntropy(0.5, 0.0, 0.75), "get")
    assert clock.sleeps == [0.75, 2.0, 2.5]  # 1 s, 2 s, 4 s, each less up to half


class S3Like:
    protocol = ("s3", "s3a")
    sep = "/"
    retries = 5


class GcsLike:
    protocol = ("gs", "gcs")
    sep = "/"
    retries = 6


def test_s3fs_retries_nothing_itself_in_ctxcore_transfers() -> None:
    s3 = S3Like()
    retried_here(s3)  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]
    assert s3.retries == 1
    gcs = GcsLike()
    retried_here(gcs)  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]
    assert gcs.retries == 6


class AsyncLike:
    protocol = ("s3", "s3a")
    sep = "/"
    async_impl = True


def test_an_attempt_on_an_async_file_system_ends_at_the_deadline() -> None:
    fs = AsyncLike()
    assert within(fs, 12.5, {"chunksize": 5}) == {"timeout": 12.5, "chunksize": 5}  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]
    assert within(fs, 0.0, {}) == {"timeout": 0.001}  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]
    assert within(fs, 9.0, {"timeout": 1}) == {"timeout": 1}  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]
    assert within(S3Like(), 12.5, {"x": 1}) == {"x": 1}  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]
