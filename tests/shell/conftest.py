"""Fixtures of the shell tests: a small disk, for what fills a disk."""

from __future__ import annotations

import resource
import signal
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

SMALL_DISK_BYTES = 4 << 20
"""The small disk: 4 MiB, so that a copy that never ends fills it within milliseconds."""


def _mount_tmpfs(where: Path) -> bool:
    """Whether a tmpfs of ``SMALL_DISK_BYTES`` could be mounted at ``where`` (root on Linux)."""
    try:
        mounted = subprocess.run(
            ["mount", "-t", "tmpfs", "-o", f"size={SMALL_DISK_BYTES}", "tmpfs", str(where)],
            capture_output=True,
            check=False,
        )
    except OSError:  # no mount command
        return False
    return mounted.returncode == 0


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A directory where no more than 4 MiB can be written.

    A tmpfs of its own, mounted for the test, where the process may mount one (root on
    Linux); elsewhere a plain directory while the process may write no file larger than
    4 MiB (``RLIMIT_FSIZE``, with ``SIGXFSZ`` ignored so that such a write fails with
    ``EFBIG`` instead of ending the process): a file bounded, if not the disk.
    """
    where = tmp_path / "small-disk"
    where.mkdir()
    if _mount_tmpfs(where):
        try:
            yield where
        finally:
            subprocess.run(["umount", "--lazy", str(where)], check=True)
        return
    limits = resource.getrlimit(resource.RLIMIT_FSIZE)
    previous = signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (SMALL_DISK_BYTES, limits[1]))
    try:
        yield where
    finally:
        resource.setrlimit(resource.RLIMIT_FSIZE, limits)
        signal.signal(signal.SIGXFSZ, previous)
