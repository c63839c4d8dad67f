"""The interfaces that core records hold: implemented at the edge, injected into the core.

The core only names these types; it never calls an implementation itself.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal, Protocol, overload, runtime_checkable

if TYPE_CHECKING:
    from io import BufferedReader, BytesIO, StringIO
    from os import PathLike
    from pathlib import PurePath

    from ctxcore.core.decks import TimelineEntry


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
