"""fsspec's file systems by protocol (the ``FileSystems`` port); fsspec is imported on first use.

What they are to ctxcore is the ``FileSystem`` port: the part of fsspec's ``AbstractFileSystem``
that ctxcore uses and returns, declared so that users' type checkers need no stubs for fsspec.
"""

from __future__ import annotations

from ctxcore.core.ports import FileSystem

__all__ = [
    "FsspecFileSystems",
]


class FsspecFileSystems:
    """fsspec's registry; ``file`` is a ``FlyteLocalFileSystem`` that creates parent
    directories."""

    def filesystem(self, protocol: str, **options: object) -> FileSystem:
        import fsspec  # deferred: fsspec costs ~0.2 s to import

        if protocol in ("file", "local"):
            from ctxcore.effects.local_fsspec import FlyteLocalFileSystem

            options.setdefault("auto_mkdir", True)
            return FlyteLocalFileSystem(**options)
        return fsspec.filesystem(protocol, **options)
