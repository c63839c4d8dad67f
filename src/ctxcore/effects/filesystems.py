"""The file-system effect: fsspec file systems by protocol (fsspec is imported on first use).

``FileSystem`` is the part of fsspec's ``AbstractFileSystem`` that ctxcore uses and returns,
declared here so that users' type checkers see real types without stubs for fsspec.
"""

from __future__ import annotations

from typing import IO, Protocol, runtime_checkable


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


class FsspecFileSystems:
    """fsspec's registry; ``file`` is a local file system that creates parent directories."""

    def filesystem(self, protocol: str, **options: object) -> FileSystem:
        import fsspec  # deferred: fsspec costs ~0.2 s to import

        if protocol in ("file", "local"):
            from fsspec.implementations.local import LocalFileSystem

            options.setdefault("auto_mkdir", True)
            return LocalFileSystem(**options)
        return fsspec.filesystem(protocol, **options)
