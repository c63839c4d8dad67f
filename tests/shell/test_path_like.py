"""``os.PathLike`` wherever the reference took a path: checkpoints and file access take a
``pathlib.Path`` as they take a string."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from ctxcore.core.config.records import DataConfig
from ctxcore.core.errors import DataNotFoundError
from ctxcore.shell.checkpoint import SyncCheckpoint
from ctxcore.shell.file_access import FileAccessProvider


@pytest.fixture
def fa(tmp_path: Path) -> FileAccessProvider:
    return FileAccessProvider(
        tmp_path / "sandbox", tmp_path / "raw", data_config=DataConfig(), env={}
    )


def test_a_checkpoint_takes_paths(tmp_path: Path, fa: FileAccessProvider) -> None:
    first = SyncCheckpoint(checkpoint_dest=tmp_path / "attempt-1", file_access=fa)
    assert first.checkpoint_dest == str(tmp_path / "attempt-1")
    first.write(b"x")
    second = SyncCheckpoint(
        checkpoint_dest=tmp_path / "attempt-2",
        checkpoint_src=tmp_path / "attempt-1",
        file_access=fa,
    )
    assert second.checkpoint_src == str(tmp_path / "attempt-1")
    assert second.read() == b"x"
    target = tmp_path / "restored"
    target.mkdir()
    third = SyncCheckpoint(tmp_path / "attempt-3", tmp_path / "attempt-1", file_access=fa)
    assert third.restore(target) == target
    (tmp_path / "state").write_bytes(b"y")
    third.save(tmp_path / "state")
    assert (tmp_path / "attempt-3" / "state").read_bytes() == b"y"


def test_a_missing_path_source_is_data_not_found(tmp_path: Path, fa: FileAccessProvider) -> None:
    with pytest.raises(DataNotFoundError):
        fa.get_data(tmp_path / "nothing", tmp_path / "out")


def test_file_access_takes_paths(tmp_path: Path, fa: FileAccessProvider) -> None:
    source = tmp_path / "in.txt"
    source.write_bytes(b"data")
    assert fa.exists(source)
    assert not fa.exists(tmp_path / "absent")
    assert fa.put(source, tmp_path / "put.txt") == str(tmp_path / "put.txt")
    assert fa.get(tmp_path / "put.txt", tmp_path / "got.txt") == str(tmp_path / "got.txt")
    assert (tmp_path / "got.txt").read_bytes() == b"data"
    assert fa.put_data(source, tmp_path / "pd.txt") == str(tmp_path / "pd.txt")
    fa.get_data(tmp_path / "pd.txt", tmp_path / "gd.txt")
    fa.upload(source, tmp_path / "up.txt")
    fa.download(tmp_path / "up.txt", tmp_path / "down.txt")
    assert (tmp_path / "down.txt").read_bytes() == b"data"
    tree = tmp_path / "tree"
    tree.mkdir()
    (tree / "a").write_bytes(b"a")
    fa.upload_directory(tree, tmp_path / "tree-up")
    fa.download_directory(tmp_path / "tree-up", tmp_path / "tree-down")
    assert (tmp_path / "tree-down" / "a").read_bytes() == b"a"
    assert fa.get_random_local_path(Path("x") / "f.txt").endswith("f.txt")
    assert fa.get_random_remote_path(Path("f.txt")).endswith("f.txt")
    assert fa.get_file_tail(Path("a") / "b.txt") == "b.txt"
    assert fa.strip_file_header(tmp_path) == str(tmp_path)
    assert fa.get_filesystem_for_path(tmp_path).exists(str(source))
    assert fa.raw_output_prefix == str(tmp_path / "raw") + "/"


def test_the_async_transfers_take_paths(tmp_path: Path, fa: FileAccessProvider) -> None:
    source = tmp_path / "in.txt"
    source.write_bytes(b"data")

    async def transfers() -> None:
        await fa.async_put(source, tmp_path / "a.txt")
        await fa.async_get(tmp_path / "a.txt", tmp_path / "b.txt")
        await fa.async_put_data(source, tmp_path / "c.txt")
        await fa.async_get_data(tmp_path / "c.txt", tmp_path / "d.txt")
        assert await fa.get_async_filesystem_for_path(tmp_path) is not None

    asyncio.run(transfers())
    assert (tmp_path / "d.txt").read_bytes() == b"data"
