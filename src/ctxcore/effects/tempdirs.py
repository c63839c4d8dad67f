"""Scratch directories under the system's temporary directory (the ``TempDirs`` port)."""

from __future__ import annotations

import tempfile

__all__ = [
    "SystemTempDirs",
]


class SystemTempDirs:
    """Directories under the system's temporary directory (``TMPDIR``), or under ``base``."""

    def __init__(self, base: str | None = None) -> None:
        self._base = base

    def make(self, prefix: str) -> str:
        return tempfile.mkdtemp(prefix=prefix, dir=self._base)
