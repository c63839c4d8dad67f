"""FileAccessProvider on the local file system: path conventions, transfers, durable writes."""

from __future__ import annotations

import asyncio
import io
import multiprocessing
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ctxcore.core.config.records import DataConfig
from ctxcore.core.errors import (
    DataNotFoundError,
    DownloadDataError,
    InvalidUploadError,
    UploadDataError,
)
from ctxcore.shell.file_access import FileAccessProvider

_HEX32 = re.compile(r"[0-9a-f]{32}")


def _provider(tmp_path: Path, raw: str | None = None) -> FileAccessProvider:
    return FileAccessProvider(
        str(tmp_path / "sandbox"),
        raw if raw is not None else str(tmp_path / "raw"),
        data_config=DataConfig(),
        env={},
    )


# -- construction and path conventions (reference §4.2) --------------------------------------


@pytest.mark.parametrize(
    ("prefix", "expected"),
    [
        ("s3://my-bucket", "s3://my-bucket/"),
        ("s3://my-bucket/", "s3://my-bucket/"),
        ("/tmp/x", "/tmp/x/"),
        ("file:///tmp/x", "file:///tmp/x/"),
    ],
)
def test_the_raw_output_prefix_ends_in_a_separator(
    tmp_path: Path, prefix: str, expected: str
) -> None:
    assert _provider(tmp_path, prefix).raw_output_prefix == expected


def test_an_empty_sandbox_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="valid local_sandbox_dir"):
        FileAccessProvider("", str(tmp_path), data_config=DataConfig(), env={})


def test_construction_creates_nothing(tmp_path: Path) -> None:
    provider = _provider(tmp_path)
    assert provider.local_sandbox_dir == tmp_path / "sandbox" / "local_flytekit"
    assert list(tmp_path.iterdir()) == []


def test_a_bad_write_chunk_size_names_the_variable(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="_F_P_WRITE_CHUNK_SIZE='x'"):
        FileAccessProvider(
            str(tmp_path), "s3://b", data_config=DataConfig(), env={"_F_P_WRITE_CHUNK_SIZE": "x"}
        )


@pytest.mark.parametrize(
    ("path", "remote"),
    [("./x", False), ("/tmp/x", False), ("file://x", False), ("s3://b/k", True),
     ("gs://b", True), ("abfs://c/p", True), ("http://h/p", True)],
)  # fmt: skip
def test_is_remote(path: str, remote: bool) -> None:
    assert FileAccessProvider.is_remote(path) is remote


def test_strip_file_header_removes_only_a_leading_one() -> None:
    assert FileAccessProvider.strip_file_header("file:///tmp/x") == "/tmp/x"
    assert FileAccessProvider.strip_file_header("/tmp/file://x") == "/tmp/file://x"
    assert FileAccessProvider.strip_file_header("s3://b/k") == "s3://b/k"


def test_recursive_paths_examples(tmp_path: Path) -> None:
    rp = FileAccessProvider.recursive_paths
    assert rp("file:///abc/happy/", "s3://b/k/") == ("file:///abc/happy/", "s3://b/k/")
    assert rp("file:///abc/happy", "s3://b/k") == ("file:///abc/happy", "s3://b/k/")
    assert rp(str(tmp_path), "/x") == (f"{tmp_path}/", "/x/")
    assert rp("s3://a/b", "/x") == ("s3://a/b/", "/x/")
    assert rp("/nonexist", "/x") == ("/nonexist", "/x/")


def test_join_examples(tmp_path: Path) -> None:
    s3 = _provider(tmp_path, "s3://bucket")
    assert s3.join("s3://bucket//", "a") == "s3://bucket//a"
    assert s3.join("s3://bucket", "/a") == "s3://bucket//a"
    assert s3.join("s3://bucket/", "a", "b") == "s3://bucket/a/b"
    with pytest.raises(ValueError, match="at least one argument"):
        s3.join()
    local = _provider(tmp_path)
    assert local.join("/tmp/x", "y", unstrip=True) == "file:///tmp/x/y"


def test_random_paths_follow_the_conventions(tmp_path: Path) -> None:
    provider = _provider(tmp_path, "s3://bucket/prefix")
    local = provider.get_random_local_path("some/dir/file.txt")
    directory, tail = os.path.split(local)
    assert tail == "file.txt"
    assert os.path.dirname(directory) == str(provider.local_sandbox_dir)
    assert _HEX32.fullmatch(os.path.basename(directory))
    remote = provider.get_random_remote_path("a/b.txt")
    assert re.fullmatch(r"s3://bucket/prefix/[0-9a-f]{32}/b\.txt", remote)
    assert re.fullmatch(r"s3://bucket/prefix/[0-9a-f]{32}", provider.get_random_remote_directory())
    made = provider.get_random_local_directory()
    assert os.path.isdir(made)
    assert not os.listdir(made)


def test_generate_new_custom_path(tmp_path: Path) -> None:
    provider = _provider(tmp_path, "s3://my-default-bucket/my-default-prefix/")
    assert (
        provider.generate_new_custom_path(alt="foo-bucket", stem="bar.txt")
        == "s3://foo-bucket/my-default-prefix/bar.txt"
    )
    assert (
        provider.generate_new_custom_path(stem="s") == "s3://my-default-bucket/my-default-prefix/s"
    )
    local = _provider(tmp_path, "/tmp/raw/")
    with pytest.raises(ValueError, match="has none"):
        local.generate_new_custom_path(alt="X", stem="s")


def test_sep_is_the_os_separator_for_local_file_systems(tmp_path: Path) -> None:
    from fsspec.implementations.memory import MemoryFileSystem

    provider = _provider(tmp_path)
    assert provider.sep(None) == os.sep
    assert provider.sep(provider.local_access) == os.sep
    memory = MemoryFileSystem(skip_instance_cache=True)
    memory.sep = "|"  # a separator no local file system has
    assert provider.sep(memory) == "|"


def test_get_file_tail() -> None:
    assert FileAccessProvider.get_file_tail("/a/b/c.txt") == "c.txt"
    assert FileAccessProvider.get_file_tail("/a/b/") == ""


@given(st.lists(st.text(alphabet="abc/", min_size=1, max_size=5), min_size=1, max_size=4))
def test_join_removes_at_most_one_trailing_separator_of_the_first_part(parts: list[str]) -> None:
    provider = FileAccessProvider("/sb", "s3://b", data_config=DataConfig(), env={})
    joined = provider.join(*parts)
    first = parts[0][:-1] if parts[0].endswith("/") else parts[0]
    assert joined == "/".join([first, *parts[1:]])


@given(st.text(alphabet="ab/:", max_size=12), st.text(alphabet="ab/:", max_size=12))
def test_recursive_paths_is_idempotent(f: str, t: str) -> None:
    once = FileAccessProvider.recursive_paths(f, t)
    assert FileAccessProvider.recursive_paths(*once) == once
    assert once[1].endswith("/")


def _child_names(queue: multiprocessing.Queue[list[str]]) -> None:
    provider = FileAccessProvider("/sb", "s3://b", data_config=DataConfig(), env={})
    queue.put([provider.get_random_string() for _ in range(5)])


def test_random_names_differ_across_fork() -> None:
    context = multiprocessing.get_context("fork")
    queue: multiprocessing.Queue[list[str]] = context.Queue()
    children = [context.Process(target=_child_names, args=(queue,)) for _ in range(2)]
    for child in children:
        child.start()
    names = [queue.get(timeout=30) for _ in children]
    for child in children:
        child.join()
    assert len(set(names[0]) | set(names[1])) == 10
    assert all(_HEX32.fullmatch(n) for n in names[0] + names[1])


# -- transfers ---------------------------------------------------------------------------------


def test_put_data_and_get_data_of_a_file(tmp_path: Path) -> None:
    provider = _provider(tmp_path)
    source = tmp_path / "in.txt"
    source.write_bytes(b"payload")
    remote = provider.get_random_remote_path("in.txt")
    assert provider.put_data(source, remote) == remote
    back = tmp_path / "back" / "out.txt"
    provider.get_data(remote, str(back))
    assert back.read_bytes() == b"payload"


def test_put_data_and_get_data_of_a_directory(tmp_path: Path) -> None:
    provider = _provider(tmp_path)
    source = tmp_path / "tree"
    (source / "sub").mkdir(parents=True)
    (source / "a.txt").write_text("a")
    (source / "sub" / "b.txt").write_text("b")
    remote = provider.get_random_remote_directory()
    provider.upload_directory(str(source), remote)
    assert sorted(os.listdir(remote)) == ["a.txt", "sub"]
    target = tmp_path / "copy"
    provider.download_directory(remote, str(target))
    assert (target / "sub" / "b.txt").read_text() == "b"
    assert (target / "a.txt").read_text() == "a"


def test_a_directory_download_merges_into_an_existing_directory(tmp_path: Path) -> None:
    provider = _provider(tmp_path)
    source = tmp_path / "tree"
    source.mkdir()
    (source / "new.txt").write_text("new")
    target = tmp_path / "target"
    target.mkdir()
    (target / "old.txt").write_text("old")
    provider.download_directory(str(source), str(target))
    assert sorted(os.listdir(target)) == ["new.txt", "old.txt"]


@pytest.mark.parametrize(
    "payload",
    [b"bytes", io.BytesIO(b"bytes"), io.StringIO("bytes")],
    ids=["bytes", "BytesIO", "StringIO"],
)
def test_put_raw_data_of_values(tmp_path: Path, payload: bytes | io.BytesIO | io.StringIO) -> None:
    provider = _provider(tmp_path)
    where = provider.put_raw_data(payload, upload_prefix="up", file_name="f/00000")
    assert where == f"{provider.raw_output_prefix}up/f/00000"
    assert Path(where).read_bytes() == b"bytes"


def test_put_raw_data_of_a_buffered_reader_in_small_chunks(tmp_path: Path) -> None:
    provider = _provider(tmp_path)
    source = tmp_path / "big.bin"
    source.write_bytes(os.urandom(10_000))
    with source.open("rb") as reader:
        where = provider.put_raw_data(reader, read_chunk_size_bytes=7)
    assert Path(where).read_bytes() == source.read_bytes()
    assert _HEX32.fullmatch(Path(where).name)


def test_put_raw_data_of_a_path_keeps_its_name(tmp_path: Path) -> None:
    provider = _provider(tmp_path)
    source = tmp_path / "report.csv"
    source.write_text("x,y")
    where = provider.put_raw_data(source, upload_prefix="p")
    assert where == f"{provider.raw_output_prefix}p/report.csv"


def test_put_raw_data_with_skip_raw_data_prefix(tmp_path: Path) -> None:
    provider = _provider(tmp_path)
    target = str(tmp_path / "elsewhere")
    where = provider.put_raw_data(
        b"x", upload_prefix=target, file_name="f", skip_raw_data_prefix=True
    )
    assert where == f"{target}/f"
    assert Path(where).read_bytes() == b"x"


def test_put_raw_data_refuses_what_it_cannot_upload(tmp_path: Path) -> None:
    provider = _provider(tmp_path)
    with pytest.raises(InvalidUploadError, match="does not exist"):
        provider.put_raw_data(str(tmp_path / "missing"))
    target = tmp_path / "t"
    target.write_text("t")
    link = tmp_path / "link"
    link.symlink_to(target)
    with pytest.raises(InvalidUploadError, match="is a symlink"):
        provider.put_raw_data(str(link))
    with pytest.raises(InvalidUploadError, match="Unsupported lpath type"):
        provider.put_raw_data(123)  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]
    assert isinstance(InvalidUploadError("x"), AssertionError)


def test_a_missing_download_source_is_data_not_found(tmp_path: Path) -> None:
    provider = _provider(tmp_path)
    missing = str(tmp_path / "nope.txt")
    with pytest.raises(DataNotFoundError) as raised:
        provider.get_data(missing, str(tmp_path / "out"))
    assert str(raised.value) == f"Value error!  Received: {missing}. File not found"
    assert isinstance(raised.value, ValueError)
    with pytest.raises(DataNotFoundError):
        provider.download_directory(str(tmp_path / "nodir"), str(tmp_path / "out2"))
    assert not (tmp_path / "out").exists()
    assert not (tmp_path / "out2").exists()


def test_upload_failures_are_typed_and_chained(tmp_path: Path) -> None:
    provider = _provider(tmp_path)
    with pytest.raises(UploadDataError) as raised:
        provider.put_data(str(tmp_path / "missing.txt"), str(tmp_path / "raw" / "x"))
    message = str(raised.value)
    assert message.startswith(f"Failed to put data from {tmp_path}/missing.txt to ")
    assert "(recursive=False).\n\nOriginal exception: " in message
    assert isinstance(raised.value.__cause__, FileNotFoundError)


def test_download_failures_other_than_missing_are_typed_and_chained(tmp_path: Path) -> None:
    provider = _provider(tmp_path)
    source = tmp_path / "in.txt"
    source.write_text("x")
    blocker = tmp_path / "blocker"
    blocker.write_text("a file where a directory should be")
    with pytest.raises(DownloadDataError) as raised:
        provider.get_data(str(source), str(blocker / "out.txt"))
    assert "Failed to get data from" in str(raised.value)
    assert raised.value.__cause__ is not None


def test_exists(tmp_path: Path) -> None:
    provider = _provider(tmp_path)
    assert provider.exists(str(tmp_path))
    assert not provider.exists(str(tmp_path / "nope"))


def test_async_twins(tmp_path: Path) -> None:
    provider = _provider(tmp_path)
    source = tmp_path / "a.txt"
    source.write_text("async")

    async def main() -> str:
        remote = await provider.async_put_data(source, provider.get_random_remote_path("a.txt"))
        await provider.async_get_data(remote, str(tmp_path / "b.txt"))
        return await provider.async_put_raw_data(b"raw")

    where = asyncio.run(main())
    assert (tmp_path / "b.txt").read_text() == "async"
    assert Path(where).read_bytes() == b"raw"


def test_local_transfers_never_import_fsspec(tmp_path: Path) -> None:
    code = f"""
import sys
from ctxcore import DataConfig, FileAccessProvider
p = FileAccessProvider({str(tmp_path / "sb")!r}, {str(tmp_path / "raw")!r},
                       data_config=DataConfig(), env={{}})
src = {str(tmp_path / "f.txt")!r}
open(src, "w").write("x")
remote = p.put_data(src, p.get_random_remote_path("f.txt"))
p.get_data(remote, {str(tmp_path / "g.txt")!r})
p.put_raw_data(b"bytes")
assert p.exists(remote)
print("fsspec" in sys.modules)
"""
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "False"


def test_put_into_an_existing_directory_or_a_trailing_separator(tmp_path: Path) -> None:
    provider = _provider(tmp_path)
    source = tmp_path / "src.txt"
    source.write_text("s")
    existing = tmp_path / "dst"
    existing.mkdir()
    provider.upload(str(source), str(existing))
    provider.upload(str(source), f"{tmp_path}/new-dir/")
    assert (existing / "src.txt").read_text() == "s"
    assert (tmp_path / "new-dir" / "src.txt").read_text() == "s"


def test_new_directories_get_the_usual_mode(tmp_path: Path) -> None:
    provider = _provider(tmp_path)
    tree = tmp_path / "tree"
    tree.mkdir()
    (tree / "a").write_text("a")
    target = tmp_path / "copy"
    provider.download_directory(str(tree), str(target))
    plain = tmp_path / "plain"
    plain.mkdir()
    assert target.stat().st_mode & 0o777 == plain.stat().st_mode & 0o777


def test_names_near_the_length_limit_still_have_a_temporary_sibling(tmp_path: Path) -> None:
    provider = _provider(tmp_path)
    long_name = "n" * 250
    where = provider.put_raw_data(b"x", upload_prefix="p", file_name=long_name)
    assert Path(where).read_bytes() == b"x"
