"""Fault injection: file systems that fail mid-transfer or transiently.

A destination holds its old content or nothing, never a part; transient errors are retried
with back-off, permanent ones are not; every failure says what failed.
"""

from __future__ import annotations

import concurrent.futures
import datetime
import io
import os
import threading
from collections.abc import Callable
from pathlib import Path

import pytest
from fsspec.implementations.memory import MemoryFileSystem
from fsspec.spec import AbstractFileSystem

from ctxcore.core.config.records import DataConfig, S3Config
from ctxcore.core.errors import DownloadDataError, UploadDataError
from ctxcore.core.ports import FileSystem
from ctxcore.effects.filesystems import FsspecFileSystems
from ctxcore.shell.file_access import FileAccessProvider
from ctxcore.testing.fakes import CounterEntropy


class FlakyMemoryFileSystem(MemoryFileSystem):
    """A memory file system whose transfers fail as the test says."""

    protocol = ("memory",)

    def __init__(self, fail: Callable[[str], None]) -> None:
        super().__init__()
        self._fail = fail
        self.store.clear()
        self.pseudo_dirs.clear()
        self.pseudo_dirs.append("")

    def get_file(self, rpath: str, lpath: str, **kwargs: object) -> None:
        data = self.cat_file(rpath)
        with open(lpath, "wb") as out:
            out.write(data[: len(data) // 2])  # half of it lands, then the failure
            self._fail(rpath)
            out.write(data[len(data) // 2 :])

    def put_file(self, lpath: str, rpath: str, **kwargs: object) -> None:
        self._fail(rpath)
        with open(lpath, "rb") as source:
            self.pipe_file(rpath, source.read())


class Calls:
    """Fails the first ``failures`` calls with ``error``, or every call after ``after``."""

    def __init__(self, error: Exception, failures: int = 0, after: int | None = None) -> None:
        self.error = error
        self.failures = failures
        self.after = after
        self.count = 0

    def __call__(self, path: str) -> None:
        self.count += 1
        if self.count <= self.failures or (self.after is not None and self.count > self.after):
            raise self.error


class RecordingClock:
    def __init__(self) -> None:
        self.sleeps: list[float] = []

    def now(self) -> datetime.datetime:
        return datetime.datetime(2026, 1, 1, tzinfo=datetime.timezone.utc)

    def monotonic(self) -> float:
        return 0.0

    def process_time(self) -> float:
        return 0.0

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)


class Filesystems:
    def __init__(self, memory: AbstractFileSystem) -> None:
        self.memory = memory
        self.real = FsspecFileSystems()

    def filesystem(self, protocol: str, **options: object) -> FileSystem:
        return self.memory if protocol == "memory" else self.real.filesystem(protocol, **options)


@pytest.fixture
def clock() -> RecordingClock:
    return RecordingClock()


def _provider(
    tmp_path: Path, calls: Calls, clock: RecordingClock, retries: int = 3
) -> tuple[FileAccessProvider, FlakyMemoryFileSystem]:
    memory = FlakyMemoryFileSystem(calls)
    provider = FileAccessProvider(
        str(tmp_path / "sandbox"),
        "memory://raw",
        data_config=DataConfig(s3=S3Config(retries=retries, backoff=datetime.timedelta(seconds=2))),
        filesystems=Filesystems(memory),
        clock=clock,
        entropy=CounterEntropy(),  # jitter fractions of about 0: the schedule's full waits
        env={},
    )
    return provider, memory


@pytest.fixture
def old_file(tmp_path: Path) -> Path:
    target = tmp_path / "out.bin"
    target.write_bytes(b"old content")
    return target


def test_a_download_failing_midway_leaves_the_old_content(
    tmp_path: Path, clock: RecordingClock, old_file: Path
) -> None:
    provider, memory = _provider(tmp_path, Calls(PermissionError("denied"), failures=99), clock)
    memory.pipe_file("/raw/data.bin", b"new content, long enough to be split")
    with pytest.raises(DownloadDataError) as raised:
        provider.get_data("memory://raw/data.bin", str(old_file))
    assert old_file.read_bytes() == b"old content"
    assert [p.name for p in old_file.parent.iterdir()] == ["out.bin"]  # no temporary left
    assert "memory://raw/data.bin" in str(raised.value)
    assert isinstance(raised.value.__cause__, PermissionError)
    assert clock.sleeps == []  # a permanent error is not retried


def test_a_download_failing_midway_leaves_nothing_where_nothing_was(
    tmp_path: Path, clock: RecordingClock
) -> None:
    provider, memory = _provider(tmp_path, Calls(PermissionError("denied"), failures=99), clock)
    memory.pipe_file("/raw/data.bin", b"0123456789")
    target = tmp_path / "fresh" / "out.bin"
    with pytest.raises(DownloadDataError):
        provider.get_data("memory://raw/data.bin", str(target))
    assert not target.exists()
    assert list(target.parent.iterdir()) == []


def test_a_directory_download_failing_after_some_files_leaves_the_destination_as_it_was(
    tmp_path: Path, clock: RecordingClock
) -> None:
    provider, memory = _provider(tmp_path, Calls(PermissionError("denied"), after=2), clock)
    for i in range(5):
        memory.pipe_file(f"/raw/tree/f{i}.txt", b"x" * 100)
    target = tmp_path / "tree"
    target.mkdir()
    (target / "keep.txt").write_text("keep")
    with pytest.raises(DownloadDataError):
        provider.download_directory("memory://raw/tree", str(target))
    assert sorted(os.listdir(target)) == ["keep.txt"]
    assert sorted(os.listdir(tmp_path)) == ["tree"]


def test_transient_errors_are_retried_with_backoff(tmp_path: Path, clock: RecordingClock) -> None:
    calls = Calls(OSError("SlowDown: Please reduce your request rate."), failures=2)
    provider, memory = _provider(tmp_path, calls, clock)
    memory.pipe_file("/raw/data.bin", b"payload")
    target = tmp_path / "out.bin"
    provider.get_data("memory://raw/data.bin", str(target))
    assert target.read_bytes() == b"payload"
    assert calls.count == 3
    assert clock.sleeps == [2.0, 4.0]


def test_retries_give_up_after_the_configured_number(tmp_path: Path, clock: RecordingClock) -> None:
    calls = Calls(ConnectionError("connection reset by peer"), failures=99)
    provider, _ = _provider(tmp_path, calls, clock, retries=2)
    source = tmp_path / "in.txt"
    source.write_text("x")
    with pytest.raises(UploadDataError) as raised:
        provider.put_data(source, "memory://raw/in.txt")
    assert calls.count == 3
    assert clock.sleeps == [2.0, 4.0]
    assert isinstance(raised.value.__cause__, ConnectionError)


def test_uploads_are_retried_and_land_whole(tmp_path: Path, clock: RecordingClock) -> None:
    calls = Calls(TimeoutError("read timed out"), failures=1)
    provider, memory = _provider(tmp_path, calls, clock)
    source = tmp_path / "in.txt"
    source.write_bytes(b"complete")
    provider.put_data(source, "memory://raw/in.txt")
    assert memory.cat_file("/raw/in.txt") == b"complete"
    assert clock.sleeps == [2.0]


class FailingStream(io.BytesIO):
    """A readable stream that breaks after ``good`` bytes."""

    def __init__(self, data: bytes, good: int) -> None:
        super().__init__(data)
        self.good = good

    def read(self, size: int | None = -1) -> bytes:
        if self.tell() >= self.good:
            raise OSError("source device error")
        return super().read(size)


def test_a_stream_upload_is_retried_whole(tmp_path: Path, clock: RecordingClock) -> None:
    calls = Calls(ConnectionResetError("connection reset by peer"), failures=1)
    provider, memory = _provider(tmp_path, calls, clock)
    data = bytes(range(100))
    where = provider.put_raw_data(io.BytesIO(data), file_name="s.bin", read_chunk_size_bytes=9)
    assert memory.cat_file(where) == data
    assert clock.sleeps == [2.0]


def test_a_failing_stream_uploads_nothing_and_says_so(
    tmp_path: Path, clock: RecordingClock
) -> None:
    provider, memory = _provider(tmp_path, Calls(OSError("unused")), clock)
    with pytest.raises(UploadDataError) as raised:
        provider.put_raw_data(FailingStream(b"x" * 100, good=10), file_name="s.bin")
    assert "source device error" in str(raised.value)
    assert "<FailingStream>" in str(raised.value)
    assert memory.find("/raw") == []
    assert not any(p.name.endswith(".part") for p in tmp_path.rglob("*"))


def test_a_failing_bytes_upload_is_typed(tmp_path: Path, clock: RecordingClock) -> None:
    provider, memory = _provider(tmp_path, Calls(PermissionError("denied"), failures=9), clock)
    with pytest.raises(UploadDataError) as raised:
        provider.put_raw_data(b"payload", file_name="b.bin")
    assert isinstance(raised.value.__cause__, PermissionError)
    assert memory.find("/raw") == []


def test_a_value_for_a_store_draws_its_random_names_in_order(tmp_path: Path) -> None:
    # The prefix, then the file's name, then the staging directory: names drawn by a counter
    # stay the same from one version to the next.
    memory = FlakyMemoryFileSystem(Calls(OSError("unused")))
    provider = FileAccessProvider(
        str(tmp_path / "sandbox"),
        "memory://raw",
        data_config=DataConfig(),
        filesystems=Filesystems(memory),
        entropy=CounterEntropy(),
        env={},
    )
    where = provider.put_raw_data(b"payload")
    assert where == f"memory://raw/{1:032x}/{2:032x}"
    assert memory.cat_file(where) == b"payload"
    assert provider.get_random_string() == f"{4:032x}"
    assert list((tmp_path / "sandbox" / "local_flytekit").iterdir()) == []  # staging removed


def test_a_provider_from_with_raw_output_retries_as_its_own_data_config(
    tmp_path: Path, clock: RecordingClock
) -> None:
    # The retrier is built on a provider's first remote call: one copied after the original's
    # first call (which built the original's) still follows the copy's own configuration.
    calls = Calls(ConnectionError("connection reset by peer"), failures=1)
    provider, memory = _provider(tmp_path, calls, clock, retries=3)
    source = tmp_path / "in.txt"
    source.write_text("x")
    provider.put_data(source, "memory://raw/first.txt")
    assert clock.sleeps == [2.0]
    one_retry = DataConfig(s3=S3Config(retries=1, backoff=datetime.timedelta(seconds=5)))
    copied = provider.with_raw_output("memory://elsewhere", one_retry)
    calls.count, calls.failures, clock.sleeps = 0, 99, []
    with pytest.raises(UploadDataError):
        copied.put_data(source, "memory://elsewhere/in.txt")
    assert (calls.count, clock.sleeps) == (2, [5.0])
    calls.count, clock.sleeps = 0, []
    with pytest.raises(UploadDataError):
        provider.put_data(source, "memory://raw/in.txt")  # the original keeps its own
    assert (calls.count, clock.sleeps) == (4, [2.0, 4.0, 8.0])
    assert memory.cat_file("/raw/first.txt") == b"x"


def test_a_provider_copied_before_its_first_transfer_retries_as_its_own_data_config(
    tmp_path: Path, clock: RecordingClock
) -> None:
    calls = Calls(ConnectionError("connection reset by peer"), failures=99)
    provider, _ = _provider(tmp_path, calls, clock, retries=3)
    one_retry = DataConfig(s3=S3Config(retries=1, backoff=datetime.timedelta(seconds=5)))
    copied = provider.with_raw_output("memory://elsewhere", one_retry)
    source = tmp_path / "in.txt"
    source.write_text("x")
    with pytest.raises(UploadDataError):
        copied.put_data(source, "memory://elsewhere/in.txt")
    assert (calls.count, clock.sleeps) == (2, [5.0])


def test_threads_racing_to_a_fresh_providers_first_transfer_all_transfer(
    tmp_path: Path, clock: RecordingClock
) -> None:
    # Each thread may build the retrier (it is immutable, so whichever is kept works).
    provider, memory = _provider(tmp_path, Calls(OSError("unused")), clock)
    sources: list[Path] = []
    for i in range(8):
        source = tmp_path / f"in{i}.txt"
        source.write_text(str(i))
        sources.append(source)
    start = threading.Barrier(len(sources))

    def upload(i: int) -> None:
        start.wait()
        provider.put_data(sources[i], f"memory://raw/out{i}.txt")

    with concurrent.futures.ThreadPoolExecutor(len(sources)) as pool:
        list(pool.map(upload, range(len(sources))))
    assert [memory.cat_file(f"/raw/out{i}.txt") for i in range(8)] == [
        str(i).encode() for i in range(8)
    ]


def test_a_provider_restored_from_a_state_without_a_retrier_still_retries(
    tmp_path: Path, clock: RecordingClock
) -> None:
    # A provider pickled before the retrier was built lazily carries no ``_built_retrier``:
    # restored into today's class, its first remote call builds one and retries.
    calls = Calls(ConnectionError("connection reset by peer"), failures=1)
    provider, memory = _provider(tmp_path, calls, clock, retries=3)
    state = {name: value for name, value in vars(provider).items() if name != "_built_retrier"}
    restored = FileAccessProvider.__new__(FileAccessProvider)
    restored.__dict__.update(state)
    source = tmp_path / "in.txt"
    source.write_text("x")
    restored.put_data(source, "memory://raw/in.txt")
    assert (calls.count, clock.sleeps) == (2, [2.0])
    assert memory.cat_file("/raw/in.txt") == b"x"
