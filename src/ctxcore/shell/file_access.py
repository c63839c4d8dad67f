"""File and object-store access for a context: a local sandbox plus a raw-output prefix.

Every method of the reference's ``FileAccessProvider``, with its path conventions, over fsspec.
Unlike the reference: construction creates nothing and imports no storage library; local
destinations are written atomically; transient remote errors are retried with back-off; the
``async_*`` twins (``ctxcore.shell.async_access``) run the sync code in a worker thread that
keeps the caller's context.

How this works: plan, then perform. A transfer (``get``, ``put``, ``put_raw_data``) gathers
the few facts its decisions need (is the source a directory, is the local destination one, is
a path there or a link; random names) and asks a pure planner of ``ctxcore.core.storage.plan``
what to do: copy a local file or tree, download a file or tree, put to a store with these
arguments and then set this metadata on these objects, stage a value, or refuse. This module
performs the plan with ``ctxcore.shell.local_io`` (every local effect) or
``ctxcore.shell.remote_io`` (every store call, retried) and maps failures to typed errors.
Nothing here decides what a transfer does.

Those three modules (and the checkpoint plans they bring) are imported by the first call that
transfers, checks a path or makes a directory, not with this module: a program's first use
builds a provider and transfers nothing (``benchmarks W1b``). Each method that needs them
imports them itself; the provider's retrier (and with it ``ctxcore.core.storage.retry``) is
built on its first use.
"""

from __future__ import annotations

import copy
import functools
import io
import os
import urllib.parse
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, cast

from ctxcore.core.config.records import DataConfig
from ctxcore.core.errors import (
    DataNotFoundError,
    DownloadDataError,
    InvalidUploadError,
    SpecialFileError,
    UploadDataError,
)
from ctxcore.core.ports import Clock, Entropy, FileSystem, FileSystems
from ctxcore.core.storage import paths
from ctxcore.core.storage.options import (
    get_additional_fsspec_call_kwargs,
    get_fsspec_storage_options,
    transfer_options,
    write_chunk_bytes,
)
from ctxcore.effects.clock import SystemClock
from ctxcore.effects.entropy import OsEntropy
from ctxcore.effects.environment import process_environment
from ctxcore.effects.filesystems import FsspecFileSystems
from ctxcore.shell.async_access import READ_CHUNK_BYTES, AsyncFileAccess
from ctxcore.shell.timing import timeit

if TYPE_CHECKING:
    from ctxcore.shell import remote_io

__all__ = [
    "FileAccessProvider",
    "Uploadable",
]

Uploadable = str | os.PathLike[str] | bytes | io.BufferedReader | io.BytesIO | io.StringIO
"""What ``put_raw_data`` accepts: a path (file or directory), bytes, or a readable stream."""


class FileAccessProvider(AsyncFileAccess):
    """Reads and writes a context's data: ``<sandbox>/local_flytekit`` locally and the
    raw-output prefix (local or remote) for outputs.

    Effects are injectable: ``filesystems`` (fsspec by default), ``entropy`` (random names),
    ``clock`` (retry back-off and timings) and ``env`` (configuration when ``data_config`` is
    not given, and ``_F_P_WRITE_CHUNK_SIZE``).
    """

    _built_retrier: remote_io.Retrier | None = None
    """The retrier once ``_retrier`` has built it. A class default, not set by ``__init__``: a
    provider pickled before the retrier was built lazily has no such attribute of its own."""

    def __init__(
        self,
        local_sandbox_dir: str | os.PathLike[str],
        raw_output_prefix: str | os.PathLike[str],
        data_config: DataConfig | None = None,
        execution_metadata: Mapping[str, str] | None = None,
        *,
        filesystems: FileSystems | None = None,
        entropy: Entropy | None = None,
        clock: Clock | None = None,
        env: Mapping[str, str] | None = None,
    ) -> None:
        if not local_sandbox_dir:
            raise ValueError(
                "FileAccessProvider needs to be created with a valid local_sandbox_dir"
            )
        raw_output_prefix = os.fspath(raw_output_prefix)
        environment = process_environment() if env is None else env
        self._local_sandbox_dir = Path(os.path.join(local_sandbox_dir, "local_flytekit"))
        self._data_config = data_config or DataConfig.auto(env=environment)
        self._execution_metadata = (
            dict(execution_metadata)
            if execution_metadata and self._data_config.generic.attach_execution_metadata
            else None
        )
        self._default_protocol = paths.get_protocol(raw_output_prefix)
        self._raw_output_sep = os.sep if self._default_protocol == "file" else "/"
        self._raw_output_prefix = paths.with_trailing_sep(raw_output_prefix, self._raw_output_sep)
        self._filesystems = filesystems or FsspecFileSystems()
        self._entropy = entropy or OsEntropy()
        self._clock = clock or SystemClock()
        self._chunk_size = write_chunk_bytes(environment)

    def with_raw_output(
        self,
        raw_output_prefix: str,
        data_config: DataConfig | None = None,
        *,
        filesystems: FileSystems | None = None,
    ) -> FileAccessProvider:
        """A provider like this one (same sandbox, effects and upload metadata) that writes
        outputs under ``raw_output_prefix`` with ``data_config`` (default: this one's) and gets
        file systems from ``filesystems`` (default: this one's source). Nothing is created;
        this provider is unchanged. A worker applying a context envelope makes its file access
        this way."""
        provider = copy.copy(self)
        config = data_config or self._data_config
        provider._data_config = config
        provider._default_protocol = paths.get_protocol(raw_output_prefix)
        provider._raw_output_sep = "/" if provider._default_protocol != "file" else os.sep
        provider._raw_output_prefix = paths.with_trailing_sep(
            raw_output_prefix,
            provider._raw_output_sep,
        )
        provider._filesystems = filesystems or self._filesystems
        provider._built_retrier = None  # the copy's retrier follows its own data config
        return provider

    @property
    def _retrier(self) -> remote_io.Retrier:
        """How remote calls are retried under the data config: its S3 retries, back-off and
        deadline, waited out on this provider's clock with its entropy's jitter. Built on first
        use (see the module's docstring); the retrier is immutable, so two threads that both
        build one each get a working one and either may be kept."""
        retrier = self._built_retrier
        if retrier is None:
            from ctxcore.core.storage.retry import RetryPolicy  # lazily, as remote_io
            from ctxcore.shell import remote_io  # lazily: see the module's docstring

            s3 = self._data_config.s3
            retrier = remote_io.Retrier(
                RetryPolicy(s3.retries, s3.backoff, deadline=s3.retry_deadline),
                self._clock,
                self._entropy,
            )
            self._built_retrier = retrier
        return retrier

    # -- properties ------------------------------------------------------------------------

    @property
    def raw_output_prefix(self) -> str:
        """The raw-output prefix, always ending in a separator."""
        return self._raw_output_prefix

    @property
    def data_config(self) -> DataConfig:
        """The storage configuration."""
        return self._data_config

    @property
    def filesystems(self) -> FileSystems:
        """Where this provider gets its file systems (the injected effect)."""
        return self._filesystems

    @property
    def execution_metadata(self) -> Mapping[str, str] | None:
        """Metadata attached to every upload (``None`` when disabled by configuration)."""
        return self._execution_metadata

    @property
    def local_sandbox_dir(self) -> Path:
        """``<local_sandbox_dir>/local_flytekit``."""
        return self._local_sandbox_dir

    @property
    def raw_output_fs(self) -> FileSystem:
        """The file system of the raw-output prefix."""
        return self.get_filesystem(self._default_protocol)

    @property
    def local_access(self) -> FileSystem:
        """The local file system."""
        return self.get_filesystem("file")

    # -- file systems ----------------------------------------------------------------------

    def get_filesystem(
        self,
        protocol: str | None = None,
        anonymous: bool = False,
        path: str | None = None,
        **kwargs: object,
    ) -> FileSystem:
        """The file system for ``protocol`` (default: the raw output's), configured from the
        data config; ``ftp`` takes host, port, user and password from ``path``."""
        protocol = protocol or self._default_protocol
        return self._filesystems.filesystem(
            protocol, **self._storage_options(protocol, anonymous, path, kwargs)
        )

    def _storage_options(
        self, protocol: str, anonymous: bool, path: str | None, kwargs: Mapping[str, object]
    ) -> dict[str, object]:
        if protocol == "ftp" and path is not None:
            url = urllib.parse.urlparse(path)
            found = {
                "host": url.hostname,
                "port": url.port,
                "username": url.username,
                "password": url.password,
            }
            kwargs = {**{k: v for k, v in found.items() if v is not None}, **kwargs}
        return get_fsspec_storage_options(protocol, self._data_config, anonymous, **kwargs)

    def _store(self, path: str) -> FileSystem:
        """The file system that transfers to and from ``path`` use: ``path``'s, but with the
        store client's own retries off, so that ``self._retrier`` alone retries. Its options
        differ from ``get_filesystem``'s, so fsspec keeps it apart from the one users get."""
        from ctxcore.shell import remote_io  # lazily: see the module's docstring

        protocol = paths.get_protocol(path)
        options = transfer_options(protocol, self._storage_options(protocol, False, path, {}))
        return remote_io.retried_here(self._filesystems.filesystem(protocol, **options))

    def get_filesystem_for_path(
        self, path: str | os.PathLike[str] = "", anonymous: bool = False, **kwargs: object
    ) -> FileSystem:
        """The file system of ``path``'s protocol."""
        path = os.fspath(path)
        return self.get_filesystem(paths.get_protocol(path), anonymous, path=path, **kwargs)

    # -- path helpers ----------------------------------------------------------------------

    @staticmethod
    def is_remote(path: str | os.PathLike[str]) -> bool:
        """Whether ``path`` is outside the local file system."""
        return paths.is_remote(str(path))

    @staticmethod
    def strip_file_header(path: str | os.PathLike[str], trim_trailing_sep: bool = False) -> str:
        """``path`` without a leading ``file://``. ``trim_trailing_sep`` is accepted and
        ignored, as in the reference."""
        del trim_trailing_sep
        return paths.strip_file_header(os.fspath(path))

    @staticmethod
    def recursive_paths(f: str | os.PathLike[str], t: str | os.PathLike[str]) -> tuple[str, str]:
        """Source and destination of a directory transfer with trailing separators: the source
        gets one when it is remote or an existing local directory; the destination always."""
        from ctxcore.core.storage import plan  # lazily: see the module's docstring
        from ctxcore.shell import local_io

        f, t = os.fspath(f), os.fspath(t)
        return plan.recursive_paths(f, t, source_is_directory=local_io.is_directory(f), sep=os.sep)

    def sep(self, file_system: FileSystem | None) -> str:
        """``os.sep`` for local (or no) file systems, the file system's separator otherwise."""
        if file_system is None or paths.is_local_protocol(file_system.protocol):
            return os.sep
        return file_system.sep

    def join(self, *args: str, unstrip: bool = False, fs: FileSystem | None = None) -> str:
        """Join path parts with the separator of ``fs`` (default: the raw output's)."""
        sep = self._raw_output_sep if fs is None else self.sep(fs)
        joined = paths.join(*args, sep=sep)
        if unstrip:
            return (fs or self.raw_output_fs).unstrip_protocol(joined)
        return joined

    @staticmethod
    def get_file_tail(file_path_or_file_name: str | os.PathLike[str]) -> str:
        """The part after the last separator."""
        return paths.get_file_tail(os.fspath(file_path_or_file_name))

    def get_random_string(self) -> str:
        """32 random lowercase hexadecimal characters."""
        return self._entropy.random_hex()

    def get_random_local_path(
        self, file_path_or_file_name: str | os.PathLike[str] | None = None
    ) -> str:
        """``<sandbox>/<random>[/<tail>]``; nothing is created."""
        if file_path_or_file_name is not None:
            file_path_or_file_name = os.fspath(file_path_or_file_name)
        path = os.path.join(self._local_sandbox_dir, self.get_random_string())
        if file_path_or_file_name:
            tail = os.path.split(file_path_or_file_name)[1]
            if tail:
                path = os.path.join(path, tail)
        return path

    def get_random_local_directory(self) -> str:
        """A new, empty directory ``<sandbox>/<random>``."""
        from ctxcore.shell import local_io  # lazily: see the module's docstring

        directory = self.get_random_local_path(None)
        local_io.make_directories(directory)
        return directory

    def get_random_remote_path(
        self, file_path_or_file_name: str | os.PathLike[str] | None = None
    ) -> str:
        """``<raw output prefix><random>[/<tail>]``; nothing is created."""
        parts = [self._raw_output_prefix, self.get_random_string()]
        if file_path_or_file_name:
            parts.append(self.get_file_tail(file_path_or_file_name))
        return self.join(*parts)

    def get_random_remote_directory(self) -> str:
        """``<raw output prefix><random>``; nothing is created."""
        return self.join(self._raw_output_prefix, self.get_random_string())

    def generate_new_custom_path(
        self,
        fs: FileSystem | None = None,
        alt: str | None = None,
        stem: str | None = None,
    ) -> str:
        """The raw-output prefix with its bucket replaced by ``alt`` and ``stem`` (default: a
        random name) appended. ``alt`` on a local prefix is a ``ValueError``."""
        sep = self._raw_output_sep if fs is None else self.sep(fs)
        return paths.generate_new_custom_path(
            self._raw_output_prefix, sep, stem or self.get_random_string(), alt
        )

    def exists(self, path: str | os.PathLike[str]) -> bool:
        """Whether ``path`` exists; an ``OSError`` is retried once anonymously."""
        path = os.fspath(path)
        if not paths.is_remote(path):
            from ctxcore.shell import local_io  # lazily: see the module's docstring

            return local_io.exists(paths.strip_file_header(path))
        from ctxcore.shell import remote_io  # lazily: see the module's docstring

        try:
            fs = self._store(path)
            return self._retrier(
                lambda left: fs.exists(path, **remote_io.within(fs, left, {})), path
            )
        except OSError:
            anonymous = self.get_filesystem_for_path(path, anonymous=True)
            return anonymous.exists(path)

    # -- transfers -------------------------------------------------------------------------

    def get(
        self,
        from_path: str | os.PathLike[str],
        to_path: str | os.PathLike[str],
        recursive: bool = False,
        **kwargs: object,
    ) -> str:
        """Download ``from_path`` to the local ``to_path`` (a directory's contents when
        ``recursive``). The destination is written atomically. A missing source raises
        ``DataNotFoundError``; a device, FIFO or socket as the source, below it or as the
        destination, ``SpecialFileError`` before anything is copied."""
        from ctxcore.core.storage import plan  # lazily: see the module's docstring
        from ctxcore.shell import local_io, remote_io

        from_path, to_path = os.fspath(from_path), os.fspath(to_path)
        planned = plan.plan_get(
            from_path, to_path, recursive, local_io.disk_facts(from_path, to_path), os.sep
        )
        if isinstance(planned, plan.Refuse):
            raise planned.error()
        step = planned.step
        found: Callable[[], bool]
        if isinstance(step, plan.Copy):
            # Local copies need no file-system object (and so never import fsspec).
            perform = functools.partial(local_io.copy, step)
            found = functools.partial(local_io.exists, step.source)
        else:
            fs = self._store(from_path)
            call = {**kwargs, **get_additional_fsspec_call_kwargs(fs.protocol, "get")}
            perform = functools.partial(remote_io.download, fs, step, self._retrier, **call)
            found = functools.partial(remote_io.source_exists, fs, step)
        try:
            perform()
        except OSError as error:
            if not found():
                raise DataNotFoundError(planned.source) from error
            raise
        return planned.destination

    def put(
        self,
        from_path: str | os.PathLike[str],
        to_path: str | os.PathLike[str],
        recursive: bool = False,
        **kwargs: object,
    ) -> str:
        """Upload the local ``from_path`` to ``to_path`` (a directory's contents when
        ``recursive``); local destinations are written atomically. Execution metadata is
        attached to remote uploads. Returns the destination. A device, FIFO or socket as the
        source, below it or as the destination is ``SpecialFileError``, before anything is
        copied."""
        from ctxcore.core.storage import plan  # lazily: see the module's docstring
        from ctxcore.shell import local_io, remote_io

        from_path, to_path = os.fspath(from_path), os.fspath(to_path)
        planned = plan.plan_put(
            from_path, to_path, recursive, local_io.disk_facts(from_path, to_path), os.sep
        )
        if isinstance(planned, plan.Refuse):
            raise planned.error()
        step = planned.step
        if isinstance(step, plan.Copy):
            local_io.copy(step)
            return planned.destination
        fs = self._store(step.destination)
        put = plan.plan_remote_put(
            step,
            fs.protocol,
            kwargs,
            self._execution_metadata,
            self._chunk_size,
            local_io.largest_file_bytes(step.source),
        )
        remote_io.put(fs, put, self._retrier)
        return planned.destination

    def put_raw_data(
        self,
        lpath: Uploadable,
        upload_prefix: str | None = None,
        file_name: str | None = None,
        read_chunk_size_bytes: int = READ_CHUNK_BYTES,
        encoding: str = "utf-8",
        skip_raw_data_prefix: bool = False,
        **kwargs: object,
    ) -> str:
        """Upload a path, bytes or a stream under the raw-output prefix (or under
        ``upload_prefix`` itself with ``skip_raw_data_prefix``); returns where it went."""
        from ctxcore.core.storage import plan  # lazily: see the module's docstring
        from ctxcore.shell import local_io

        call = plan.RawData(
            local_io.raw_value(lpath), upload_prefix, file_name, skip_raw_data_prefix
        )
        planned = plan.plan_raw_data(
            call,
            [self.get_random_string() for _ in range(call.fresh_names)],
            raw_output_prefix=self._raw_output_prefix,
            raw_output_sep=self._raw_output_sep,
            sandbox=str(self._local_sandbox_dir),
            local_sep=os.sep,
        )
        step, to_path = planned.step, planned.destination
        if isinstance(step, plan.Refuse):
            raise step.error()
        if isinstance(step, plan.PutPath):
            return self._upload(step.source, step.source, to_path, step.recursive, **kwargs)
        value = cast("local_io.InMemoryValue", lpath)  # only bytes and streams plan this

        def write(path: str, described: str) -> None:
            try:
                local_io.write_value_atomically(path, value, read_chunk_size_bytes, encoding)
            except Exception as error:
                raise UploadDataError(described, to_path, False, str(error)) from error

        if isinstance(step, plan.WriteValue):
            write(step.path, step.described)
            return to_path
        fresh = self.get_random_string()
        try:
            write(step.staged_file(fresh), step.described)
            self._upload(step.staged_file(fresh), step.described, to_path, False, **kwargs)
        finally:
            local_io.remove_tree(step.staging_directory(fresh))
        return to_path

    def _upload(
        self, source: str, described: str, to_path: str, recursive: bool, **kwargs: object
    ) -> str:
        try:
            return self.put(source, to_path, recursive=recursive, **kwargs)
        except (InvalidUploadError, SpecialFileError):
            raise
        except Exception as error:
            raise UploadDataError(described, to_path, recursive, str(error)) from error

    def get_data(
        self,
        remote_path: str | os.PathLike[str],
        local_path: str | os.PathLike[str],
        is_multipart: bool = False,
        **kwargs: object,
    ) -> None:
        """Download, timed into the current context's timeline. A missing source raises
        ``DataNotFoundError``; any other failure ``DownloadDataError`` (chained)."""
        remote_path, local_path = os.fspath(remote_path), os.fspath(local_path)
        try:
            with timeit(f"Download data to local from {remote_path}"):
                self.get(remote_path, local_path, recursive=is_multipart, **kwargs)
        except DataNotFoundError:
            raise
        except Exception as error:
            raise DownloadDataError(remote_path, local_path, is_multipart, str(error)) from error

    def put_data(
        self,
        local_path: str | os.PathLike[str],
        remote_path: str | os.PathLike[str],
        is_multipart: bool = False,
        **kwargs: object,
    ) -> str:
        """Upload, timed into the current context's timeline; returns ``remote_path`` (as a
        string). Any failure raises ``UploadDataError`` (chained)."""
        remote_path = os.fspath(remote_path)
        try:
            with timeit(f"Upload data to {remote_path}"):
                result = self.put(
                    os.fspath(local_path), remote_path, recursive=is_multipart, **kwargs
                )
        except Exception as error:
            raise UploadDataError(
                os.fspath(local_path), remote_path, is_multipart, str(error)
            ) from error
        return result if remote_path.startswith("flyte://") else remote_path

    def download_directory(
        self,
        remote_path: str | os.PathLike[str],
        local_path: str | os.PathLike[str],
        **kwargs: object,
    ) -> None:
        """Download a directory's contents into ``local_path``."""
        self.get_data(remote_path, local_path, is_multipart=True, **kwargs)

    def download(
        self,
        remote_path: str | os.PathLike[str],
        local_path: str | os.PathLike[str],
        **kwargs: object,
    ) -> None:
        """Download one file."""
        self.get_data(remote_path, local_path, False, **kwargs)

    def upload(
        self, file_path: str | os.PathLike[str], to_path: str | os.PathLike[str], **kwargs: object
    ) -> str:
        """Upload one file."""
        return self.put_data(file_path, to_path, False, **kwargs)

    def upload_directory(
        self,
        local_path: str | os.PathLike[str],
        remote_path: str | os.PathLike[str],
        **kwargs: object,
    ) -> str:
        """Upload a directory's contents into ``remote_path``."""
        return self.put_data(local_path, remote_path, is_multipart=True, **kwargs)
