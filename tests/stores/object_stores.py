"""Real object-store servers on 127.0.0.1 for the tests, and ``Store``: one of them as the cases
that every store shares see it (``tests/stores/conftest.py`` imports the fixtures).

Each server starts once per session, when a test first asks for it, and stops at its end:

* **S3:** moto's server. The raw-output prefix reaches it through ``S3Config``.
* **GCS:** gcp-storage-emulator, storage in memory. ``gcs_store`` points ``gs`` at it for one test
  and restores everything after it: gcsfs sends its requests to ``STORAGE_EMULATOR_HOST`` (read
  on every request); ``token="anon"`` becomes fsspec's default option for ``gs`` (what
  ``FSSPEC_GS_TOKEN=anon`` does), without which gcsfs tries Google's default credentials first (a
  developer's gcloud login, or a probe of the GCE metadata server at 169.254.169.254); and ``gs``
  is served by gcsfs's core ``GCSFileSystem``. gcsfs 2026.7 registers ``ExtendedGcsFileSystem``
  unless ``GCSFS_EXPERIMENTAL_ZB_HNS_SUPPORT=false`` when it is imported, and that class asks a
  gRPC storage-control API for the bucket type before every transfer. The emulator speaks HTTP
  only, so each lookup fails after 60 s of retries, is not cached, and falls back to the core
  class (leaving a gRPC poller thread behind).
* **Azure Blob:** Azurite, from npm: ``make test`` installs it into ``.cache/azurite``. The
  provider reaches it the way a deployment reaches a custom endpoint:
  ``AZURE_STORAGE_CONNECTION_STRING``, which adlfs reads (``AzureBlobStorageConfig`` has no
  endpoint setting, and adlfs's ``account_host`` is https-only).

The storage libraries are imported when a server is first asked for, not with this module.
"""

from __future__ import annotations

import http.server
import importlib
import os
import signal
import socket
import socketserver
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from types import SimpleNamespace
from typing import TYPE_CHECKING, Protocol, cast

import attrs
import pytest

from ctxcore.core.config.records import DataConfig, S3Config
from ctxcore.shell.file_access import FileAccessProvider

if TYPE_CHECKING:
    from adlfs import AzureBlobFileSystem
    from fsspec.spec import AbstractFileSystem
    from gcsfs.core import GCSFileSystem
    from s3fs import S3FileSystem


@attrs.frozen
class Store:
    """One object store on its local server, with a new, empty bucket (a container on Azure)."""

    protocol: str
    """The scheme of the raw-output prefix: ``s3``, ``gs``, ``abfs`` or ``abfss``."""
    bucket: str
    raw_output_fs_protocol: tuple[str, ...]
    """What the provider's ``raw_output_fs.protocol`` is."""
    data_config: DataConfig
    fs: AbstractFileSystem
    """The store's own client of the server: nothing shared with the providers'."""
    read_metadata: Callable[[str], Mapping[str, str]]
    """The metadata stored with an object, as ``fs`` reports it; ``{}`` for none."""
    key_separator: str = "-"
    """Azure metadata names must be C# identifiers: no hyphens."""

    @property
    def raw_output_prefix(self) -> str:
        return f"{self.protocol}://{self.bucket}/raw/"

    def provider(
        self,
        tmp_path: Path,
        metadata: Mapping[str, str] | None = None,
        env: Mapping[str, str] | None = None,
    ) -> FileAccessProvider:
        """A provider with its sandbox in ``tmp_path`` and its raw output in the bucket."""
        return FileAccessProvider(
            str(tmp_path / "sandbox"),
            self.raw_output_prefix.removesuffix("/"),
            data_config=self.data_config,
            execution_metadata=metadata,
            env=env or {},
        )

    def key(self, name: str) -> str:
        """``name`` (hyphenated) as a metadata name the store takes."""
        return name.replace("-", self.key_separator)

    def client(self) -> AbstractFileSystem:
        """``fs``, without the listings it cached before."""
        self.fs.invalidate_cache()
        return self.fs

    def cat(self, path: str) -> bytes:
        """An object's bytes, as the server holds them."""
        return self.client().cat_file(path)

    def find(self, path: str) -> list[str]:
        """The objects below ``path`` (without the protocol), sorted."""
        return sorted(self.client().find(path))

    def user_metadata(self, path: str) -> Mapping[str, str]:
        """The metadata stored with an object; ``{}`` for none."""
        self.fs.invalidate_cache()
        return self.read_metadata(path)


# -- S3: moto's server ---------------------------------------------------------------------------


@pytest.fixture(scope="session")
def s3_endpoint() -> Iterator[str]:
    """A real S3-compatible server (moto's) on 127.0.0.1 for the whole session."""
    from moto.server import ThreadedMotoServer

    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    try:
        yield f"http://{host}:{port}"
    finally:
        server.stop()


def _s3(endpoint: str) -> S3FileSystem:
    import s3fs

    return s3fs.S3FileSystem(
        key="testing",
        secret="testing",
        client_kwargs={"endpoint_url": endpoint},
        skip_instance_cache=True,
    )


@pytest.fixture
def s3_bucket(s3_endpoint: str) -> str:
    """A new, empty bucket on the test server; its name."""
    name = f"bucket-{uuid.uuid4().hex[:12]}"
    _s3(s3_endpoint).mkdir(name)
    return name


@pytest.fixture
def s3_store(s3_endpoint: str, s3_bucket: str) -> Store:
    """``s3://<new bucket>/raw`` on moto's server."""
    client = _s3(s3_endpoint)
    return Store(
        protocol="s3",
        bucket=s3_bucket,
        raw_output_fs_protocol=("s3", "s3a"),
        data_config=DataConfig(
            s3=S3Config(endpoint=s3_endpoint, access_key_id="testing", secret_access_key="testing")
        ),
        fs=client,
        read_metadata=client.metadata,
    )


# -- GCS: gcp-storage-emulator -------------------------------------------------------------------


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


@pytest.fixture(scope="session")
def gcs_endpoint() -> Iterator[str]:
    """A GCS emulator on 127.0.0.1, on a port the system chose, storage in memory, for the whole
    session; its URL."""
    from gcp_storage_emulator.server import create_server

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


@pytest.fixture
def gcs_emulator(gcs_endpoint: str) -> Iterator[None]:
    """``gs`` goes to the emulator, anonymously, through the core gcsfs class (see above), for
    one test."""
    import gcsfs
    from gcsfs.core import GCSFileSystem

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
    from gcsfs.core import GCSFileSystem

    return GCSFileSystem(token="anon", skip_instance_cache=True)


def _gcs_metadata(fs: GCSFileSystem, path: str) -> Mapping[str, str]:
    return cast("dict[str, str] | None", fs.info(path).get("metadata")) or {}


@pytest.fixture
def gs_store(gcs_emulator: None) -> Store:
    """``gs://<new bucket>/raw`` on the GCS emulator."""
    client = _gs()
    name = f"bucket-{uuid.uuid4().hex[:12]}"
    client.mkdir(name)
    return Store(
        protocol="gs",
        bucket=name,
        raw_output_fs_protocol=("gs", "gcs"),
        data_config=DataConfig(),
        fs=client,
        read_metadata=lambda path: _gcs_metadata(client, path),
    )


# -- Azure Blob: Azurite -------------------------------------------------------------------------

AZURITE = Path(__file__).resolve().parents[2] / ".cache/azurite/node_modules/.bin/azurite-blob"
AZURITE_ACCOUNT = "devstoreaccount1"
# Azurite's published development key (not a secret).
AZURITE_KEY = (
    "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw=="
)
AZURITE_FLAGS = (
    "--inMemoryPersistence",
    "--skipApiVersionCheck",
    "--loose",
    "--silent",
    "--disableTelemetry",  # otherwise it tries to reach an outside server
)
AZURITE_STARTUP_SECONDS = 30.0


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


@pytest.fixture(scope="session")
def azurite(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A real Azurite blob server on 127.0.0.1 for the whole session; its connection string."""
    from adlfs import AzureBlobFileSystem

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
        deadline = time.monotonic() + AZURITE_STARTUP_SECONDS
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
                        f"{AZURITE_STARTUP_SECONDS:.0f} s; its output:\n{log.read_text()}"
                    )
                time.sleep(0.05)
        # The providers' file systems are cached by their options, which do not include the
        # connection string: none may outlive (or predate) this server.
        AzureBlobFileSystem.clear_instance_cache()
        yield (
            f"DefaultEndpointsProtocol=http;AccountName={AZURITE_ACCOUNT};"
            f"AccountKey={AZURITE_KEY};BlobEndpoint=http://127.0.0.1:{port}/{AZURITE_ACCOUNT};"
        )
    finally:
        AzureBlobFileSystem.clear_instance_cache()
        _stop(process)


def _abfs(connection_string: str) -> AzureBlobFileSystem:
    from adlfs import AzureBlobFileSystem

    return AzureBlobFileSystem(connection_string=connection_string, skip_instance_cache=True)


def _adlfs_metadata(fs: AzureBlobFileSystem, path: str) -> Mapping[str, str]:
    """A blob's metadata without adlfs's own marker, which every blob written through adlfs
    carries as ``"false"``."""
    metadata = dict(cast("dict[str, str] | None", fs.info(path)["metadata"]) or {})
    assert metadata.pop("is_directory", None) == "false", f"{path}: no is_directory marker"
    return metadata


def _azure_store(protocol: str, azurite: str, monkeypatch: pytest.MonkeyPatch) -> Store:
    monkeypatch.setenv("AZURE_STORAGE_CONNECTION_STRING", azurite)
    client = _abfs(azurite)
    name = f"container-{uuid.uuid4().hex[:12]}"
    client.mkdir(name)
    return Store(
        protocol=protocol,
        bucket=name,
        raw_output_fs_protocol=("abfs", "az", "abfss"),
        data_config=DataConfig(),
        fs=client,
        read_metadata=lambda path: _adlfs_metadata(client, path),
        key_separator="_",
    )


@pytest.fixture
def abfs_store(azurite: str, monkeypatch: pytest.MonkeyPatch) -> Store:
    """``abfs://<new container>/raw`` on Azurite, with the process environment pointing adlfs
    at it."""
    return _azure_store("abfs", azurite, monkeypatch)


@pytest.fixture
def abfss_store(azurite: str, monkeypatch: pytest.MonkeyPatch) -> Store:
    """``abfs_store`` through the ``abfss`` protocol."""
    return _azure_store("abfss", azurite, monkeypatch)
