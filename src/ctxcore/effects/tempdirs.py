"""The temporary-directory effect: where scratch directories are created."""

from __future__ import annotations

import tempfile
from typing import Protocol, runtime_checkable


@runtime_checkable
class TempDirs(Protocol):
    """Makes new, empty, private directories."""

    def make(self, prefix: str) -> str:
        """Create a new directory whose name starts with ``prefix``; return its path."""
        ...


class SystemTempDirs:
    """Directories under the system's temporary directory (``TMPDIR``), or under ``base``."""

    def __init__(self, base: str | None = None) -> None:
        self._base = base

    def make(self, prefix: str) -> str:
        return tempfile.mkdtemp(prefix=prefix, dir=self._base)
