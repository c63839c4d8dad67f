"""Every local file operation of file access, checkpoints and secret reads: the one module of
the shell that calls ``os`` and ``shutil`` for them.

How a durable write works: a local destination is written under a temporary name beside it
and renamed into place, so it holds the old content or the new, never a part, whatever happens
to the process (the data is not fsynced: after a power loss the file system decides). A tree
is written into a temporary directory beside its destination, then renamed there or merged
into it file by file.
"""

from __future__ import annotations

import contextlib
import os
import shutil
from collections.abc import Callable

MAX_SECRET_FILE_BYTES = 1 << 20
"""Largest secret file (a client secret, a task secret) ctxcore reads: 1 MiB."""

READ_BLOCK_BYTES = 1 << 16
"""The read size of ``read_at_most`` once the size hint is used up (or absent, as on procfs):
64 KiB, large enough that a small file takes one more read at most."""

TEMPORARY_NAME_RANDOM_BYTES = 8
"""Random bytes in a temporary name: 64 bits, so that siblings written at once never collide,
and the name stays short (see ``_temporary_name``)."""

# -- durable writes --------------------------------------------------------------------------


def write_file_atomically(destination: str, write: Callable[[str], object]) -> None:
    """Have ``write`` fill a temporary file beside ``destination``, then rename it there."""
    parent = os.path.dirname(destination) or "."
    os.makedirs(parent, exist_ok=True)
    temporary = _temporary_name(parent)
    try:
        write(temporary)
        os.replace(temporary, destination)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.remove(temporary)
        raise


def write_tree_atomically(destination: str, write: Callable[[str], object]) -> None:
    """Have ``write`` fill a temporary directory beside ``destination``, then move its files
    into ``destination`` (created if needed; files already there and not rewritten stay).

    Each file appears whole or not at all; if ``write`` fails, ``destination`` is untouched.
    """
    destination = destination.rstrip(os.sep) or os.sep
    parent = os.path.dirname(destination) or "."
    os.makedirs(parent, exist_ok=True)
    temporary = _temporary_name(parent)
    os.mkdir(temporary)  # as any new directory: the umask decides its mode
    try:
        write(temporary)
        if not os.path.exists(destination) or _is_empty_directory(destination):
            os.rename(temporary, destination)  # also replaces an empty directory, atomically
            return
        _merge_into(temporary, destination)
    finally:
        shutil.rmtree(temporary, ignore_errors=True)


def _is_empty_directory(path: str) -> bool:
    try:
        with os.scandir(path) as entries:
            return next(entries, None) is None
    except NotADirectoryError:
        return False


def _temporary_name(parent: str) -> str:
    """A new hidden name in ``parent``: short (so that a destination whose own name is near
    the 255-character limit still has a temporary sibling) and random (no collisions).

    Not ``mkstemp``: having the writer reopen an existing empty file made a 256 MiB copy ~15%
    slower than ``shutil.copyfile``.
    """
    return os.path.join(parent, f".ctxcore-{os.urandom(TEMPORARY_NAME_RANDOM_BYTES).hex()}.part")


def _merge_into(source: str, destination: str) -> None:
    for directory, _, files in os.walk(source):
        relative = os.path.relpath(directory, source)
        target = destination if relative == "." else os.path.join(destination, relative)
        os.makedirs(target, exist_ok=True)
        for name in files:
            os.replace(os.path.join(directory, name), os.path.join(target, name))


# -- bounded reads ---------------------------------------------------------------------------


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
