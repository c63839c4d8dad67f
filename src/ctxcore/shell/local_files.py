"""Reading small local files (configuration, secrets) with a size limit."""

from __future__ import annotations

import os

MAX_SECRET_FILE_BYTES = 1 << 20
"""Largest secret file (a client secret, a task secret) ctxcore reads: 1 MiB."""


def read_at_most(path: str, limit: int) -> bytes:
    """The content of ``path``, or its first ``limit + 1`` bytes when it is larger (so the
    caller can tell "too large" apart without reading more).

    Raises what ``os.open`` raises (``FileNotFoundError``, ``IsADirectoryError`` on read, ...).
    Uses ``os.open``/``os.read``: secrets are read on every lookup, and the ``io`` stack costs
    more than the read itself.
    """
    fd = os.open(path, os.O_RDONLY)
    try:
        size_hint = os.fstat(fd).st_size  # may be 0 or stale (procfs, a growing file)
        chunks: list[bytes] = []
        total = 0
        want = min(size_hint, limit) + 1 if size_hint else 65536
        while total <= limit:
            chunk = os.read(fd, want)
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
            want = 65536
        return b"".join(chunks)
    finally:
        os.close(fd)
