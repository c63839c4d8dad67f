"""``FlyteLocalFileSystem``: the local fsspec file system that ``file`` paths are opened with.

The reference's class of the same name (``flytekit.core.local_fsspec``) is fsspec's
``LocalFileSystem`` with the platform's separator (``os.sep``) as its ``sep``; this is the same,
so ``isinstance(fa.get_filesystem("file"), FlyteLocalFileSystem)`` and subclasses registered
with fsspec keep working. Importing this module imports fsspec.

Type checkers see it as ``type[LocalFileSystem]``: fsspec ships no types, so a class deriving
from its class would make ctxcore's public types incomplete (``pyright --verifytypes``); at run
time it is a real subclass, and subclassing it works (type checkers then want the subclass to
derive from ``LocalFileSystem``, which it also does).
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

from fsspec.implementations.local import LocalFileSystem

__all__ = [
    "FlyteLocalFileSystem",
]

if TYPE_CHECKING:
    FlyteLocalFileSystem: type[LocalFileSystem]
    """fsspec's local file system whose separator is the platform's (``os.sep``)."""
else:

    class FlyteLocalFileSystem(LocalFileSystem):
        """fsspec's local file system whose separator is the platform's (``os.sep``), as the
        reference's; ``FileAccessProvider.get_filesystem("file")`` returns one (with
        ``auto_mkdir=True``)."""

        sep = os.sep
