"""Every port: the interfaces of the effects ctxcore performs or is handed, in one place.

The core only names these types and never calls an implementation itself. The real
implementations live in ``ctxcore.effects`` (clock, entropy, file systems, signals, stats,
temporary directories, timeline) and ``ctxcore.shell`` (file access, secrets, checkpoints); the
in-memory ones that tests use live in ``ctxcore.testing``. All are Protocols: anything with the
methods fits, and ``isinstance`` checks work (``runtime_checkable``).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import (
    IO,
    TYPE_CHECKING,
    Literal,
    Protocol,
    TypeAlias,
    TypeVar,
    overload,
    runtime_checkable,
)

if TYPE_CHECKING:
    import datetime
    import signal
    from io import BufferedReader, BytesIO, StringIO
    from os import PathLike
    from pathlib import PurePath
    from types import FrameType

    from ctxcore.core.config.file import ConfigFile
    from ctxcore.core.config.records import DataConfig
    from ctxcore.core.config.resolve import ResolvedConfig
    from ctxcore.core.context import FlyteContext
    from ctxcore.core.execution.decks import TimelineEntry
    from ctxcore.core.execution.parameters import ExecutionParameters
    from ctxcore.core.identifiers import (
        Identifier,
        NodeExecutionIdentifier,
        TaskExecutionIdentifier,
        WorkflowExecutionIdentifier,
    )
    from ctxcore.core.serialization.images import ImageFacts

__all__ = [
    "Ambient",
    "CheckpointLike",
    "Clock",
    "Entropy",
    "Environment",
    "FileAccess",
    "FileSystem",
    "FileSystems",
    "FlyteIdlCodec",
    "IdentifierMessage",
    "NodeExecutionIdentifierMessage",
    "RedirectableFileAccess",
    "SecretProvider",
    "SecretsSource",
    "Signals",
    "StatsClient",
    "TaskExecutionIdentifierMessage",
    "TempDirs",
    "TimelineSink",
    "WorkflowExecutionIdentifierMessage",
]


# --- what core records hold -----------------------------------------------------------------------


@runtime_checkable
class FileAccess(Protocol):
    """What code running in a context can ask of its file access: paths and transfers.

    ``ctxcore.FileAccessProvider`` is the real implementation (with more methods);
    ``ctxcore.testing.MemoryFileAccess`` keeps the remote side in a dict.
    """

    @property
    def local_sandbox_dir(self) -> PurePath:
        """The local scratch directory (``<sandbox>/local_flytekit``)."""
        ...

    @property
    def raw_output_prefix(self) -> str:
        """Where outputs are written, always ending in a separator."""
        ...

    def get_random_local_path(self, file_path_or_file_name: str | None = None) -> str:
        """A new random path under the local sandbox (nothing is created)."""
        ...

    def get_random_string(self) -> str:
        """32 random lowercase hexadecimal characters."""
        ...

    def get_random_remote_path(self, file_path_or_file_name: str | None = None) -> str:
        """A new random path under the raw-output prefix (nothing is created)."""
        ...

    def get_random_remote_directory(self) -> str:
        """A new random directory path under the raw-output prefix (nothing is created)."""
        ...

    def exists(self, path: str) -> bool:
        """Whether ``path`` exists."""
        ...

    def put_data(
        self,
        local_path: str | PathLike[str],
        remote_path: str,
        is_multipart: bool = False,
        **kwargs: object,
    ) -> str:
        """Upload a local file (or, with ``is_multipart``, a directory's contents)."""
        ...

    def get_data(
        self, remote_path: str, local_path: str, is_multipart: bool = False, **kwargs: object
    ) -> None:
        """Download to a local file (or, with ``is_multipart``, a directory)."""
        ...

    def put_raw_data(
        self,
        lpath: str | PathLike[str] | bytes | BufferedReader | BytesIO | StringIO,
        upload_prefix: str | None = None,
        file_name: str | None = None,
        read_chunk_size_bytes: int = 1024,
        encoding: str = "utf-8",
        skip_raw_data_prefix: bool = False,
        **kwargs: object,
    ) -> str:
        """Upload a path, bytes or a stream under the raw-output prefix; where it went."""
        ...


@runtime_checkable
class StatsClient(Protocol):
    """A statsd-style metrics sink (``ctxcore`` ships UDP, null and recording clients)."""

    def incr(self, stat: str, count: int = 1, tags: dict[str, str] | None = None) -> None:
        """Add ``count`` to the counter ``stat``."""
        ...

    def gauge(self, stat: str, value: float, tags: dict[str, str] | None = None) -> None:
        """Set the gauge ``stat`` to ``value``."""
        ...

    def timing(self, stat: str, ms: float, tags: dict[str, str] | None = None) -> None:
        """Record a duration of ``ms`` milliseconds for ``stat``."""
        ...


@runtime_checkable
class CheckpointLike(Protocol):
    """What execution parameters need of a checkpoint (``ctxcore.SyncCheckpoint`` has it; the
    abstract base class is ``ctxcore.Checkpoint``): restore the previous attempt's state, save
    this attempt's."""

    def prev_exists(self) -> bool:
        """Whether a previous checkpoint can be restored."""
        ...

    def read(self) -> bytes | None:
        """The bytes of the single restored checkpoint file, or ``None``."""
        ...

    def write(self, b: bytes) -> None:
        """Save ``b`` as this attempt's checkpoint."""
        ...


@runtime_checkable
class TimelineSink(Protocol):
    """Where timed steps are recorded (append-only; shared by the contexts of one execution)."""

    def record(self, entry: TimelineEntry) -> None:
        """Append ``entry``."""
        ...

    @property
    def entries(self) -> tuple[TimelineEntry, ...]:
        """Everything recorded so far, in order."""
        ...


@runtime_checkable
class SecretProvider(Protocol):
    """A further source of secrets (a vault, a cloud secret manager), asked by
    ``SecretsManager(providers=...)`` after the environment and the files, in order."""

    def lookup(self, group: str, key: str | None, group_version: str | None) -> str | None:
        """The secret's value, or ``None`` when this provider does not have it. Any exception is
        a failure (the manager raises ``SecretProviderError`` naming the provider)."""
        ...


@runtime_checkable
class SecretsSource(Protocol):
    """Looks secrets up by group, key and version (``ctxcore.SecretsManager`` in the shell)."""

    @overload
    def get(
        self,
        group: str | None = None,
        key: str | None = None,
        group_version: str | None = None,
        encode_mode: Literal["r"] = "r",
    ) -> str: ...
    @overload
    def get(
        self,
        group: str | None,
        key: str | None,
        group_version: str | None,
        encode_mode: Literal["rb"],
    ) -> bytes: ...
    @overload
    def get(
        self,
        group: str | None = None,
        key: str | None = None,
        group_version: str | None = None,
        *,
        encode_mode: Literal["rb"],
    ) -> bytes: ...


# --- the effects the shell performs ---------------------------------------------------------------

Environment = Mapping[str, str]
"""What ctxcore reads variables from: ``os.environ`` by default, any mapping in tests."""


@runtime_checkable
class Clock(Protocol):
    """Where ctxcore gets the time from."""

    def now(self) -> datetime.datetime:
        """The current time, timezone-aware, in UTC."""
        ...

    def monotonic(self) -> float:
        """Seconds from an arbitrary origin that never goes backwards."""
        ...

    def process_time(self) -> float:
        """CPU seconds used by this process."""
        ...

    def sleep(self, seconds: float) -> None:
        """Wait ``seconds`` (retry back-off)."""
        ...


@runtime_checkable
class Entropy(Protocol):
    """Where random names come from."""

    def random_hex(self) -> str:
        """32 lowercase hexadecimal characters (128 random bits)."""
        ...


@runtime_checkable
class TempDirs(Protocol):
    """Makes new, empty, private directories."""

    def make(self, prefix: str) -> str:
        """Create a new directory whose name starts with ``prefix``; return its path."""
        ...


@runtime_checkable
class FileSystem(Protocol):
    """An fsspec file system, as far as ctxcore uses it."""

    @property
    def protocol(self) -> str | tuple[str, ...]:
        """The protocol name(s): ``"s3"``, ``("file", "local")`` ..."""
        ...

    @property
    def sep(self) -> str:
        """The path separator."""
        ...

    def exists(self, path: str, **kwargs: object) -> bool:
        """Whether ``path`` exists."""
        ...

    def isdir(self, path: str) -> bool:
        """Whether ``path`` is a directory."""
        ...

    def get(self, rpath: str, lpath: str, recursive: bool = ..., **kwargs: object) -> object:
        """Copy ``rpath`` from the file system to the local ``lpath``."""
        ...

    def get_file(self, rpath: str, lpath: str, **kwargs: object) -> object:
        """Copy one file to the local ``lpath``."""
        ...

    def put(self, lpath: str, rpath: str, recursive: bool = ..., **kwargs: object) -> object:
        """Copy the local ``lpath`` to ``rpath``."""
        ...

    def put_file(self, lpath: str, rpath: str, **kwargs: object) -> object:
        """Copy one local file to ``rpath``."""
        ...

    def open(
        self, path: str, mode: str = ..., block_size: int | None = ..., **kwargs: object
    ) -> IO[bytes]:
        """A binary file object on ``path``."""
        ...

    def cat_file(
        self, path: str, start: int | None = ..., end: int | None = ..., **kwargs: object
    ) -> bytes:
        """The bytes of ``path``."""
        ...

    def unstrip_protocol(self, name: str) -> str:
        """``name`` with the protocol prefix put back."""
        ...


@runtime_checkable
class FileSystems(Protocol):
    """Where file systems come from: fsspec by default, anything with its interface in tests."""

    def filesystem(self, protocol: str, **options: object) -> FileSystem:
        """The file system for ``protocol`` configured with ``options``."""
        ...


@runtime_checkable
class RedirectableFileAccess(FileAccess, Protocol):
    """A file access that can be pointed at another raw-output store: what a worker applying a
    context envelope needs of its root's (``ctxcore.FileAccessProvider`` is one)."""

    @property
    def data_config(self) -> DataConfig:
        """The storage configuration, credentials included."""
        ...

    @property
    def filesystems(self) -> FileSystems:
        """Where file systems come from."""
        ...

    def with_raw_output(
        self,
        raw_output_prefix: str,
        data_config: DataConfig | None = None,
        *,
        filesystems: FileSystems | None = None,
    ) -> RedirectableFileAccess:
        """The same access writing under ``raw_output_prefix`` with ``data_config``, getting
        file systems from ``filesystems``; nothing is created."""
        ...


Handler: TypeAlias = "Callable[[int, FrameType | None], object] | int | signal.Handlers | None"
"""What ``signal.getsignal`` returns: a function, ``SIG_DFL``/``SIG_IGN``, or ``None``."""


@runtime_checkable
class Signals(Protocol):
    """Where signal handlers are read and installed."""

    def getsignal(self, signum: int) -> Handler:
        """The handler installed for ``signum``."""
        ...

    def signal(self, signum: int, handler: Callable[[int, FrameType | None], object]) -> None:
        """Install ``handler`` for ``signum``."""
        ...

    def restore(self, signum: int, handler: Handler) -> None:
        """Put back a handler that ``getsignal`` returned."""
        ...

    def in_main_thread(self) -> bool:
        """Whether the caller may install handlers (Python allows it in the main thread only)."""
        ...


# --- flyteidl's identifier messages, as the core reads them ---------------------------------------
#
# The core never imports flyteidl; it names the fields of its messages. flyteidl's own classes
# (``flyteidl.core.identifier_pb2``) fit these Protocols, and so does anything with the fields.


class WorkflowExecutionIdentifierMessage(Protocol):
    """The fields of ``flyteidl.core.identifier_pb2.WorkflowExecutionIdentifier`` that the
    reference reads (its ``org`` is not one)."""

    @property
    def project(self) -> str: ...
    @property
    def domain(self) -> str: ...
    @property
    def name(self) -> str: ...


class IdentifierMessage(WorkflowExecutionIdentifierMessage, Protocol):
    """The fields of ``flyteidl.core.identifier_pb2.Identifier`` the reference reads: project,
    domain and name, as an execution's, and these."""

    @property
    def resource_type(self) -> int: ...
    @property
    def version(self) -> str: ...


class NodeExecutionIdentifierMessage(Protocol):
    """The fields of ``flyteidl.core.identifier_pb2.NodeExecutionIdentifier``."""

    @property
    def node_id(self) -> str: ...
    @property
    def execution_id(self) -> WorkflowExecutionIdentifierMessage: ...


class TaskExecutionIdentifierMessage(Protocol):
    """The fields of ``flyteidl.core.identifier_pb2.TaskExecutionIdentifier``."""

    @property
    def task_id(self) -> IdentifierMessage: ...
    @property
    def node_execution_id(self) -> NodeExecutionIdentifierMessage: ...
    @property
    def retry_attempt(self) -> int: ...


class FlyteIdlCodec(Protocol):
    """The identifier records to and from flyteidl's protobuf messages (``ctxcore[flyteidl]``).

    The process's (``ctxcore.flyteidl``) imports flyteidl when first used and raises
    ``MissingExtraError`` (an ``ImportError``) without it. ``to_flyte_idl(value)`` is the message
    for the record ``value``; ``from_flyte_idl(kind, message)`` the record of type ``kind`` that
    ``message`` holds, refusing a message of another type with ``TypeError``.
    """

    @overload
    def to_flyte_idl(self, value: Identifier) -> IdentifierMessage: ...
    @overload
    def to_flyte_idl(
        self, value: WorkflowExecutionIdentifier
    ) -> WorkflowExecutionIdentifierMessage: ...
    @overload
    def to_flyte_idl(self, value: NodeExecutionIdentifier) -> NodeExecutionIdentifierMessage: ...
    @overload
    def to_flyte_idl(self, value: TaskExecutionIdentifier) -> TaskExecutionIdentifierMessage: ...

    @overload
    def from_flyte_idl(self, kind: type[Identifier], message: object) -> Identifier: ...
    @overload
    def from_flyte_idl(
        self, kind: type[WorkflowExecutionIdentifier], message: object
    ) -> WorkflowExecutionIdentifier: ...
    @overload
    def from_flyte_idl(
        self, kind: type[NodeExecutionIdentifier], message: object
    ) -> NodeExecutionIdentifier: ...
    @overload
    def from_flyte_idl(
        self, kind: type[TaskExecutionIdentifier], message: object
    ) -> TaskExecutionIdentifier: ...


# --- the ambient seam -----------------------------------------------------------------------------

_T = TypeVar("_T")


@runtime_checkable
class Ambient(Protocol):
    """The process conveniences behind the reference's static shortcuts, as one port.

    ``FlyteContext.current_context()``, ``Config.auto()`` and the other ``X.auto()``,
    ``Config.explain()``, ``ConfigFile(location)``, ``ImageConfig.auto()``,
    ``DefaultImages.default_image()`` and the ``ExecutionParameters`` defaults need the process
    (its context stack, environment, files, interpreter); the core asks the installed ambient
    (``ctxcore.core.ambient``) for them. ``env=None`` means the ambient's own environment.
    """

    def current_context(self) -> FlyteContext:
        """The context on top of this thread's or task's stack."""
        ...

    def default_root(self) -> FlyteContext:
        """A new root context, for a stack that was given no root factory."""
        ...

    def environment(self) -> Mapping[str, str]:
        """The environment configuration entries are read from (``os.environ``, live)."""
        ...

    def config_part(
        self, record: type[_T], config_file: str | ConfigFile | None, env: Mapping[str, str] | None
    ) -> _T:
        """The configuration record ``record`` (``Config``, ``S3Config``, ...) resolved from
        the environment, then the config file (the given one, or the discovered one)."""
        ...

    def explain_config(
        self, config_file: str | ConfigFile | None, env: Mapping[str, str] | None
    ) -> ResolvedConfig:
        """What ``config_part(Config, ...)`` resolves, with the provenance of every field."""
        ...

    def load_config_file(
        self, config_file: str | ConfigFile | None, env: Mapping[str, str] | None
    ) -> ConfigFile | None:
        """``config_file`` as is, read from its path, or (``None``) the discovered file;
        ``None`` when there is none."""
        ...

    def read_config_file(self, location: str) -> ConfigFile:
        """The configuration file at ``location``, read and parsed."""
        ...

    def image_facts(self, env: Mapping[str, str] | None) -> ImageFacts:
        """What the default image depends on: the interpreter, ``FLYTE_INTERNAL_IMAGE``, the
        installed flytekit."""
        ...

    def default_secrets(self) -> SecretsSource:
        """Where task secrets are looked up when the execution parameters were given none."""
        ...

    def flyte_idl(self) -> FlyteIdlCodec:
        """The conversions of the identifiers to and from flyteidl's messages (the optional
        ``ctxcore[flyteidl]`` extra)."""
        ...

    def task_sandbox(
        self, params: ExecutionParameters, entropy: Entropy | None
    ) -> ExecutionParameters.Builder:
        """A builder from ``params`` whose working directory is a new sandbox for one task."""
        ...
