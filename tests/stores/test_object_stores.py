"""FileAccessProvider against real object-store servers on 127.0.0.1: the cases every store
shares, for S3 (moto), GCS (gcp-storage-emulator) and Azure Blob (Azurite, as ``abfs`` and
``abfss``). What one store alone needs is in ``test_file_access_<store>.py``."""

from __future__ import annotations

import asyncio
import io
import os
import re
import uuid
from pathlib import Path

import pytest

from ctxcore.core.errors import DataNotFoundError
from tests.stores.object_stores import Store

pytestmark = pytest.mark.slow

_HEX32 = "[0-9a-f]{32}"
_TREE = ("a.txt", "sub/b.txt", "sub/c.txt")


@pytest.fixture(params=["s3", "gs", "abfs", "abfss"])
def store(request: pytest.FixtureRequest) -> Store:
    """Each store in turn; only its server starts (``<name>_store`` asks for it)."""
    found = request.getfixturevalue(f"{request.param}_store")
    assert isinstance(found, Store)
    return found


def _stored(remote: str) -> str:
    """``remote`` as the store's client lists it: without the protocol."""
    return remote.split("://", 1)[1]


def _tree(tmp_path: Path) -> Path:
    """A new local directory ``tree`` of the files ``_TREE``, each holding its own name."""
    tree = tmp_path / "tree"
    (tree / "sub").mkdir(parents=True)
    for name in _TREE:
        (tree / name).write_text(name)
    return tree


def test_the_raw_output_prefix_and_random_remote_paths(tmp_path: Path, store: Store) -> None:
    provider = store.provider(tmp_path)
    prefix = f"{store.protocol}://{store.bucket}/raw/"
    assert provider.raw_output_prefix == prefix
    assert provider.raw_output_fs.protocol == store.raw_output_fs_protocol
    file_path = provider.get_random_remote_path("some/dir/in.bin")
    directory = provider.get_random_remote_directory()
    assert re.fullmatch(re.escape(prefix) + _HEX32 + "/in.bin", file_path)
    assert re.fullmatch(re.escape(prefix) + _HEX32, directory)
    assert len({file_path.rsplit("/", 2)[1], directory.rsplit("/", 1)[1]}) == 2
    assert not provider.exists(file_path)
    assert not provider.exists(directory)
    assert store.find(store.bucket) == []


def test_a_file_round_trips(tmp_path: Path, store: Store) -> None:
    provider = store.provider(tmp_path)
    source = tmp_path / "in.bin"
    source.write_bytes(os.urandom(100_000))
    remote = provider.get_random_remote_path("in.bin")
    assert not provider.exists(remote)
    assert provider.put_data(source, remote) == remote
    assert provider.exists(remote)
    assert store.cat(remote) == source.read_bytes()
    assert store.find(store.bucket) == [_stored(remote)]
    out = tmp_path / "out" / "out.bin"
    provider.get_data(remote, str(out))
    assert out.read_bytes() == source.read_bytes()
    provider.download(remote, str(tmp_path / "again.bin"))
    assert (tmp_path / "again.bin").read_bytes() == source.read_bytes()


def test_a_directory_round_trips(tmp_path: Path, store: Store) -> None:
    provider = store.provider(tmp_path)
    tree = _tree(tmp_path)
    remote = provider.get_random_remote_directory()
    assert provider.upload_directory(str(tree), remote) == remote
    assert provider.exists(remote)
    assert store.find(remote) == [f"{_stored(remote)}/{name}" for name in _TREE]
    assert store.cat(f"{remote}/sub/b.txt") == b"sub/b.txt"
    out = tmp_path / "copy"
    provider.download_directory(remote, str(out))
    assert sorted(str(p.relative_to(out)) for p in out.rglob("*") if p.is_file()) == list(_TREE)
    assert (out / "sub" / "c.txt").read_text() == "sub/c.txt"
    again = tmp_path / "again"
    provider.get_data(remote + "/sub", str(again), is_multipart=True)
    assert sorted(p.name for p in again.iterdir()) == ["b.txt", "c.txt"]


def test_bytes_and_streams_round_trip(tmp_path: Path, store: Store) -> None:
    provider = store.provider(tmp_path)
    text = "grüße, " * 50
    encoded = text.encode("utf-8")
    (tmp_path / "payload").write_bytes(encoded)
    with open(tmp_path / "payload", "rb") as reader:
        payloads: list[bytes | io.BufferedReader | io.BytesIO | io.StringIO] = [
            encoded,
            io.BytesIO(encoded),
            io.StringIO(text),
            reader,
        ]
        for number, payload in enumerate(payloads):
            where = provider.put_raw_data(
                payload, upload_prefix="p", file_name=f"f/{number:05}", read_chunk_size_bytes=7
            )
            assert where == f"{store.raw_output_prefix}p/f/{number:05}"
            assert store.cat(where) == encoded
    # An overwrite replaces the whole object (no stale tail from the longer value).
    again = provider.put_raw_data(b"xy", upload_prefix="p", file_name="f/00000")
    assert again == f"{store.raw_output_prefix}p/f/00000"
    assert store.cat(again) == b"xy"
    unnamed = provider.put_raw_data(b"anywhere")
    assert re.fullmatch(re.escape(store.raw_output_prefix) + f"{_HEX32}/{_HEX32}", unnamed)
    assert store.cat(unnamed) == b"anywhere"
    out = tmp_path / "out.bin"
    provider.get_data(unnamed, str(out))
    assert out.read_bytes() == b"anywhere"


def test_put_raw_data_uploads_files_and_directories(tmp_path: Path, store: Store) -> None:
    provider = store.provider(tmp_path)
    source = tmp_path / "in.txt"
    source.write_text("file")
    tree = _tree(tmp_path)
    assert provider.put_raw_data(source, upload_prefix="p") == f"{store.raw_output_prefix}p/in.txt"
    assert store.cat(f"{store.raw_output_prefix}p/in.txt") == b"file"
    where = provider.put_raw_data(str(tree), upload_prefix="q")
    assert where == f"{store.raw_output_prefix}q/tree/"
    assert store.find(where) == [f"{_stored(where)}{name}" for name in _TREE]
    assert store.cat(f"{where}sub/c.txt") == b"sub/c.txt"


def test_execution_metadata_reaches_every_object(tmp_path: Path, store: Store) -> None:
    metadata = {store.key("flyte-execution-name"): "n1", store.key("flyte-execution-project"): "p"}
    provider = store.provider(tmp_path, metadata=metadata)
    source = tmp_path / "in.txt"
    source.write_text("x")
    remote = provider.put_data(source, provider.get_random_remote_path("in.txt"))
    info = store.client().info(remote)
    assert (info["type"], info["size"]) == ("file", 1)
    assert store.user_metadata(remote) == metadata
    # The caller's own metadata is kept, the execution's merged over it.
    given = provider.upload(
        str(source),
        provider.get_random_remote_path(),
        metadata={"own": "1", store.key("flyte-execution-name"): "mine"},
    )
    assert store.user_metadata(given) == {"own": "1", **metadata}
    directory = provider.get_random_remote_directory()
    provider.upload_directory(str(_tree(tmp_path)), directory)
    raw = provider.put_raw_data(b"raw", upload_prefix="r", file_name="raw.bin")
    stream = provider.put_raw_data(io.BytesIO(b"stream"), upload_prefix="r", file_name="s.bin")
    blobs = [*store.find(directory), raw, stream]
    assert len(blobs) == len(_TREE) + 2
    for blob in blobs:
        assert store.user_metadata(blob) == metadata, blob


def test_without_execution_metadata_nothing_is_attached(tmp_path: Path, store: Store) -> None:
    provider = store.provider(tmp_path)
    source = tmp_path / "in.txt"
    source.write_text("x")
    remote = provider.put_data(source, provider.get_random_remote_path("in.txt"))
    raw = provider.put_raw_data(b"raw", upload_prefix="r")
    assert store.user_metadata(remote) == {}
    assert store.user_metadata(raw) == {}


def test_a_missing_object_is_data_not_found(tmp_path: Path, store: Store) -> None:
    provider = store.provider(tmp_path)
    missing = f"{store.raw_output_prefix}nothing-here"
    with pytest.raises(DataNotFoundError, match=r"nothing-here\. File not found"):
        provider.get_data(missing, str(tmp_path / "out"))
    with pytest.raises(DataNotFoundError, match=r"nothing-here/?\. File not found"):
        provider.download_directory(missing, str(tmp_path / "outdir"))
    no_bucket = f"{store.protocol}://no-such-bucket-{uuid.uuid4().hex[:12]}/raw/x"
    with pytest.raises(DataNotFoundError, match=r"/raw/x\. File not found"):
        provider.get_data(no_bucket, str(tmp_path / "out"))
    assert not (tmp_path / "out").exists()
    assert not (tmp_path / "outdir").exists()
    assert not provider.exists(missing)
    assert not provider.exists(no_bucket)


def test_the_async_twins_round_trip(tmp_path: Path, store: Store) -> None:
    metadata = {store.key("flyte-execution-name"): "a1"}
    provider = store.provider(tmp_path, metadata=metadata)
    source = tmp_path / "a.txt"
    source.write_text("async")
    tree = _tree(tmp_path)
    directory = provider.get_random_remote_directory()

    async def main() -> tuple[str, str, str]:
        remote = await provider.async_put_data(source, provider.get_random_remote_path("a.txt"))
        await provider.async_get_data(remote, str(tmp_path / "b.txt"))
        raw = await provider.async_put_raw_data(
            io.BytesIO(b"raw"), upload_prefix="q", file_name="raw.bin"
        )
        put = await provider.async_put(str(tree), directory, recursive=True)
        await provider.async_get(directory, str(tmp_path / "copy"), recursive=True)
        with pytest.raises(DataNotFoundError, match=r"-missing\. File not found"):
            await provider.async_get_data(remote + "-missing", str(tmp_path / "missing"))
        return remote, raw, put

    remote, raw, put = asyncio.run(main())
    assert (tmp_path / "b.txt").read_text() == "async"
    assert store.cat(remote) == b"async"
    assert raw == f"{store.raw_output_prefix}q/raw.bin"
    assert store.cat(raw) == b"raw"
    assert put == f"{directory}/"
    assert store.find(directory) == [f"{_stored(directory)}/{name}" for name in _TREE]
    assert (tmp_path / "copy" / "sub" / "c.txt").read_text() == "sub/c.txt"
    assert not (tmp_path / "missing").exists()
    for blob in (remote, raw, f"{directory}/sub/c.txt"):
        assert store.user_metadata(blob) == metadata, blob
