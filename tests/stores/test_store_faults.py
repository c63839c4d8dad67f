"""Transfers to the local S3 server (moto's) through a fault-injecting proxy
(``fault_proxy.py``): answers of ``503`` with and without ``Retry-After``, dropped connections,
stalled answers and permanent refusals, between s3fs and the server.

What they show: a transient fault is retried by ctxcore's policy alone (one request per attempt:
the store client's own retries are off) and the object lands whole; ``Retry-After`` sets the
wait; jitter from the ``Entropy`` port spreads the waits; the deadline stops the retries with a
``RetryDeadlineError`` that says how many attempts over how long; a permanent error is not
retried. Most use a ``FakeClock``, whose time moves only when the policy sleeps, so the waits
are exact and take no time; two use the real clock with short waits.
"""

from __future__ import annotations

import datetime
import time
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import cast

import pytest

from ctxcore.core.config.records import DataConfig, S3Config
from ctxcore.core.errors import RetryDeadlineError, UploadDataError
from ctxcore.core.ports import Clock, Entropy, FileSystem, FileSystems
from ctxcore.effects.clock import SystemClock
from ctxcore.effects.entropy import OsEntropy
from ctxcore.effects.filesystems import FsspecFileSystems
from ctxcore.shell.file_access import FileAccessProvider
from ctxcore.testing.fakes import CounterEntropy, FakeClock
from tests.stores.fault_proxy import (
    FORWARD,
    Answer,
    Fault,
    FaultProxy,
    Forward,
    Request,
    Reset,
    Stall,
    s3_error,
)

pytestmark = pytest.mark.slow

KEY = "raw/data.bin"
DATA = b"0123456789" * 1000


@pytest.fixture
def proxy(s3_endpoint: str) -> Iterator[FaultProxy]:
    """A proxy in front of the session's S3 server that forwards everything until told."""
    with FaultProxy(s3_endpoint) as proxy:
        yield proxy


@pytest.fixture
def source(tmp_path: Path) -> Path:
    path = tmp_path / "data.bin"
    path.write_bytes(DATA)
    return path


class ShortTimeouts:
    """fsspec's file systems, S3's with botocore's connect and read timeouts of ``seconds``
    (s3fs's own are 5 and 15 s)."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.real = FsspecFileSystems()

    def filesystem(self, protocol: str, **options: object) -> FileSystem:
        if protocol == "s3":
            given = options.get("config_kwargs")
            config: dict[str, object] = {}
            if isinstance(given, Mapping):
                config.update(cast("Mapping[str, object]", given))
            config.update(connect_timeout=self.seconds, read_timeout=self.seconds)
            options = {**options, "config_kwargs": config}
        return self.real.filesystem(protocol, **options)


def provider(
    tmp_path: Path,
    proxy: FaultProxy,
    clock: Clock,
    *,
    retries: int = 3,
    backoff: float = 1.0,
    deadline: float = 300.0,
    entropy: Entropy | None = None,
    filesystems: FileSystems | None = None,
) -> FileAccessProvider:
    """A provider whose S3 is the proxy, with this retry policy; jitter of about 0 (a counter's
    random digits) unless ``entropy`` is given."""
    s3 = S3Config(
        endpoint=proxy.url,
        access_key_id="testing",
        secret_access_key="testing",
        retries=retries,
        backoff=datetime.timedelta(seconds=backoff),
        retry_deadline=datetime.timedelta(seconds=deadline),
    )
    return FileAccessProvider(
        str(tmp_path / "sandbox"),
        "s3://unused/raw",
        data_config=DataConfig(s3=s3),
        clock=clock,
        entropy=entropy or CounterEntropy(),
        filesystems=filesystems,
        env={},
    )


def uploads(request: Request) -> bool:
    """Whether ``request`` writes the test's object."""
    return request.method == "PUT" and request.path.endswith(KEY)


def downloads(request: Request) -> bool:
    """Whether ``request`` reads the test's object."""
    return request.method == "GET" and request.path.endswith(KEY)


class FaultUntilWaited:
    """A rule: ``fault`` for the requests ``which`` selects until the policy has waited
    ``waits`` times (by the fake clock), then forward everything."""

    def __init__(
        self,
        fault: Fault,
        clock: FakeClock,
        waits: int = 1,
        which: Callable[[Request], bool] = uploads,
    ) -> None:
        self.fault = fault
        self.clock = clock
        self.waits = waits
        self.which = which

    def __call__(self, request: Request) -> Fault:
        if self.which(request) and len(self.clock.sleeps) < self.waits:
            return self.fault
        return FORWARD


def stored(files: FileAccessProvider, target: str, tmp_path: Path) -> bytes:
    """The object at ``target``, downloaded through ``files``."""
    back = tmp_path / "back.bin"
    files.get_data(target, str(back))
    return back.read_bytes()


def count(proxy: FaultProxy, kind: type[Fault], which: Callable[[Request], bool] = uploads) -> int:
    """How many of the requests ``which`` selects got a fault of type ``kind``."""
    return sum(1 for s in proxy.seen if which(s.request) and isinstance(s.fault, kind))


# -- transient faults are retried by the policy, and the object lands whole -------------------


def test_a_503_is_retried_once_by_the_policy_and_the_object_lands_whole(
    tmp_path: Path, proxy: FaultProxy, s3_bucket: str, source: Path
) -> None:
    clock = FakeClock()
    proxy.rule = FaultUntilWaited(s3_error(503, "ServiceUnavailable"), clock)
    files = provider(tmp_path, proxy, clock)
    target = f"s3://{s3_bucket}/{KEY}"
    assert files.put_data(source, target) == target
    assert clock.sleeps == [1.0]  # the policy's back-off, not the store client's
    assert count(proxy, Answer) == 1  # one request per attempt: no hidden retries
    assert count(proxy, Forward) == 1
    assert stored(files, target, tmp_path) == DATA


def test_a_dropped_connection_is_retried_by_the_policy(
    tmp_path: Path, proxy: FaultProxy, s3_bucket: str, source: Path
) -> None:
    clock = FakeClock()
    proxy.rule = FaultUntilWaited(Reset(), clock)
    files = provider(tmp_path, proxy, clock)
    target = f"s3://{s3_bucket}/{KEY}"
    files.put_data(source, target)
    assert clock.sleeps == [1.0]
    # aiohttp sends a request again, once, when a kept-alive connection turns out dead.
    assert 1 <= count(proxy, Reset) <= 2
    assert stored(files, target, tmp_path) == DATA


def test_a_download_is_retried_after_a_503(
    tmp_path: Path, proxy: FaultProxy, s3_bucket: str, source: Path
) -> None:
    clock = FakeClock()
    files = provider(tmp_path, proxy, clock)
    target = f"s3://{s3_bucket}/{KEY}"
    files.put_data(source, target)
    busy = s3_error(503, "SlowDown", {"Retry-After": "3"})
    proxy.rule = FaultUntilWaited(busy, clock, which=downloads)
    assert stored(files, target, tmp_path) == DATA
    assert clock.sleeps == [3.0]
    assert count(proxy, Answer, downloads) == 1


# -- Retry-After and jitter -------------------------------------------------------------------


@pytest.mark.parametrize("retry_after", ["7", "Thu, 01 Jan 2026 00:00:07 GMT"])
def test_retry_after_sets_the_wait(
    tmp_path: Path, proxy: FaultProxy, s3_bucket: str, source: Path, retry_after: str
) -> None:
    clock = FakeClock(datetime.datetime(2026, 1, 1, tzinfo=datetime.timezone.utc))
    busy = s3_error(503, "SlowDown", {"Retry-After": retry_after})
    proxy.rule = FaultUntilWaited(busy, clock)
    files = provider(tmp_path, proxy, clock, backoff=1.0)
    files.put_data(source, f"s3://{s3_bucket}/{KEY}")
    assert clock.sleeps == [7.0]
    assert count(proxy, Answer) == 1


def test_retry_after_is_honoured_in_real_time(
    tmp_path: Path, proxy: FaultProxy, s3_bucket: str, source: Path
) -> None:
    # No back-off of its own: the wait between the two uploads is the store's second.
    refused: list[float] = []

    def rule(request: Request) -> Fault:
        if uploads(request) and not refused:
            refused.append(time.monotonic())
            return s3_error(503, "ServiceUnavailable", {"Retry-After": "1"})
        return FORWARD

    proxy.rule = rule
    files = provider(tmp_path, proxy, SystemClock(), backoff=0.0)
    files.put_data(source, f"s3://{s3_bucket}/{KEY}")
    (forwarded,) = [s.at for s in proxy.seen if uploads(s.request) and s.fault == FORWARD]
    assert forwarded - refused[0] >= 1.0


def test_jitter_from_the_entropy_port_spreads_the_waits(
    tmp_path: Path, proxy: FaultProxy, s3_bucket: str, source: Path
) -> None:
    # Two clients failing alike, with the operating system's entropy, wait differently: each
    # wait between half and all of the schedule's 1, 2 and 4 s. (Exact waits from chosen
    # random digits: tests/shell/test_remote_io.py.)
    target = f"s3://{s3_bucket}/{KEY}"
    waits: list[list[float]] = []
    for _ in range(2):
        clock = FakeClock()
        proxy.rule = FaultUntilWaited(s3_error(503, "ServiceUnavailable"), clock, waits=3)
        provider(tmp_path, proxy, clock, entropy=OsEntropy()).put_data(source, target)
        assert all(d / 2 <= w <= d for w, d in zip(clock.sleeps, [1.0, 2.0, 4.0], strict=True))
        waits.append(clock.sleeps)
    assert waits[0] != waits[1]


# -- the deadline ------------------------------------------------------------------------------


def test_the_deadline_stops_the_retries_with_a_typed_error(
    tmp_path: Path, proxy: FaultProxy, s3_bucket: str, source: Path
) -> None:
    clock = FakeClock()
    proxy.rule = FaultUntilWaited(
        s3_error(503, "SlowDown", {"Retry-After": "2"}), clock, waits=1000
    )
    files = provider(tmp_path, proxy, clock, retries=100, deadline=5.0)
    with pytest.raises(UploadDataError) as raised:
        files.put_data(source, f"s3://{s3_bucket}/{KEY}")
    deadline = raised.value.__cause__
    assert isinstance(deadline, RetryDeadlineError)
    # Attempts at 0, 2 and 4 s; a fourth, due at 6 s, would begin after the deadline.
    assert (deadline.attempts, deadline.elapsed_seconds, deadline.deadline_seconds) == (3, 4.0, 5)
    assert "gave up after 3 attempts over 4.0 s" in str(raised.value)
    assert "SlowDown" in str(deadline)
    assert isinstance(deadline.__cause__, OSError)
    assert clock.sleeps == [2.0, 2.0]
    assert count(proxy, Answer) == 3


def test_a_stalled_upload_is_ended_at_the_deadline(
    tmp_path: Path, proxy: FaultProxy, s3_bucket: str, source: Path
) -> None:
    # botocore asks S3 for leave to send an upload's body (Expect: 100-continue) and aiohttp
    # starts its read timeout only once the body is sent: a store that takes the request and
    # never answers would hold the upload for ever. The attempt ends at the deadline.
    def stall_uploads(request: Request) -> Fault:
        return Stall() if uploads(request) else FORWARD

    proxy.rule = stall_uploads
    files = provider(tmp_path, proxy, SystemClock(), retries=100, deadline=2.0)
    start = time.monotonic()
    with pytest.raises(UploadDataError) as raised:
        files.put_data(source, f"s3://{s3_bucket}/{KEY}")
    took = time.monotonic() - start
    deadline = raised.value.__cause__
    assert isinstance(deadline, RetryDeadlineError)
    assert deadline.attempts == count(proxy, Stall) == 1
    # Ended at 2 s; the margins are for a busy machine, the point is "not for ever".
    assert 2.0 <= deadline.elapsed_seconds < 3.5
    assert took < 4.0
    assert isinstance(deadline.__cause__, TimeoutError)
    # And the upload was ended, not left stalled (or uploading) in the background.
    for _ in range(100):
        if proxy.hung_up:
            break
        time.sleep(0.05)
    assert [request.number for request in proxy.hung_up] == [
        s.request.number for s in proxy.seen if isinstance(s.fault, Stall)
    ]


def test_a_stalled_download_is_ended_by_the_read_timeout_and_retried(
    tmp_path: Path, proxy: FaultProxy, s3_bucket: str, source: Path
) -> None:
    clock = FakeClock()
    files = provider(tmp_path, proxy, clock, filesystems=ShortTimeouts(1.0))
    target = f"s3://{s3_bucket}/{KEY}"
    files.put_data(source, target)
    proxy.rule = FaultUntilWaited(Stall(), clock, which=downloads)
    assert stored(files, target, tmp_path) == DATA
    assert clock.sleeps == [1.0]
    assert count(proxy, Stall, downloads) == 1


# -- permanent errors --------------------------------------------------------------------------


def test_a_permanent_error_is_not_retried(
    tmp_path: Path, proxy: FaultProxy, s3_bucket: str, source: Path
) -> None:
    # Not even when the refusal comes with a Retry-After.
    clock = FakeClock()
    proxy.rule = FaultUntilWaited(s3_error(403, "AccessDenied", {"Retry-After": "1"}), clock)
    files = provider(tmp_path, proxy, clock)
    with pytest.raises(UploadDataError) as raised:
        files.put_data(source, f"s3://{s3_bucket}/{KEY}")
    assert isinstance(raised.value.__cause__, PermissionError)
    assert clock.sleeps == []
    assert count(proxy, Answer) == 1
