"""FileAccessProvider against a real Azure Blob server on 127.0.0.1 (Azurite's).

Azurite comes from npm: ``make test`` installs it into ``.cache/azurite``. The provider reaches it
the way a deployment reaches a custom endpoint: ``AZURE_STORAGE_CONNECTION_STRING``, which adlfs
reads (``AzureBlobStorageConfig`` has no endpoint setting, and adlfs's ``account_host`` is
https-only).
"""

from __future__ import annotations

import asyncio
import io
import os
import signal
import socket
import subprocess
import time
import uuid
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import cast

import pytest
from adlfs import AzureBlobFileSystem

from ctxcore.core.config import DataConfig
from ctxcore.core.errors import DataNotFoundError
from ctxcore.shell.file_access import FileAccessProvider

pytestmark = pytest.mark.slow

AZURITE = Path(__file__).resolve().parents[2] / ".cache/azurite/node_modules/.bin/azurite-blob"
ACCOUNT = "devstoreaccount1"
# Azurite's published development key (not a secret).
KEY = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw=="
AZURITE_FLAGS = (
    "--inMemoryPersistence",
    "--skipApiVersionCheck",
    "--loose",
    "--silent",
    "--disableTelemetry",  # otherwise it tries to reach an outside server
)
STARTUP_SECONDS = 30.0


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def _stop(process: subprocess.Popen[bytes]) -> None:
    """End Azurite and anything it started (it leads its own process group)."""
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=10)


@pytest.fixture(scope="module")
def azurite(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A real Azurite blob server on 127.0.0.1 for this module; its connection string."""
    if not AZURITE.exists():
        pytest.fail(
            f"Azurite is not installed ({AZURITE} is missing): run `make test`, which "
            "installs it from npm into .cache/azurite"
        )
    port = _free_port()
    log = tmp_path_factory.mktemp("azurite") / "azurite.log"
    with log.open("wb") as out:
        process = subprocess.Popen(
            [str(AZURITE), "--blobHost", "127.0.0.1", "--blobPort", str(port), *AZURITE_FLAGS],
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        deadline = time.monotonic() + STARTUP_SECONDS
        while True:
            if process.poll() is not None:
                pytest.fail(
                    f"Azurite exited with status {process.returncode} before accepting "
                    f"connections on 127.0.0.1:{port}; its output:\n{log.read_text()}"
                )
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                if time.monotonic() > deadline:
                    pytest.fail(
                        f"Azurite did not accept connections on 127.0.0.1:{port} within "
                        f"{STARTUP_SECONDS:.0f} s; its output:\n{log.read_text()}"
                    )
                time.sleep(0.05)
        # The providers' file systems are cached by their options, which do not include the
        # connection string: none may outlive (or predate) this server.
        AzureBlobFileSystem.clear_instance_cache()
        yield (
            f"DefaultEndpointsProtocol=http;AccountName={ACCOUNT};AccountKey={KEY};"
            f"BlobEndpoint=http://127.0.0.1:{port}/{ACCOUNT};"
        )
    finally:
        AzureBlobFileSystem.clear_instance_cache()
        _stop(process)


@pytest.fixture
def container(azurite: str, monkeypatch: pytest.MonkeyPatch) -> str:
    """A new, empty container on Azurite, with the process environment pointing adlfs at it."""
    monkeypatch.setenv("AZURE_STORAGE_CONNECTION_STRING", azurite)
    name = f"container-{uuid.uuid4().hex[:12]}"
    _abfs(azurite).mkdir(name)
    return name


def _provider(
    tmp_path: Path, container: str, protocol: str = "abfs", **metadata: str
) -> FileAccessProvider:
    return FileAccessProvider(
        str(tmp_path / "sandbox"),
        f"{protocol}://{container}/raw",
        data_config=DataConfig(),
        execution_metadata=metadata or None,
        env={},
    )


def _abfs(connection_string: str) -> AzureBlobFileSystem:
    return AzureBlobFileSystem(connection_string=connection_string, skip_instance_cache=True)


def _blob_metadata(fs: AzureBlobFileSystem, path: str) -> Mapping[str, object]:
    metadata = fs.info(path)["metadata"]
    assert isinstance(metadata, dict), f"{path} has no metadata"
    return cast("dict[str, object]", metadata)


@pytest.mark.parametrize("protocol", ["abfs", "abfss"])
def test_a_file_round_trips(tmp_path: Path, azurite: str, container: str, protocol: str) -> None:
    provider = _provider(tmp_path, container, protocol)
    source = tmp_path / "in.bin"
    source.write_bytes(os.urandom(100_000))
    remote = provider.get_random_remote_path("in.bin")
    assert remote.startswith(f"{protocol}://{container}/raw/")
    assert not provider.exists(remote)
    assert provider.put_data(source, remote) == remote
    assert provider.exists(remote)
    assert _abfs(azurite).cat_file(remote) == source.read_bytes()
    out = tmp_path / "out.bin"
    provider.get_data(remote, str(out))
    assert out.read_bytes() == source.read_bytes()


def test_a_directory_round_trips(tmp_path: Path, azurite: str, container: str) -> None:
    provider = _provider(tmp_path, container)
    tree = tmp_path / "tree"
    (tree / "sub").mkdir(parents=True)
    for name in ("a.txt", "sub/b.txt", "sub/c.txt"):
        (tree / name).write_text(name)
    remote = provider.get_random_remote_directory()
    provider.upload_directory(str(tree), remote)
    listed = sorted(_abfs(azurite).find(remote))
    assert [p.rsplit("/", 2)[-2:] for p in listed] == [
        [remote.rsplit("/", 1)[-1], "a.txt"],
        ["sub", "b.txt"],
        ["sub", "c.txt"],
    ]
    assert provider.exists(remote)
    out = tmp_path / "copy"
    provider.download_directory(remote, str(out))
    assert sorted(str(p.relative_to(out)) for p in out.rglob("*.txt")) == [
        "a.txt",
        "sub/b.txt",
        "sub/c.txt",
    ]
    assert (out / "sub" / "c.txt").read_text() == "sub/c.txt"


def test_bytes_and_streams_round_trip(tmp_path: Path, azurite: str, container: str) -> None:
    provider = _provider(tmp_path, container)
    fs = _abfs(azurite)
    for payload in (b"bytes", io.BytesIO(b"bytes"), io.StringIO("bytes")):
        where = provider.put_raw_data(payload, upload_prefix="p", file_name="f/00000")
        assert where == f"abfs://{container}/raw/p/f/00000"
        assert fs.cat_file(where) == b"bytes"
        fs.invalidate_cache()
    # An overwrite replaces the whole blob (no stale tail from the longer value).
    provider.put_raw_data(b"xy", upload_prefix="p", file_name="f/00000")
    assert fs.cat_file(f"abfs://{container}/raw/p/f/00000") == b"xy"


def test_the_async_twins_round_trip(tmp_path: Path, azurite: str, container: str) -> None:
    provider = _provider(tmp_path, container)
    source = tmp_path / "in.txt"
    source.write_text("async")
    out = tmp_path / "out.txt"

    async def main() -> tuple[str, str]:
        remote = await provider.async_put_data(source, provider.get_random_remote_path("in.txt"))
        await provider.async_get_data(remote, str(out))
        raw = await provider.async_put_raw_data(b"raw", upload_prefix="q", file_name="r")
        return remote, raw

    remote, raw = asyncio.run(main())
    assert out.read_text() == "async"
    assert _abfs(azurite).cat_file(remote) == b"async"
    assert raw == f"abfs://{container}/raw/q/r"
    assert _abfs(azurite).cat_file(raw) == b"raw"


def test_execution_metadata_is_attached_to_uploads(
    tmp_path: Path, azurite: str, container: str
) -> None:
    # Azure metadata names must be C# identifiers: no hyphens.
    provider = _provider(tmp_path, container, flyte_execution_name="n1")
    source = tmp_path / "in.txt"
    source.write_text("x")
    remote = provider.put_data(source, provider.get_random_remote_path("in.txt"))
    info = _abfs(azurite).info(remote)
    assert info["type"] == "file"
    assert info["size"] == 1
    assert _blob_metadata(_abfs(azurite), remote).get("flyte_execution_name") == "n1"


def test_execution_metadata_reaches_every_blob_of_a_directory_and_raw_data(
    tmp_path: Path, azurite: str, container: str
) -> None:
    provider = _provider(tmp_path, container, flyte_execution_name="n2")
    tree = tmp_path / "tree"
    (tree / "sub").mkdir(parents=True)
    (tree / "a.txt").write_text("a")
    (tree / "sub" / "b.txt").write_text("b")
    remote = provider.get_random_remote_directory()
    provider.upload_directory(str(tree), remote)
    raw = provider.put_raw_data(b"raw", upload_prefix="p", file_name="r")
    fs = _abfs(azurite)
    blobs = [*sorted(fs.find(remote)), raw]
    assert len(blobs) == 3
    for blob in blobs:
        assert _blob_metadata(fs, blob).get("flyte_execution_name") == "n2", blob


def test_metadata_given_to_one_upload_reaches_the_blob(
    tmp_path: Path, azurite: str, container: str
) -> None:
    # No execution metadata here: the caller's own, which adlfs's put cannot take either.
    provider = _provider(tmp_path, container)
    tree = tmp_path / "tree"
    tree.mkdir()
    source = tree / "in.txt"
    source.write_text("x")
    remote = provider.get_random_remote_path("in.txt")
    provider.put_data(source, remote, metadata={"owner": "me"})
    assert _blob_metadata(_abfs(azurite), remote).get("owner") == "me"
    remote_dir = provider.get_random_remote_directory()
    provider.put_data(str(tree), remote_dir, is_multipart=True, metadata={"owner": "us"})
    (blob,) = _abfs(azurite).find(remote_dir)
    assert blob.endswith("/in.txt")
    assert _blob_metadata(_abfs(azurite), blob).get("owner") == "us"


def test_a_missing_object_is_data_not_found(tmp_path: Path, container: str) -> None:
    provider = _provider(tmp_path, container)
    missing = f"abfs://{container}/raw/nothing-here"
    with pytest.raises(DataNotFoundError, match=r"nothing-here\. File not found"):
        provider.get_data(missing, str(tmp_path / "out"))
    with pytest.raises(DataNotFoundError):
        provider.download_directory(missing, str(tmp_path / "outdir"))
    assert not (tmp_path / "out").exists()
    assert not provider.exists(missing)
