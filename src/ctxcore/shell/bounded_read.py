"""Bounded reads of small local files (secrets, config files): never more than a limit, never
a FIFO or a device, never the undecodable bytes in an error.

Why a module of its own, apart from ``ctxcore.shell.local_io`` (the local effects of file access
and checkpoints): the root context reads secrets and config on first use, which transfers
nothing, and so should not import the transfer machinery (plans, checkpoints, local and
remote I/O).
"""

from __future__ import annotations

import errno
import os
from typing import NoReturn

from ctxcore.core.storage import kinds

__all__ = [
    "MAX_SECRET_FILE_BYTES",
    "READ_BLOCK_BYTES",
    "read_at_most",
    "utf8_or_none",
]

MAX_SECRET_FILE_BYTES = 1 << 20
"""Largest secret file (a client secret, a task secret) ctxcore reads: 1 MiB."""

READ_BLOCK_BYTES = 1 << 16
"""The read size of ``read_at_most`` once the size hint is used up (or absent, as on procfs):
64 KiB, large enough that a small file takes one more read at most."""


def utf8_or_none(data: bytes) -> str | None:
    """``data`` as UTF-8 text, or ``None``: never the decode error, whose ``.object`` holds all
    of ``data`` (a secret, when a secret was read) and would stay in the chain of an error
    raised while handling it."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return None


def read_at_most(path: str, limit: int) -> bytes:
    """The content of ``path``, or its first ``limit + 1`` bytes when it is larger (so the
    caller can tell "too large" apart without reading more).

    Raises what ``os.open`` raises (``FileNotFoundError``, ...), ``IsADirectoryError`` for a
    directory and ``SpecialFileError`` for anything else that is not a regular file: opened
    without blocking and checked before a byte is read, so a FIFO (which would block until a
    writer came) or a terminal is refused at once. Uses ``os.open``/``os.read``: secrets are
    read on every lookup, and the ``io`` stack costs more than the read itself.
    """
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)  # no effect on a regular file
    try:
        status = os.fstat(fd)
        if not kinds.is_regular(status.st_mode):
            _refuse_to_read(path, status.st_mode)
        size_hint = status.st_size  # may be 0 or stale (procfs, a growing file)
        chunks: list[bytes] = []
        total = 0
        want = min(size_hint, limit) + 1 if size_hint else READ_BLOCK_BYTES
        while total <= limit:
            chunk = os.read(fd, want)
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
            want = READ_BLOCK_BYTES
        return b"".join(chunks)
    finally:
        os.close(fd)


def _refuse_to_read(path: str, mode: int) -> NoReturn:
    """Raise what reading ``path`` (not a regular file) would have raised: a directory's
    ``IsADirectoryError``, or ``SpecialFileError``."""
    kind = kinds.kind_of(mode)
    if kind is kinds.FileKind.DIRECTORY:
        raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR), path)
    raise kinds.Special(path, kind, "file").error()
