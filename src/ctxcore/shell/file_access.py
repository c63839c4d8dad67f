"""File and object-store access for a context: a local sandbox plus a raw-output prefix.

Every method of the reference's ``FileAccessProvider``, with its path conventions, over fsspec.
Unlike the reference: construction creates nothing and imports no storage library; local
destinations are written atomically; transient remote errors are retried with back-off; the
``async_*`` twins run the sync code in a worker thread that keeps the caller's context.
"""

from __future__ import annotations

import asyncio
import functools
import io
import os
import shutil
import urllib.parse
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import IO, Protocol, TypeVar, cast, runtime_checkable

from ctxcore.core.config.records import DataConfig
from ctxcore.core.errors import (
    DataNotFoundError,
    DownloadDataError,
    InvalidUploadError,
    UploadDataError,
)
from ctxcore.core.ports import Clock, Entropy, FileSystem, FileSystems
from ctxcore.core.storage import paths
from ctxcore.core.storage.options import (
    DEFAULT_WRITE_CHUNK_BYTES,
    get_additional_fsspec_call_kwargs,
    get_fsspec_storage_options,
    upload_metadata_kwargs,
    uploads_metadata_after_put,
)
from ctxcore.core.storage.retry import RetryPolicy, is_transient
from ctxcore.effects.clock import SystemClock
from ctxcore.effects.entropy import OsEntropy
from ctxcore.effects.environment import process_environment
from ctxcore.effects.filesystems import FsspecFileSystems
from ctxcore.shell.local_io import write_file_atomically, write_tree_atomically
from ctxcore.shell.remote_io import with_retries
from ctxcore.shell.timing import timeit

_T = TypeVar("_T")

Uploadable = str | os.PathLike[str] | bytes | io.BufferedReader | io.BytesIO | io.StringIO
"""What ``put_raw_data`` accepts: a path (file or directory), bytes, or a readable stream."""

CHUNK_SIZE_ENV_VAR = "_F_P_WRITE_CHUNK_SIZE"


def _chunk_size(env: Mapping[str, str]) -> int:
    raw = env.get(CHUNK_SIZE_ENV_VAR)
    if raw is None:
        return DEFAULT_WRITE_CHUNK_BYTES
    try:
        value = int(raw)
    except ValueError:
        value = 0
    if value <= 0:
        raise ValueError(f"{CHUNK_SIZE_ENV_VAR}={raw!r} is not a positive number of bytes")
    return value


@runtime_checkable
class _SetsMetadata(Protocol):
    def setxattrs(self, rpath: str, **kwargs: str) -> object: ...


def _setxattrs_retryably(fs: _SetsMetadata, remote: str, metadata: Mapping[str, str]) -> None:
    """adlfs's ``setxattrs``, whose every failure is a ``FileNotFoundError``: one caused by a
    passing fault is raised as a ``ConnectionError`` again, so that it is retried."""
    try:
        fs.setxattrs(remote, **metadata)
    except FileNotFoundError as error:
        cause = error.__cause__
        if cause is not None and is_transient(cause):
            raise ConnectionError(f"setting the metadata of {remote} failed: {cause}") from error
        raise


def _files_under(directory: str) -> list[str]:
    """Every file below ``directory``, in a stable order."""
    return sorted(
        os.path.join(parent, name) for parent, _, names in os.walk(directory) for name in names
    )


def _is_local_fs(fs: FileSystem) -> bool:
    protocol = fs.protocol
    return "file" in protocol if isinstance(protocol, tuple) else protocol in ("file", "local")


class FileAccessProvider:
    """Reads and writes a context's data: ``<sandbox>/local_flytekit`` locally and the
    raw-output prefix (local or remote) for outputs.

    Effects are injectable: ``filesystems`` (fsspec by default), ``entropy`` (random names),
    ``clock`` (retry back-off and timings) and ``env`` (configuration when ``data_config`` is
    not given, and ``_F_P_WRITE_CHUNK_SIZE``).
    """

    def __init__(
        self,
        local_sandbox_dir: str | os.PathLike[str],
        raw_output_prefix: str,
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
        self._chunk_size = _chunk_size(environment)
        s3 = self._data_config.s3
        self._retry = RetryPolicy(retries=s3.retries, backoff=s3.backoff)

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
        if protocol == "ftp" and path is not None:
            url = urllib.parse.urlparse(path)
            found = {
                "host": url.hostname,
                "port": url.port,
                "username": url.username,
                "password": url.password,
            }
            kwargs = {**{k: v for k, v in found.items() if v is not None}, **kwargs}
        options = get_fsspec_storage_options(protocol, self._data_config, anonymous, **kwargs)
        return self._filesystems.filesystem(protocol, **options)

    def get_filesystem_for_path(
        self, path: str = "", anonymous: bool = False, **kwargs: object
    ) -> FileSystem:
        """The file system of ``path``'s protocol."""
        return self.get_filesystem(paths.get_protocol(path), anonymous, path=path, **kwargs)

    async def get_async_filesystem_for_path(
        self, path: str = "", anonymous: bool = False, **kwargs: object
    ) -> FileSystem:
        """Like ``get_filesystem_for_path``; async-capable stores get ``asynchronous=True`` and
        the running loop."""
        protocol = paths.get_protocol(path)
        if protocol in ("file", "local"):
            return self.get_filesystem(protocol, anonymous, path=path, **kwargs)
        return self.get_filesystem(
            protocol,
            anonymous,
            path=path,
            asynchronous=True,
            loop=asyncio.get_running_loop(),
            **kwargs,
        )

    # -- path helpers ----------------------------------------------------------------------

    @staticmethod
    def is_remote(path: str | os.PathLike[str]) -> bool:
        """Whether ``path`` is outside the local file system."""
        return paths.is_remote(str(path))

    @staticmethod
    def strip_file_header(path: str, trim_trailing_sep: bool = False) -> str:
        """``path`` without a leading ``file://``. ``trim_trailing_sep`` is accepted and
        ignored, as in the reference."""
        del trim_trailing_sep
        return paths.strip_file_header(path)

    @staticmethod
    def recursive_paths(f: str, t: str) -> tuple[str, str]:
        """Source and destination of a directory transfer with trailing separators: the source
        gets one when it is remote or an existing local directory; the destination always."""
        if paths.get_protocol(f) == "file":
            if os.path.isdir(f):
                f = paths.with_trailing_sep(f, os.sep)
        else:
            f = paths.with_trailing_sep(f, os.sep)
        return f, paths.with_trailing_sep(t, os.sep)

    def sep(self, file_system: FileSystem | None) -> str:
        """``os.sep`` for local (or no) file systems, the file system's separator otherwise."""
        if file_system is None or _is_local_fs(file_system):
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
    def get_file_tail(file_path_or_file_name: str) -> str:
        """The part after the last separator."""
        return paths.get_file_tail(file_path_or_file_name)

    def get_random_string(self) -> str:
        """32 random lowercase hexadecimal characters."""
        return self._entropy.random_hex()

    def get_random_local_path(self, file_path_or_file_name: str | None = None) -> str:
        """``<sandbox>/<random>[/<tail>]``; nothing is created."""
        path = os.path.join(self._local_sandbox_dir, self.get_random_string())
        if file_path_or_file_name:
            tail = os.path.split(file_path_or_file_name)[1]
            if tail:
                path = os.path.join(path, tail)
        return path

    def get_random_local_directory(self) -> str:
        """A new, empty directory ``<sandbox>/<random>``."""
        directory = self.get_random_local_path(None)
        os.makedirs(directory, exist_ok=True)
        return directory

    def get_random_remote_path(self, file_path_or_file_name: str | None = None) -> str:
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

    def exists(self, path: str) -> bool:
        """Whether ``path`` exists; an ``OSError`` is retried once anonymously."""
        if not paths.is_remote(path):
            return os.path.exists(paths.strip_file_header(path))
        try:
            return self._retried(lambda: self.get_filesystem_for_path(path).exists(path), path)
        except OSError:
            anonymous = self.get_filesystem_for_path(path, anonymous=True)
            return anonymous.exists(path)

    # -- transfers -------------------------------------------------------------------------

    def get(self, from_path: str, to_path: str, recursive: bool = False, **kwargs: object) -> str:
        """Download ``from_path`` to the local ``to_path`` (a directory's contents when
        ``recursive``). The destination is written atomically. A missing source raises
        ``DataNotFoundError``."""
        # Local copies need no file-system object (and so never import fsspec).
        fs = self.get_filesystem_for_path(from_path) if paths.is_remote(from_path) else None
        if recursive:
            from_path, to_path = self.recursive_paths(from_path, to_path)
        destination = paths.strip_file_header(to_path)
        try:
            if recursive:
                write_tree_atomically(
                    destination, lambda tmp: self._get_tree(fs, from_path, tmp, **kwargs)
                )
            else:
                if os.path.isdir(destination) or destination.endswith(os.sep):
                    destination = os.path.join(destination, paths.get_file_tail(from_path))
                write_file_atomically(
                    destination, lambda tmp: self._get_file(fs, from_path, tmp, **kwargs)
                )
        except OSError as error:
            if not self._exists_quietly(fs, from_path):
                raise DataNotFoundError(from_path) from error
            raise
        return to_path

    def _get_file(self, fs: FileSystem | None, source: str, target: str, **kw: object) -> None:
        if fs is None:
            shutil.copyfile(paths.strip_file_header(source), target)
            return
        self._retried(lambda: fs.get_file(source, target, **kw), source)

    def _get_tree(self, fs: FileSystem | None, source: str, target: str, **kw: object) -> None:
        if fs is None:
            local = paths.strip_file_header(source)
            if not os.path.isdir(local):
                raise FileNotFoundError(local)
            shutil.copytree(local, target, dirs_exist_ok=True, copy_function=shutil.copyfile)
            return
        if not fs.isdir(source.rstrip("/")):
            raise FileNotFoundError(source)
        self._retried(lambda: fs.get(source, target + os.sep, recursive=True, **kw), source)

    def _exists_quietly(self, fs: FileSystem | None, path: str) -> bool:
        if fs is None:
            return os.path.exists(paths.strip_file_header(path))
        try:
            return fs.exists(path.rstrip("/") if path.endswith("/") else path)
        except OSError:
            return True

    def put(self, from_path: str, to_path: str, recursive: bool = False, **kwargs: object) -> str:
        """Upload the local ``from_path`` to ``to_path`` (a directory's contents when
        ``recursive``); local destinations are written atomically. Execution metadata is
        attached to remote uploads. Returns the destination."""
        from_path = paths.strip_file_header(from_path)
        if recursive:
            if not os.path.isdir(from_path):
                raise InvalidUploadError(f"Source path {from_path} is not a directory")
            from_path, to_path = self.recursive_paths(from_path, to_path)
        if not paths.is_remote(to_path):
            destination = paths.strip_file_header(to_path)
            if recursive:
                write_tree_atomically(
                    destination,
                    lambda tmp: shutil.copytree(
                        from_path, tmp, dirs_exist_ok=True, copy_function=shutil.copyfile
                    ),
                )
            else:
                if os.path.isdir(destination) or destination.endswith(os.sep):
                    destination = os.path.join(destination, os.path.basename(from_path))
                write_file_atomically(destination, lambda tmp: shutil.copyfile(from_path, tmp))
            return to_path
        fs = self.get_filesystem_for_path(to_path)
        metadata_after = uploads_metadata_after_put(fs.protocol)
        if self._execution_metadata or (metadata_after and "metadata" in kwargs):
            given = kwargs.pop("metadata", None) or kwargs.pop("Metadata", None)
            metadata = self._execution_metadata or {}
            kwargs.update(upload_metadata_kwargs(fs.protocol, metadata, given))
        later = kwargs.pop("metadata", None) if metadata_after else None
        kwargs.update(get_additional_fsspec_call_kwargs(fs.protocol, "put", self._chunk_size))
        self._retried(lambda: fs.put(from_path, to_path, recursive=recursive, **kwargs), to_path)
        if isinstance(later, Mapping):
            self._set_metadata(fs, from_path, to_path, recursive, cast("Mapping[str, str]", later))
        return to_path

    def _set_metadata(
        self,
        fs: FileSystem,
        from_path: str,
        to_path: str,
        recursive: bool,
        metadata: Mapping[str, str],
    ) -> None:
        """Give every object that ``put`` just wrote ``metadata``, for file systems that take
        no metadata with ``put`` (adlfs). Objects map as fsspec's ``put`` maps them; each is
        retried on its own. Should this fail, the objects are complete and the error says so,
        but some may lack their metadata."""
        if not isinstance(fs, _SetsMetadata):
            raise InvalidUploadError(f"{fs.protocol} file systems cannot store metadata")
        if recursive:
            remotes = [
                to_path + os.path.relpath(local, from_path).replace(os.sep, "/")
                for local in _files_under(from_path)
            ]
        elif to_path.endswith("/") or self._retried(lambda: fs.isdir(to_path), to_path):
            remotes = [to_path.rstrip("/") + "/" + os.path.basename(from_path)]
        else:
            remotes = [to_path]
        for remote in remotes:
            self._retried(functools.partial(_setxattrs_retryably, fs, remote, metadata), remote)

    def put_raw_data(
        self,
        lpath: Uploadable,
        upload_prefix: str | None = None,
        file_name: str | None = None,
        read_chunk_size_bytes: int = 1024,
        encoding: str = "utf-8",
        skip_raw_data_prefix: bool = False,
        **kwargs: object,
    ) -> str:
        """Upload a path, bytes or a stream under the raw-output prefix (or under
        ``upload_prefix`` itself with ``skip_raw_data_prefix``); returns where it went."""
        prefix = self.get_random_string() if upload_prefix is None else upload_prefix
        to_path = prefix if skip_raw_data_prefix else self.join(self._raw_output_prefix, prefix)
        if file_name:
            to_path = self.join(to_path, file_name)
        elif isinstance(lpath, (str, os.PathLike)):
            to_path = self.join(to_path, self.get_file_tail(os.fspath(lpath)))
        else:
            to_path = self.join(to_path, self.get_random_string())
        if isinstance(lpath, (str, os.PathLike)):
            local = os.fspath(lpath)
            if not os.path.lexists(local):
                raise InvalidUploadError(f"File {local} does not exist")
            if os.path.islink(local):
                raise InvalidUploadError(f"File {local} is a symlink, can't upload")
            return self._upload(local, local, to_path, os.path.isdir(local), **kwargs)
        if isinstance(lpath, bytes):
            self._put_value(to_path, lambda out: out.write(lpath), "<bytes>", **kwargs)
            return to_path
        if isinstance(lpath, (io.BufferedReader, io.BytesIO, io.StringIO)):  # pyright: ignore[reportUnnecessaryIsInstance] - callers are not always typed
            stream = lpath
            if not stream.readable():
                raise InvalidUploadError("Buffered reader must be readable")

            def copy(out: IO[bytes]) -> None:
                stream.seek(0)
                while chunk := stream.read(read_chunk_size_bytes):
                    out.write(chunk.encode(encoding) if isinstance(chunk, str) else chunk)

            self._put_value(to_path, copy, f"<{type(stream).__name__}>", **kwargs)
            return to_path
        raise InvalidUploadError(f"Unsupported lpath type {type(lpath)}")

    def _upload(
        self, source: str, described: str, to_path: str, recursive: bool, **kwargs: object
    ) -> str:
        try:
            return self.put(source, to_path, recursive=recursive, **kwargs)
        except InvalidUploadError:
            raise
        except Exception as error:
            raise UploadDataError(described, to_path, recursive, str(error)) from error

    def _put_value(
        self,
        to_path: str,
        writer: Callable[[IO[bytes]], object],
        described: str,
        **kwargs: object,
    ) -> None:
        """Write a value (bytes or a stream) to ``to_path``: locally through a temporary file
        renamed into place; remotely by staging it in the sandbox first, so that a failing
        source uploads nothing and every retry sends the whole value."""

        def fill(path: str) -> None:
            with open(path, "wb") as out:
                writer(out)

        if not self.is_remote(to_path):
            try:
                write_file_atomically(paths.strip_file_header(to_path), fill)
            except Exception as error:
                raise UploadDataError(described, to_path, False, str(error)) from error
            return
        staged = self.get_random_local_path("staged")
        try:
            try:
                write_file_atomically(staged, fill)
            except Exception as error:
                raise UploadDataError(described, to_path, False, str(error)) from error
            self._upload(staged, described, to_path, False, **kwargs)
        finally:
            shutil.rmtree(os.path.dirname(staged), ignore_errors=True)

    def get_data(
        self, remote_path: str, local_path: str, is_multipart: bool = False, **kwargs: object
    ) -> None:
        """Download, timed into the current context's timeline. A missing source raises
        ``DataNotFoundError``; any other failure ``DownloadDataError`` (chained)."""
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
        remote_path: str,
        is_multipart: bool = False,
        **kwargs: object,
    ) -> str:
        """Upload, timed into the current context's timeline; returns ``remote_path`` as
        given. Any failure raises ``UploadDataError`` (chained)."""
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

    def download_directory(self, remote_path: str, local_path: str, **kwargs: object) -> None:
        """Download a directory's contents into ``local_path``."""
        self.get_data(remote_path, local_path, is_multipart=True, **kwargs)

    def download(self, remote_path: str, local_path: str, **kwargs: object) -> None:
        """Download one file."""
        self.get_data(remote_path, local_path, False, **kwargs)

    def upload(self, file_path: str, to_path: str, **kwargs: object) -> str:
        """Upload one file."""
        return self.put_data(file_path, to_path, False, **kwargs)

    def upload_directory(self, local_path: str, remote_path: str, **kwargs: object) -> str:
        """Upload a directory's contents into ``remote_path``."""
        return self.put_data(local_path, remote_path, is_multipart=True, **kwargs)

    # -- async twins -----------------------------------------------------------------------

    async def async_get(
        self, from_path: str, to_path: str, recursive: bool = False, **kwargs: object
    ) -> str:
        """``get`` in a worker thread (the caller's context goes with it)."""
        return await asyncio.to_thread(self.get, from_path, to_path, recursive, **kwargs)

    async def async_put(
        self, from_path: str, to_path: str, recursive: bool = False, **kwargs: object
    ) -> str:
        """``put`` in a worker thread."""
        return await asyncio.to_thread(self.put, from_path, to_path, recursive, **kwargs)

    async def async_put_raw_data(
        self,
        lpath: Uploadable,
        upload_prefix: str | None = None,
        file_name: str | None = None,
        read_chunk_size_bytes: int = 1024,
        encoding: str = "utf-8",
        skip_raw_data_prefix: bool = False,
        **kwargs: object,
    ) -> str:
        """``put_raw_data`` in a worker thread."""
        return await asyncio.to_thread(
            self.put_raw_data,
            lpath,
            upload_prefix,
            file_name,
            read_chunk_size_bytes,
            encoding,
            skip_raw_data_prefix,
            **kwargs,
        )

    async def async_get_data(
        self, remote_path: str, local_path: str, is_multipart: bool = False, **kwargs: object
    ) -> None:
        """``get_data`` in a worker thread."""
        await asyncio.to_thread(self.get_data, remote_path, local_path, is_multipart, **kwargs)

    async def async_put_data(
        self,
        local_path: str | os.PathLike[str],
        remote_path: str,
        is_multipart: bool = False,
        **kwargs: object,
    ) -> str:
        """``put_data`` in a worker thread."""
        return await asyncio.to_thread(
            self.put_data, local_path, remote_path, is_multipart, **kwargs
        )

    # -- internals -------------------------------------------------------------------------

    def _retried(self, call: Callable[[], _T], path: str) -> _T:
        return with_retries(call, self._retry, self._clock, f"storage call on {path}")
