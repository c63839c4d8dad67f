"""The async face of ``FileAccessProvider``, as a base class of it: the ``async_*`` twins of
its transfers, and ``get_async_filesystem_for_path``.

Why apart: each twin is its sync method run in a worker thread, nothing more; kept here, the
provider's module holds only what transfers decide to do and do. ``asyncio.to_thread`` copies
the caller's ``contextvars`` into the thread, so the current context goes with the call.
``asyncio`` is imported by each method, not by the module: a caller awaiting one has it loaded
already, and the provider's first use (the root context) does not pay ~25 ms for it.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Protocol, TypeAlias

from ctxcore.core.storage import paths

if TYPE_CHECKING:
    from ctxcore.core.ports import FileSystem
    from ctxcore.shell.file_access import Uploadable

_Path: TypeAlias = "str | os.PathLike[str]"
"""A path as the transfers take it: a string or anything ``os.fspath`` turns into one."""

READ_CHUNK_BYTES = 1024
"""Default read size of a stream given to ``put_raw_data`` (the reference's)."""


class _Transfers(Protocol):
    """The sync methods the async face runs (``FileAccessProvider`` has them)."""

    def get_filesystem(
        self,
        protocol: str | None = ...,
        anonymous: bool = ...,
        path: str | None = ...,
        **kwargs: object,
    ) -> FileSystem: ...

    def get(
        self, from_path: _Path, to_path: _Path, recursive: bool = ..., **kwargs: object
    ) -> str: ...

    def put(
        self, from_path: _Path, to_path: _Path, recursive: bool = ..., **kwargs: object
    ) -> str: ...

    def put_raw_data(
        self,
        lpath: Uploadable,
        upload_prefix: str | None = ...,
        file_name: str | None = ...,
        read_chunk_size_bytes: int = ...,
        encoding: str = ...,
        skip_raw_data_prefix: bool = ...,
        **kwargs: object,
    ) -> str: ...

    def get_data(
        self, remote_path: _Path, local_path: _Path, is_multipart: bool = ..., **kwargs: object
    ) -> None: ...

    def put_data(
        self,
        local_path: _Path,
        remote_path: _Path,
        is_multipart: bool = ...,
        **kwargs: object,
    ) -> str: ...


class AsyncFileAccess:
    """The async methods of ``FileAccessProvider``: ``get_async_filesystem_for_path``, and
    ``async_get``, ``async_put``, ``async_put_raw_data``, ``async_get_data`` and
    ``async_put_data``, each the sync transfer of the same name in a worker thread."""

    async def get_async_filesystem_for_path(
        self: _Transfers, path: _Path = "", anonymous: bool = False, **kwargs: object
    ) -> FileSystem:
        """Like ``get_filesystem_for_path``; async-capable stores get ``asynchronous=True`` and
        the running loop."""
        import asyncio

        path = os.fspath(path)
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

    async def async_get(
        self: _Transfers,
        from_path: _Path,
        to_path: _Path,
        recursive: bool = False,
        **kwargs: object,
    ) -> str:
        """``get`` in a worker thread (the caller's context goes with it)."""
        import asyncio

        return await asyncio.to_thread(self.get, from_path, to_path, recursive, **kwargs)

    async def async_put(
        self: _Transfers,
        from_path: _Path,
        to_path: _Path,
        recursive: bool = False,
        **kwargs: object,
    ) -> str:
        """``put`` in a worker thread."""
        import asyncio

        return await asyncio.to_thread(self.put, from_path, to_path, recursive, **kwargs)

    async def async_put_raw_data(
        self: _Transfers,
        lpath: Uploadable,
        upload_prefix: str | None = None,
        file_name: str | None = None,
        read_chunk_size_bytes: int = READ_CHUNK_BYTES,
        encoding: str = "utf-8",
        skip_raw_data_prefix: bool = False,
        **kwargs: object,
    ) -> str:
        """``put_raw_data`` in a worker thread."""
        import asyncio

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
        self: _Transfers,
        remote_path: _Path,
        local_path: _Path,
        is_multipart: bool = False,
        **kwargs: object,
    ) -> None:
        """``get_data`` in a worker thread."""
        import asyncio

        await asyncio.to_thread(self.get_data, remote_path, local_path, is_multipart, **kwargs)

    async def async_put_data(
        self: _Transfers,
        local_path: _Path,
        remote_path: _Path,
        is_multipart: bool = False,
        **kwargs: object,
    ) -> str:
        """``put_data`` in a worker thread."""
        import asyncio

        return await asyncio.to_thread(
            self.put_data, local_path, remote_path, is_multipart, **kwargs
        )
