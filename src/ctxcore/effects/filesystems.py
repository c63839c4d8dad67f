"""The file-system effect: fsspec file systems by protocol (fsspec is imported on first use)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol, runtime_checkable

if TYPE_CHECKING:
    from fsspec.spec import AbstractFileSystem


@runtime_checkable
class FileSystems(Protocol):
    """Where file systems come from: fsspec by default, anything with its interface in tests."""

    def filesystem(self, protocol: str, **options: object) -> AbstractFileSystem:
        """The file system for ``protocol`` configured with ``options``."""
        ...


class FsspecFileSystems:
    """fsspec's registry; ``file`` is a local file system that creates parent directories."""

    def filesystem(self, protocol: str, **options: object) -> AbstractFileSystem:
        import fsspec  # deferred: fsspec costs ~0.2 s to import

        if protocol in ("file", "local"):
            from fsspec.implementations.local import LocalFileSystem

            options.setdefault("auto_mkdir", True)
            return LocalFileSystem(**options)
        return fsspec.filesystem(protocol, **options)
