"""The local I/O of file access (``ctxcore.shell.local_io``): the facts it gathers for the
planner, and the walk that names the objects of a tree put."""

from __future__ import annotations

import io
from pathlib import Path

from ctxcore.core.storage.plan import DiskFacts, InMemory, LocalPath, Unsupported
from ctxcore.shell import local_io


def test_disk_facts_are_about_the_paths_without_their_file_header(tmp_path: Path) -> None:
    (tmp_path / "dir").mkdir()
    (tmp_path / "file").write_text("x")
    facts = local_io.disk_facts(f"file://{tmp_path}/dir", str(tmp_path / "file"))
    assert facts == DiskFacts(
        source_is_directory=True,
        destination_is_directory=False,
        source_real=str(tmp_path.resolve() / "dir"),
        destination_real=str(tmp_path.resolve() / "file"),
    )
    assert local_io.disk_facts("s3://bucket/key", str(tmp_path / "dir")) == DiskFacts(False, True)


def test_the_facts_of_a_raw_value(tmp_path: Path) -> None:
    target = tmp_path / "target"
    target.write_text("t")
    (tmp_path / "link").symlink_to(target)
    (tmp_path / "dangling").symlink_to(tmp_path / "nowhere")
    assert local_io.raw_value(target) == LocalPath(str(target), exists=True)
    assert local_io.raw_value(str(tmp_path)) == LocalPath(str(tmp_path), True, is_directory=True)
    assert local_io.raw_value(str(tmp_path / "gone")) == LocalPath(str(tmp_path / "gone"), False)
    link = local_io.raw_value(str(tmp_path / "link"))
    assert link == LocalPath(str(tmp_path / "link"), True, is_link=True, is_directory=False)
    dangling = local_io.raw_value(str(tmp_path / "dangling"))
    assert dangling == LocalPath(str(tmp_path / "dangling"), exists=True, is_link=True)
    assert local_io.raw_value(b"x") == InMemory("bytes")
    assert local_io.raw_value(io.StringIO("x")) == InMemory("StringIO")
    assert local_io.raw_value(123) == Unsupported("<class 'int'>")


def test_relative_files_lists_every_file_below_a_directory_in_order(tmp_path: Path) -> None:
    (tmp_path / "b" / "c").mkdir(parents=True)
    (tmp_path / "empty").mkdir()
    for name in ("z.txt", "b/a.txt", "b/c/d.txt"):
        (tmp_path / name).write_text(name)
    expected = ["b/a.txt", "b/c/d.txt", "z.txt"]
    assert local_io.relative_files(str(tmp_path)) == expected
    assert local_io.relative_files(f"{tmp_path}/") == expected
