"""Checkpoints are all or nothing under ``kill -9`` (issue 11, item 3).

Found: a directory checkpoint killed mid-save and read back by the retry returned a mix of the
old and the new files, with no error; a killed single-file save left a temporary next to the
checkpoint, and every later ``read()`` failed with "Expected exactly one checkpoint - found 2".

How these tests find it: a forked child saves in a loop, cycling through states whose files
differ in number and content; the parent kills it (``SIGKILL``) at a random moment, many times,
and after each kill reads the checkpoint back as the retry would (``restore``/``read``) and as
flytekit would (the destination's files, knowing nothing of ctxcore): every file must belong to
one state, and the files must be exactly that state's. Afterwards one more save must leave
nothing beside the checkpoint but its lock.
"""

from __future__ import annotations

import multiprocessing
import os
import random
import signal
import time
from collections.abc import Callable
from itertools import count
from multiprocessing.synchronize import Event
from pathlib import Path

import pytest

from ctxcore.core.config.records import DataConfig
from ctxcore.core.errors import DataNotFoundError, InvalidUploadError, UploadDataError
from ctxcore.core.storage import checkpoint
from ctxcore.shell import local_io
from ctxcore.shell.checkpoint import SyncCheckpoint
from ctxcore.shell.file_access import FileAccessProvider

KILLS = 25
"""How many times a saving child is killed in each test: enough that kills land in every
phase of a save (copying, swapping, removing the old tree) many times over."""

KILL_WITHIN_SECONDS = 0.03
"""A child is killed at a uniformly random moment within this long after its first save:
about ten saves' time, so the moment falls anywhere in a save."""

STATES = 4
"""The states a child cycles through: state ``k`` has ``3 + k`` files."""

FILE_BYTES = 256 * 1024
"""Size of each file of a directory state: a save takes a few milliseconds."""

VALUE_BYTES = 1 << 20
"""Size of a single-file state (``write``)."""

STARTUP_SECONDS = 30.0
"""How long a child may take to finish its first save (it takes milliseconds)."""

READING_SECONDS = 1.0
"""How long a reader races a saving child."""

_fork = multiprocessing.get_context("fork")


def _provider(base: Path) -> FileAccessProvider:
    return FileAccessProvider(str(base / "sandbox"), str(base / "raw"), DataConfig(), env={})


def _expected(state: int) -> dict[str, bytes]:
    """The files of directory state ``state``: ``3 + state`` files, every byte ``state + 1``."""
    names = [f"f{index}.bin" for index in range(2 + state)] + ["sub/deeper.bin"]
    return {name: bytes([state + 1]) * FILE_BYTES for name in names}


def _make_states(base: Path) -> list[Path]:
    states: list[Path] = []
    for state in range(STATES):
        directory = base / f"state-{state}"
        for name, content in _expected(state).items():
            (directory / name).parent.mkdir(parents=True, exist_ok=True)
            (directory / name).write_bytes(content)
        states.append(directory)
    return states


def _files(directory: Path) -> dict[str, bytes]:
    return {
        p.relative_to(directory).as_posix(): p.read_bytes()
        for p in directory.rglob("*")
        if p.is_file()
    }


def _assert_one_state(files: dict[str, bytes], where: str) -> None:
    """``files`` are exactly one state's, each whole."""
    first = files.get("f0.bin", b"")
    assert first[:1], f"{where}: no f0.bin in {sorted(files)}"
    assert files == _expected(first[0] - 1), f"{where}: a mix of states: {sorted(files)}"


def _without_exchange() -> None:
    """Make this process's saves publish by two renames, as on a file system that cannot
    exchange two paths atomically."""
    local_io._renameat2 = lambda: None  # type: ignore[assignment]  # pyright: ignore[reportPrivateUsage]


def _save_forever(
    base: Path, destination: Path, save: Callable[[SyncCheckpoint, int], object], started: Event
) -> None:
    """The child: save state after state until killed."""
    saver = SyncCheckpoint(str(destination), file_access=_provider(base))
    for generation in count():
        save(saver, generation % STATES)
        started.set()


def _kill_at_random(
    base: Path,
    destination: Path,
    save: Callable[[SyncCheckpoint, int], object],
    chance: random.Random,
    prepare: Callable[[], None] = lambda: None,
) -> None:
    """Start a child saving in a loop and ``kill -9`` it at a random moment."""
    started = _fork.Event()

    def child() -> None:
        prepare()
        _save_forever(base, destination, save, started)

    saver = _fork.Process(target=child, daemon=True)
    saver.start()
    try:
        assert started.wait(STARTUP_SECONDS), "the saving child never saved"
        time.sleep(chance.uniform(0, KILL_WITHIN_SECONDS))
    finally:
        assert saver.pid is not None
        os.kill(saver.pid, signal.SIGKILL)
        saver.join()
    assert saver.exitcode == -signal.SIGKILL


def _restored(base: Path, source: Path, attempt: int) -> dict[str, bytes] | None:
    """What a retry restores from ``source`` (``None``: no checkpoint there)."""
    target = base / "restored" / str(attempt)
    target.mkdir(parents=True)
    retry = SyncCheckpoint(str(base / "next"), str(source), file_access=_provider(base))
    try:
        restored = retry.restore(target)
    except DataNotFoundError:
        return None
    assert restored == target
    return _files(target)


def _assert_nothing_left_beside(destination: Path) -> None:
    """Only the checkpoint and its lock are in its directory."""
    assert sorted(p.name for p in destination.parent.iterdir()) == sorted(
        [destination.name, checkpoint.lock_name(destination.name)]
    )


def _save_state(states: list[Path]) -> Callable[[SyncCheckpoint, int], object]:
    return lambda saver, state: saver.save(states[state])


@pytest.mark.slow
@pytest.mark.parametrize("publish", ["exchange", "two renames"])
def test_a_directory_checkpoint_killed_mid_save_reads_back_whole(
    tmp_path: Path, publish: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    states = _make_states(tmp_path / "states")
    destination = tmp_path / "checkpoints" / "cp"
    prepare = _without_exchange if publish == "two renames" else lambda: None
    chance = random.Random(11)
    absent = 0
    for attempt in range(KILLS):
        _kill_at_random(tmp_path, destination, _save_state(states), chance, prepare)
        restored = _restored(tmp_path, destination, attempt)
        if restored is None:  # only between the two renames, where no exchange exists
            assert publish == "two renames"
            absent += 1
            continue
        _assert_one_state(restored, f"restored after kill {attempt}")
        _assert_one_state(_files(destination), f"the checkpoint after kill {attempt}")
    assert absent < KILLS
    # The next save cleans what the killed ones left.
    if publish == "two renames":
        monkeypatch.setattr(local_io, "_renameat2", lambda: None)
    SyncCheckpoint(str(destination), file_access=_provider(tmp_path)).save(states[0])
    assert _files(destination) == _expected(0)
    _assert_nothing_left_beside(destination)


def _value(state: int) -> bytes:
    return bytes([state + 1]) * VALUE_BYTES


@pytest.mark.slow
def test_a_file_checkpoint_killed_mid_write_reads_back_whole(tmp_path: Path) -> None:
    destination = tmp_path / "checkpoints" / "cp"
    chance = random.Random(12)
    for attempt in range(KILLS):
        _kill_at_random(
            tmp_path, destination, lambda saver, state: saver.write(_value(state)), chance
        )
        retry = SyncCheckpoint(
            str(tmp_path / "next"), str(destination), file_access=_provider(tmp_path)
        )
        value = retry.read()
        assert value is not None
        assert value in {_value(state) for state in range(STATES)}, f"kill {attempt}: torn"
        assert [p.name for p in destination.iterdir()] == [checkpoint.STREAM_FILE_NAME]
    SyncCheckpoint(str(destination), file_access=_provider(tmp_path)).write(_value(0))
    _assert_nothing_left_beside(destination)


@pytest.mark.slow
def test_a_reader_racing_a_saving_process_never_sees_a_mix(tmp_path: Path) -> None:
    states = _make_states(tmp_path / "states")
    destination = tmp_path / "checkpoints" / "cp"
    started = _fork.Event()
    saver = _fork.Process(
        target=_save_forever,
        args=(tmp_path, destination, _save_state(states), started),
        daemon=True,
    )
    saver.start()
    reads = 0
    try:
        assert started.wait(STARTUP_SECONDS)
        deadline = time.monotonic() + READING_SECONDS
        while time.monotonic() < deadline:
            restored = _restored(tmp_path, destination, reads)
            assert restored is not None
            _assert_one_state(restored, f"read {reads}")
            reads += 1
    finally:
        assert saver.pid is not None
        os.kill(saver.pid, signal.SIGKILL)
        saver.join()
    assert reads > 1


def test_read_ignores_the_temporaries_a_killed_writer_left_in_the_checkpoint(
    tmp_path: Path,
) -> None:
    """ctxcore 0.1.0 wrote a single-file checkpoint's temporary inside the checkpoint; one
    that a kill left there must not make every later ``read()`` fail."""
    previous = tmp_path / "previous"
    previous.mkdir()
    (previous / checkpoint.STREAM_FILE_NAME).write_bytes(b"state")
    (previous / ".ctxcore-0123456789abcdef.part").write_bytes(b"st")
    retry = SyncCheckpoint(str(tmp_path / "next"), str(previous), file_access=_provider(tmp_path))
    assert retry.read() == b"state"


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    state = tmp_path / "state"
    (state / "sub").mkdir(parents=True)
    (state / "a.bin").write_bytes(b"a")
    (state / "sub" / "b.bin").write_bytes(b"b")
    return state


@pytest.mark.parametrize("destination", ["state/cp", "state/sub", "state", "."])
def test_a_checkpoint_and_what_it_saves_may_not_hold_each_other(
    tmp_path: Path, tree: Path, destination: str
) -> None:
    """A save replaces its destination whole: saving a directory into itself would copy the
    copy; saving a directory that the checkpoint holds would remove it with the old one."""
    before = _files(tmp_path)
    source = tree if destination != "." else tree / "sub"
    target = tmp_path / destination if destination != "." else tree
    saver = SyncCheckpoint(str(target), file_access=_provider(tmp_path))
    with pytest.raises(UploadDataError) as raised:
        saver.save(source)
    assert isinstance(raised.value.__cause__, InvalidUploadError)
    assert "inside" in str(raised.value)
    assert _files(tmp_path) == before
