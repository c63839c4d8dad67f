"""FileAccessProvider against a real GCS server on 127.0.0.1 (gcp-storage-emulator, in memory).

gcsfs sends its requests to ``STORAGE_EMULATOR_HOST`` when that is set (read on every request).
For this module only, and restored after it, two process-wide fsspec settings change as well:

* ``token="anon"`` becomes fsspec's default option for ``gs`` (what ``FSSPEC_GS_TOKEN=anon``
  does). Without it gcsfs tries Google's default credentials first: a developer's gcloud login,
  or a probe of the GCE metadata server at 169.254.169.254. The emulator ignores credentials.
* ``gs`` is served by gcsfs's core ``GCSFileSystem``. gcsfs 2026.7 registers
  ``ExtendedGcsFileSystem`` unless ``GCSFS_EXPERIMENTAL_ZB_HNS_SUPPORT=false`` when it is
  imported, and that class asks a gRPC storage-control API for the bucket type before every
  transfer. The emulator speaks HTTP only, so each lookup fails after 60 s of retries, is not
  cached, and falls back to the core class (leaving a gRPC poller thread behind).
"""

from __future__ import annotations

import asyncio
import http.server
import importlib
import io
import logging
import os
import re
import socket
import socketserver
import sys
import threading
import uuid
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from types import SimpleNamespace
from typing import Protocol, cast

import gcsfs
import pytest
from fsspec.spec import AbstractFileSystem
from gcp_storage_emulator.server import create_server
from gcsfs.core import GCSFileSystem

from ctxcore.core.config import DataConfig
from ctxcore.core.errors import DataNotFoundError
from ctxcore.shell.file_access import FileAccessProvider

pytestmark = pytest.mark.slow

_HEX32 = "[0-9a-f]{32}"
_SIMPLE_UPLOAD_LIMIT = 5 * 2**20
"""gcsfs sends smaller files in one request and larger ones as a chunked resumable upload."""

_large_chunks = pytest.mark.filterwarnings(
    "ignore:Sending a large body directly with raw bytes:ResourceWarning"
)
"""gcsfs posts each resumable-upload chunk as ``bytes``, and aiohttp warns about bodies over
1 MiB (the default chunk is 25 MiB); this suite turns warnings into errors."""


class _FsspecConfig(Protocol):
    conf: dict[str, dict[str, object]]


class _FsspecRegistry(Protocol):
    registry: Mapping[str, type[AbstractFileSystem]]

    def register_implementation(
        self, name: str, cls: type[AbstractFileSystem], clobber: bool = ...
    ) -> None: ...


class _QuietHTTPServer(http.server.HTTPServer):
    """The emulator's HTTP server, without a traceback on stderr for a dropped connection.

    gcsfs's ``info``/``exists`` race an object lookup against a listing and drop the loser's
    connection; the emulator serves one request at a time, and answering the dropped one
    fails with ``BrokenPipeError``, which ``socketserver`` prints (often between two tests,
    where pytest captures nothing).
    """

    def handle_error(
        self, request: socket.socket | tuple[bytes, socket.socket], client_address: object
    ) -> None:
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


@pytest.fixture(scope="module")
def gcs_endpoint() -> Iterator[str]:
    """A GCS emulator on 127.0.0.1, on a port the system chose, storage in memory, for this
    module; its URL."""
    bound: list[_QuietHTTPServer] = []

    def http_server(
        address: tuple[str, int], handler: Callable[..., socketserver.BaseRequestHandler]
    ) -> _QuietHTTPServer:
        bound.append(_QuietHTTPServer(address, handler))
        return bound[-1]

    before = set(threading.enumerate())
    server = create_server("127.0.0.1", 0, in_memory=True)
    with pytest.MonkeyPatch.context() as patch:
        # The emulator's thread creates its server through ``http.server`` when it starts.
        emulator = importlib.import_module("gcp_storage_emulator.server")
        patch.setattr(emulator, "server", SimpleNamespace(HTTPServer=http_server))
        server.start()
    started = [thread for thread in threading.enumerate() if thread not in before]
    try:
        yield f"http://127.0.0.1:{bound[0].server_port}"
    finally:
        server.stop()
        # The emulator's thread overrides join() to shut the server down without waiting.
        for thread in started:
            threading.Thread.join(thread, timeout=10)
        assert not [thread for thread in started if thread.is_alive()]


@pytest.fixture(scope="module", autouse=True)
def gcs_emulator_settings(gcs_endpoint: str) -> Iterator[None]:
    """``gs`` goes to the emulator, anonymously, through the core gcsfs class (see above)."""
    config = cast("_FsspecConfig", importlib.import_module("fsspec.config"))
    registry = cast("_FsspecRegistry", importlib.import_module("fsspec.registry"))
    previous = registry.registry.get("gs", gcsfs.GCSFileSystem)
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("STORAGE_EMULATOR_HOST", gcs_endpoint)
        patch.setitem(config.conf, "gs", {**config.conf.get("gs", {}), "token": "anon"})
        registry.register_implementation("gs", GCSFileSystem, clobber=True)
        try:
            yield
        finally:
            registry.register_implementation("gs", previous, clobber=True)
            GCSFileSystem.clear_instance_cache()


def _gs() -> GCSFileSystem:
    """A fresh gcsfs client (no listings cached, nothing shared with the provider's)."""
    return GCSFileSystem(token="anon", skip_instance_cache=True)


@pytest.fixture
def gcs_bucket() -> str:
    """A new, empty bucket on the emulator; its name."""
    name = f"bucket-{uuid.uuid4().hex[:12]}"
    _gs().mkdir(name)
    return name


def _provider(
    tmp_path: Path,
    bucket: str,
    *,
    metadata: Mapping[str, str] | None = None,
    env: Mapping[str, str] | None = None,
) -> FileAccessProvider:
    return FileAccessProvider(
        str(tmp_path / "sandbox"),
        f"gs://{bucket}/raw",
        data_config=DataConfig(),
        execution_metadata=metadata,
        env=env or {},
    )


def _stored_metadata(remote: str) -> object:
    return _gs().info(remote).get("metadata")


def test_the_raw_output_prefix_and_random_remote_paths_are_gs(
    tmp_path: Path, gcs_bucket: str
) -> None:
    provider = _provider(tmp_path, gcs_bucket)
    prefix = f"gs://{gcs_bucket}/raw/"
    assert provider.raw_output_prefix == prefix
    assert provider.raw_output_fs.protocol == ("gs", "gcs")
    file_path = provider.get_random_remote_path("some/dir/in.bin")
    directory = provider.get_random_remote_directory()
    assert re.fullmatch(re.escape(prefix) + _HEX32 + "/in.bin", file_path)
    assert re.fullmatch(re.escape(prefix) + _HEX32, directory)
    assert len({file_path.rsplit("/", 2)[1], directory.rsplit("/", 1)[1]}) == 2
    assert not provider.exists(file_path)
    assert not provider.exists(directory)
    assert _gs().find(gcs_bucket) == []


def test_a_file_round_trips(tmp_path: Path, gcs_bucket: str) -> None:
    provider = _provider(tmp_path, gcs_bucket)
    source = tmp_path / "in.bin"
    source.write_bytes(os.urandom(100_000))
    remote = provider.get_random_remote_path("in.bin")
    assert not provider.exists(remote)
    assert provider.put_data(source, remote) == remote
    assert provider.exists(remote)
    assert _gs().cat_file(remote) == source.read_bytes()
    out = tmp_path / "out" / "out.bin"
    provider.get_data(remote, str(out))
    assert out.read_bytes() == source.read_bytes()
    provider.download(remote, str(tmp_path / "again.bin"))
    assert (tmp_path / "again.bin").read_bytes() == source.read_bytes()


def test_a_directory_round_trips(tmp_path: Path, gcs_bucket: str) -> None:
    provider = _provider(tmp_path, gcs_bucket)
    tree = tmp_path / "tree"
    (tree / "sub").mkdir(parents=True)
    for name in ("a.txt", "sub/b.txt", "sub/c.txt"):
        (tree / name).write_text(name)
    remote = provider.get_random_remote_directory()
    assert provider.upload_directory(str(tree), remote) == remote
    stored = remote.removeprefix("gs://")
    assert sorted(_gs().find(remote)) == [
        f"{stored}/a.txt",
        f"{stored}/sub/b.txt",
        f"{stored}/sub/c.txt",
    ]
    out = tmp_path / "copy"
    provider.download_directory(remote, str(out))
    assert sorted(str(p.relative_to(out)) for p in out.rglob("*") if p.is_file()) == [
        "a.txt",
        "sub/b.txt",
        "sub/c.txt",
    ]
    assert (out / "sub" / "c.txt").read_text() == "sub/c.txt"
    again = tmp_path / "again"
    provider.get_data(remote + "/sub", str(again), is_multipart=True)
    assert sorted(p.name for p in again.iterdir()) == ["b.txt", "c.txt"]


def test_bytes_and_streams_round_trip(tmp_path: Path, gcs_bucket: str) -> None:
    provider = _provider(tmp_path, gcs_bucket)
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
            assert where == f"gs://{gcs_bucket}/raw/p/f/{number:05}"
            assert _gs().cat_file(where) == encoded
    unnamed = provider.put_raw_data(b"anywhere")
    assert re.fullmatch(f"gs://{gcs_bucket}/raw/{_HEX32}/{_HEX32}", unnamed)
    assert _gs().cat_file(unnamed) == b"anywhere"
    out = tmp_path / "out.bin"
    provider.get_data(unnamed, str(out))
    assert out.read_bytes() == b"anywhere"


def test_put_raw_data_uploads_files_and_directories(tmp_path: Path, gcs_bucket: str) -> None:
    provider = _provider(tmp_path, gcs_bucket)
    source = tmp_path / "in.txt"
    source.write_text("file")
    tree = tmp_path / "tree"
    (tree / "sub").mkdir(parents=True)
    (tree / "sub" / "x.txt").write_text("x")
    assert provider.put_raw_data(source, upload_prefix="p") == f"gs://{gcs_bucket}/raw/p/in.txt"
    assert _gs().cat_file(f"gs://{gcs_bucket}/raw/p/in.txt") == b"file"
    where = provider.put_raw_data(str(tree), upload_prefix="q")
    assert where == f"gs://{gcs_bucket}/raw/q/tree/"
    assert _gs().find(where) == [f"{gcs_bucket}/raw/q/tree/sub/x.txt"]


@_large_chunks
@pytest.mark.parametrize("size", [1, _SIMPLE_UPLOAD_LIMIT + 1], ids=["simple", "resumable"])
def test_execution_metadata_reaches_the_stored_object(
    tmp_path: Path, gcs_bucket: str, size: int
) -> None:
    metadata = {"flyte-execution-name": "n1", "flyte-execution-project": "p"}
    provider = _provider(tmp_path, gcs_bucket, metadata=metadata)
    source = tmp_path / "in.bin"
    source.write_bytes(b"m" * size)
    remote = provider.put_data(source, provider.get_random_remote_path("in.bin"))
    info = _gs().info(remote)
    assert info["size"] == size
    assert info["metadata"] == metadata
    given = provider.upload(str(source), provider.get_random_remote_path(), metadata={"own": "1"})
    assert _stored_metadata(given) == {"own": "1", **metadata}
    raw = provider.put_raw_data(b"raw", upload_prefix="r")
    assert _stored_metadata(raw) == metadata


def test_without_execution_metadata_nothing_is_attached(tmp_path: Path, gcs_bucket: str) -> None:
    provider = _provider(tmp_path, gcs_bucket)
    source = tmp_path / "in.txt"
    source.write_text("x")
    remote = provider.put_data(source, provider.get_random_remote_path("in.txt"))
    assert _stored_metadata(remote) in (None, {})


def _chunk_requests(records: list[logging.LogRecord]) -> int:
    return sum(
        1
        for record in records
        if "upload_id=" in record.getMessage() and '"POST ' in record.getMessage()
    )


@_large_chunks
@pytest.mark.parametrize(
    ("env", "chunks"),
    [({}, 1), ({"_F_P_WRITE_CHUNK_SIZE": str(2**20)}, 6)],
    ids=["default-25MiB", "1MiB"],
)
def test_large_uploads_go_in_chunks_of_the_configured_size(
    tmp_path: Path,
    gcs_bucket: str,
    caplog: pytest.LogCaptureFixture,
    env: dict[str, str],
    chunks: int,
) -> None:
    provider = _provider(tmp_path, gcs_bucket, env=env)
    source = tmp_path / "big.bin"
    source.write_bytes(os.urandom(6 * 2**20))
    remote = provider.get_random_remote_path("big.bin")
    with caplog.at_level(logging.INFO, logger="gcp_storage_emulator"):
        provider.put_data(source, remote)
    assert _chunk_requests(caplog.records) == chunks
    out = tmp_path / "big.out"
    provider.get_data(remote, str(out))
    assert out.read_bytes() == source.read_bytes()


def test_a_missing_object_is_data_not_found(tmp_path: Path, gcs_bucket: str) -> None:
    provider = _provider(tmp_path, gcs_bucket)
    missing = f"gs://{gcs_bucket}/raw/nothing-here"
    with pytest.raises(DataNotFoundError, match=r"nothing-here\. File not found"):
        provider.get_data(missing, str(tmp_path / "out"))
    with pytest.raises(DataNotFoundError, match=r"nothing-here/?\. File not found"):
        provider.download_directory(missing, str(tmp_path / "outdir"))
    no_bucket = f"gs://no-such-bucket-{uuid.uuid4().hex[:12]}/raw/x"
    with pytest.raises(DataNotFoundError):
        provider.get_data(no_bucket, str(tmp_path / "out"))
    assert not (tmp_path / "out").exists()
    assert not (tmp_path / "outdir").exists()
    assert not provider.exists(missing)
    assert not provider.exists(no_bucket)


def test_async_twins_round_trip(tmp_path: Path, gcs_bucket: str) -> None:
    provider = _provider(tmp_path, gcs_bucket, metadata={"flyte-execution-name": "a1"})
    source = tmp_path / "a.txt"
    source.write_text("async")
    tree = tmp_path / "tree"
    tree.mkdir()
    (tree / "t.txt").write_text("tree")

    async def main() -> tuple[str, str, str]:
        remote = await provider.async_put_data(source, provider.get_random_remote_path("a.txt"))
        await provider.async_get_data(remote, str(tmp_path / "b.txt"))
        raw = await provider.async_put_raw_data(io.BytesIO(b"raw"), file_name="raw.bin")
        directory = provider.get_random_remote_directory()
        put = await provider.async_put(str(tree), directory, recursive=True)
        await provider.async_get(directory, str(tmp_path / "copy"), recursive=True)
        with pytest.raises(DataNotFoundError):
            await provider.async_get_data(remote + "-missing", str(tmp_path / "missing"))
        return remote, raw, put

    remote, raw, put = asyncio.run(main())
    assert (tmp_path / "b.txt").read_text() == "async"
    assert _gs().cat_file(raw) == b"raw"
    assert raw.endswith("/raw.bin")
    assert put.endswith("/")
    assert (tmp_path / "copy" / "t.txt").read_text() == "tree"
    assert _stored_metadata(remote) == {"flyte-execution-name": "a1"}
    assert _stored_metadata(raw) == {"flyte-execution-name": "a1"}
