"""The edge in memory, for tests: file access, file systems, secrets and root contexts that keep
everything in the process and create nothing on disk."""

from __future__ import annotations

import io
import os
import posixpath
import threading
from collections.abc import Mapping
from pathlib import Path, PurePath, PurePosixPath

import attrs

from ctxcore.core._repr import fields_repr
from ctxcore.core.config.records import DataConfig, SecretsConfig
from ctxcore.core.context import FlyteContext
from ctxcore.core.errors import DataNotFoundError
from ctxcore.core.execution.parameters import ExecutionParameters
from ctxcore.core.execution.state import ExecutionState
from ctxcore.core.ports import Clock, Entropy, FileSystem, FileSystems, StatsClient
from ctxcore.effects.filesystems import FsspecFileSystems
from ctxcore.effects.logs import user_space_logger
from ctxcore.effects.stats import RecordingStats
from ctxcore.effects.timeline import MemoryTimeline
from ctxcore.shell.file_access import FileAccessProvider
from ctxcore.shell.root import LOCAL_EXECUTION_ID, LOCAL_TASK_ID
from ctxcore.shell.secrets import SecretsManager
from ctxcore.testing.fakes import CounterEntropy, FakeClock

__all__ = [
    "MemoryFileAccess",
    "MemoryFileSystems",
    "StaticItem",
    "fake_root",
    "memory_file_access",
    "memory_root",
    "memory_secrets",
]


class MemoryFileAccess:
    """A ``FileAccess`` whose remote side is a dict: fixed directories, "random" names drawn
    from a counter (``00...01``, ``00...02``, ...) so every run produces the same paths, and
    uploads kept in memory (``objects``). Local files are read and written as given.

    Two instances are equal when their directories are; copies continue the counter from
    where the original was.
    """

    def __init__(
        self,
        local_sandbox_dir: str | PurePath = "/sandbox/local_flytekit",
        raw_output_prefix: str = "memory://raw/",
        *,
        start: int = 0,
    ) -> None:
        self._local_sandbox_dir = PurePosixPath(local_sandbox_dir)
        self._raw_output_prefix = (
            raw_output_prefix if raw_output_prefix.endswith("/") else raw_output_prefix + "/"
        )
        self._lock = threading.Lock()
        self._count = start
        self._objects: dict[str, bytes] = {}

    @property
    def local_sandbox_dir(self) -> PurePosixPath:
        """The sandbox directory given at construction (never created)."""
        return self._local_sandbox_dir

    @property
    def raw_output_prefix(self) -> str:
        """The raw-output prefix given at construction, ending in ``/``."""
        return self._raw_output_prefix

    @property
    def count(self) -> int:
        """How many random names were handed out (plus ``start``)."""
        return self._count

    def get_random_string(self) -> str:
        """The next counter value as 32 hexadecimal digits."""
        with self._lock:
            self._count += 1
            return f"{self._count:032x}"

    def get_random_local_path(self, file_path_or_file_name: str | None = None) -> str:
        """``<sandbox>/<next name>[/<tail of the given path>]``, as the real provider does."""
        path = posixpath.join(str(self._local_sandbox_dir), self.get_random_string())
        if file_path_or_file_name:
            tail = posixpath.split(file_path_or_file_name)[1]
            if tail:
                path = posixpath.join(path, tail)
        return path

    def get_random_remote_path(self, file_path_or_file_name: str | None = None) -> str:
        """``<raw output prefix><next name>[/<tail>]``."""
        path = self._raw_output_prefix + self.get_random_string()
        if file_path_or_file_name:
            tail = file_path_or_file_name.rsplit("/", 1)[-1]
            if tail:
                path += "/" + tail
        return path

    def get_random_remote_directory(self) -> str:
        """``<raw output prefix><next name>``."""
        return self._raw_output_prefix + self.get_random_string()

    @property
    def objects(self) -> Mapping[str, bytes]:
        """What was uploaded so far: remote path -> bytes (a copy)."""
        with self._lock:
            return dict(self._objects)

    def exists(self, path: str) -> bool:
        """Whether ``path`` was uploaded (as an object or a directory of objects)."""
        with self._lock:
            prefix = path.rstrip("/") + "/"
            return path in self._objects or any(k.startswith(prefix) for k in self._objects)

    def put_data(
        self,
        local_path: str | os.PathLike[str],
        remote_path: str,
        is_multipart: bool = False,
        **kwargs: object,
    ) -> str:
        """Read the local file (or directory) into memory under ``remote_path``."""
        source = os.fspath(local_path)
        if is_multipart:
            for directory, _, files in os.walk(source):
                for name in files:
                    full = os.path.join(directory, name)
                    relative = os.path.relpath(full, source).replace(os.sep, "/")
                    self._store(remote_path.rstrip("/") + "/" + relative, Path(full).read_bytes())
        else:
            self._store(remote_path, Path(source).read_bytes())
        return remote_path

    def get_data(
        self, remote_path: str, local_path: str, is_multipart: bool = False, **kwargs: object
    ) -> None:
        """Write what is stored under ``remote_path`` to the local path."""
        objects = self.objects
        if not is_multipart:
            if remote_path not in objects:
                raise DataNotFoundError(remote_path)
            target = Path(local_path)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(objects[remote_path])
            return
        prefix = remote_path.rstrip("/") + "/"
        found = {k[len(prefix) :]: v for k, v in objects.items() if k.startswith(prefix)}
        if not found:
            raise DataNotFoundError(remote_path)
        for relative, data in found.items():
            target = Path(local_path, relative)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)

    def put_raw_data(
        self,
        lpath: str | os.PathLike[str] | bytes | io.BufferedReader | io.BytesIO | io.StringIO,
        upload_prefix: str | None = None,
        file_name: str | None = None,
        read_chunk_size_bytes: int = 1024,
        encoding: str = "utf-8",
        skip_raw_data_prefix: bool = False,
        **kwargs: object,
    ) -> str:
        """Store a path's, bytes' or stream's content; the path follows the real provider."""
        prefix = self.get_random_string() if upload_prefix is None else upload_prefix
        base = prefix if skip_raw_data_prefix else self._raw_output_prefix + prefix
        if isinstance(lpath, (str, os.PathLike)):
            source = os.fspath(lpath)
            where = f"{base}/{file_name or os.path.basename(source)}"
            return self.put_data(source, where, is_multipart=os.path.isdir(source))
        where = f"{base}/{file_name or self.get_random_string()}"
        if isinstance(lpath, bytes):
            self._store(where, lpath)
        else:
            lpath.seek(0)
            value = lpath.read()
            self._store(where, value.encode(encoding) if isinstance(value, str) else value)
        return where

    def _store(self, path: str, data: bytes) -> None:
        with self._lock:
            self._objects[path] = data

    def _key(self) -> tuple[PurePosixPath, str]:
        return (self._local_sandbox_dir, self._raw_output_prefix)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, MemoryFileAccess):
            return NotImplemented
        return self._key() == other._key()

    def __hash__(self) -> int:
        return hash(self._key())

    def __repr__(self) -> str:
        return (
            f"MemoryFileAccess({str(self._local_sandbox_dir)!r}, {self._raw_output_prefix!r}, "
            f"start={self._count})"
        )

    def __copy__(self) -> MemoryFileAccess:
        copy = MemoryFileAccess(self._local_sandbox_dir, self._raw_output_prefix, start=self._count)
        copy._objects = dict(self._objects)
        return copy

    def __deepcopy__(self, memo: dict[int, object]) -> MemoryFileAccess:
        return self.__copy__()


@attrs.frozen
class StaticItem:
    """A ``SerializableToString`` that always renders as ``(key, value)``."""

    __repr__ = fields_repr

    key: str
    value: str

    def serialize_to_string(self, ctx: FlyteContext, variable_name: str) -> tuple[str, str]:
        """``(key, value)``, whatever the context and variable."""
        return (self.key, self.value)


def memory_root(
    file_access: MemoryFileAccess | None = None,
    user_space_params: ExecutionParameters | None = None,
) -> FlyteContext:
    """A root context (level 1) on a ``MemoryFileAccess``: what
    ``FlyteContextManager.initialize(root=memory_root)`` uses so tests create no directories."""
    fa = file_access or MemoryFileAccess()
    sandbox = str(fa.local_sandbox_dir)
    state = ExecutionState(sandbox, user_space_params=user_space_params)
    return FlyteContext.Builder(file_access=fa, execution_state=state).build()


class MemoryFileSystems:
    """File systems for tests: ``memory://`` is one private in-memory file system (not
    fsspec's process-wide one); every other protocol is fsspec's."""

    def __init__(self) -> None:
        from fsspec.implementations.memory import MemoryFileSystem

        memory = MemoryFileSystem(skip_instance_cache=True)
        memory.store = {}
        memory.pseudo_dirs = [""]
        self.memory: FileSystem = memory

    def filesystem(self, protocol: str, **options: object) -> FileSystem:
        if protocol == "memory":
            return self.memory
        return FsspecFileSystems().filesystem(protocol, **options)


def memory_file_access(
    raw_output_prefix: str = "memory://raw/",
    local_sandbox_dir: str | None = None,
    *,
    filesystems: FileSystems | None = None,
    entropy: Entropy | None = None,
    clock: Clock | None = None,
) -> FileAccessProvider:
    """A real ``FileAccessProvider`` whose raw outputs live in memory, with counter names and
    a fake clock. The local sandbox is a path that is only created if something is written
    locally (give ``local_sandbox_dir`` to put it under a test's temporary directory)."""
    return FileAccessProvider(
        local_sandbox_dir or "/ctxcore-memory-sandbox",
        raw_output_prefix,
        data_config=DataConfig(),
        filesystems=filesystems or MemoryFileSystems(),
        entropy=entropy or CounterEntropy(),
        clock=clock or FakeClock(),
        env={},
    )


def memory_secrets(
    values: Mapping[tuple[str, str], str], config: SecretsConfig | None = None
) -> SecretsManager:
    """A real ``SecretsManager`` whose secrets are ``{(group, key): value}``, served through
    the environment variable names the real lookup uses."""
    manager = SecretsManager(config or SecretsConfig(default_dir="/nonexistent"), env={})
    env = {manager.get_secrets_env_var(group, key): value for (group, key), value in values.items()}
    return SecretsManager(config or SecretsConfig(default_dir="/nonexistent"), env=env)


def fake_root(
    file_access: FileAccessProvider,
    *,
    env: Mapping[str, str] | None = None,
    clock: Clock | None = None,
    stats: StatsClient | None = None,
) -> FlyteContext:
    """A root context (level 1) like the default one, built from fakes: the given file access,
    a secrets manager reading ``env`` live, ``stats`` (recording by default), a timeline and the
    execution date from ``clock``. It creates nothing on disk."""
    sandbox = str(file_access.local_sandbox_dir)
    params = ExecutionParameters(
        execution_date=(clock or FakeClock()).now(),
        tmp_dir=posixpath.join(posixpath.dirname(sandbox), "user_space"),
        stats=stats or RecordingStats(),
        execution_id=LOCAL_EXECUTION_ID,
        logging=user_space_logger,
        raw_output_prefix=file_access.raw_output_prefix,
        task_id=LOCAL_TASK_ID,
        timeline=MemoryTimeline(),
        secrets=SecretsManager(
            SecretsConfig(default_dir="/nonexistent"), env={} if env is None else env
        ),
    )
    state = ExecutionState(sandbox, user_space_params=params)
    return FlyteContext.Builder(file_access=file_access, execution_state=state).build()
