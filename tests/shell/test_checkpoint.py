"""Checkpoints (reference §3) on the local disk; against the local S3 server in
``tests/stores/test_checkpoint_s3.py``."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from ctxcore.core.config.records import DataConfig
from ctxcore.core.errors import DataNotFoundError
from ctxcore.effects.tempdirs import SystemTempDirs
from ctxcore.shell.checkpoint import Checkpoint, SyncCheckpoint
from ctxcore.shell.file_access import FileAccessProvider


@pytest.fixture
def fa(tmp_path: Path) -> FileAccessProvider:
    return FileAccessProvider(
        str(tmp_path / "sandbox"), str(tmp_path / "raw"), data_config=DataConfig(), env={}
    )


def test_the_base_class_is_abstract() -> None:
    with pytest.raises(NotImplementedError, match="Use one of the derived classes"):
        Checkpoint().prev_exists()


def test_no_source_means_nothing_to_restore(tmp_path: Path, fa: FileAccessProvider) -> None:
    cp = SyncCheckpoint(str(tmp_path / "dest"), file_access=fa)
    assert not cp.prev_exists()
    assert cp.restore("/definitely/not/a/dir") is None
    assert cp.read() is None


def test_write_then_read_from_the_next_attempt(tmp_path: Path, fa: FileAccessProvider) -> None:
    first = SyncCheckpoint(str(tmp_path / "attempt-1"), file_access=fa)
    first.write(b"state after step 1")
    assert (tmp_path / "attempt-1" / "_dst_cp").read_bytes() == b"state after step 1"
    first.write(b"state after step 2")
    second = SyncCheckpoint(
        str(tmp_path / "attempt-2"), str(tmp_path / "attempt-1"), file_access=fa
    )
    assert second.prev_exists()
    assert second.read() == b"state after step 2"


def test_save_a_directory_uploads_its_contents(tmp_path: Path, fa: FileAccessProvider) -> None:
    state = tmp_path / "state"
    (state / "sub").mkdir(parents=True)
    (state / "a.bin").write_bytes(b"a")
    (state / "sub" / "b.bin").write_bytes(b"b")
    SyncCheckpoint(str(tmp_path / "dest"), file_access=fa).save(state)
    assert (tmp_path / "dest" / "a.bin").read_bytes() == b"a"
    assert (tmp_path / "dest" / "sub" / "b.bin").read_bytes() == b"b"


def test_save_a_file_and_a_reader(tmp_path: Path, fa: FileAccessProvider) -> None:
    single = tmp_path / "model.pt"
    single.write_bytes(b"weights")
    cp = SyncCheckpoint(str(tmp_path / "dest"), file_access=fa)
    cp.save(str(single))
    assert [p.name for p in (tmp_path / "dest").iterdir()] == ["model.pt"]
    assert (tmp_path / "dest" / "model.pt").read_bytes() == b"weights"
    cp.save(io.BytesIO(b"from a reader"))  # a save replaces the whole checkpoint
    assert [p.name for p in (tmp_path / "dest").iterdir()] == ["_dst_cp"]
    assert (tmp_path / "dest" / "_dst_cp").read_bytes() == b"from a reader"
    with pytest.raises(ValueError, match="Only a valid path or IOBase"):
        cp.save(b"raw bytes")  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]


def test_restore_downloads_once_and_caches(tmp_path: Path, fa: FileAccessProvider) -> None:
    source = tmp_path / "prev"
    source.mkdir()
    (source / "x").write_text("1")
    cp = SyncCheckpoint(str(tmp_path / "dest"), str(source), file_access=fa)
    restored = cp.restore()
    assert restored is not None
    assert restored.name == "prev_cp"
    assert (restored / "x").read_text() == "1"
    (source / "x").write_text("2")
    assert cp.restore(tmp_path / "ignored") == restored
    assert (restored / "x").read_text() == "1"


def test_restore_needs_a_directory(tmp_path: Path, fa: FileAccessProvider) -> None:
    cp = SyncCheckpoint(str(tmp_path / "dest"), str(tmp_path), file_access=fa)
    with pytest.raises(ValueError, match="restored to a directory only"):
        cp.restore(tmp_path / "missing-dir")


def test_a_missing_source_raises_and_is_not_cached(tmp_path: Path, fa: FileAccessProvider) -> None:
    cp = SyncCheckpoint(str(tmp_path / "dest"), str(tmp_path / "never-saved"), file_access=fa)
    with pytest.raises(DataNotFoundError):
        cp.restore()
    with pytest.raises(DataNotFoundError):
        cp.restore()


def test_read_refuses_more_than_one_file(tmp_path: Path, fa: FileAccessProvider) -> None:
    source = tmp_path / "prev"
    source.mkdir()
    (source / "a").write_text("a")
    (source / "b").write_text("b")
    cp = SyncCheckpoint(str(tmp_path / "dest"), str(source), file_access=fa)
    with pytest.raises(ValueError, match="Expected exactly one checkpoint - found 2"):
        cp.read()


def test_the_scratch_directory_comes_from_the_injected_tempdirs(
    tmp_path: Path, fa: FileAccessProvider
) -> None:
    scratch_base = tmp_path / "scratch"
    scratch_base.mkdir()
    source = tmp_path / "prev"
    source.mkdir()
    (source / "state").write_text("s")
    cp = SyncCheckpoint(
        str(tmp_path / "dest"),
        str(source),
        file_access=fa,
        tempdirs=SystemTempDirs(str(scratch_base)),
    )
    restored = cp.restore()
    assert restored is not None
    assert restored.parent.parent == scratch_base
