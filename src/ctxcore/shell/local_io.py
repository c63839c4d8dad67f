"""Every local file operation of file access, checkpoints and secret reads: the one module of
the shell that calls ``os`` and ``shutil`` for them.

Why one module: the plans of ``ctxcore.core.storage.plan`` say what to copy where; this is how
it is done, so that a reader (or a test that fakes the disk) finds every local effect here, and
the durable-write rule holds for every caller.

How a durable write works: a local destination is written under a temporary name beside it
and renamed into place, so it holds the old content or the new, never a part, whatever happens
to the process (the data is not fsynced: after a power loss the file system decides). A tree
is written into a temporary directory beside its destination, then renamed there or merged
into it file by file.
"""

from __future__ import annotations

import contextlib
import io
import os
import shutil
from collections.abc import Callable
from typing import TypeAlias, cast

from ctxcore.core.storage import paths, plan

MAX_SECRET_FILE_BYTES = 1 << 20
"""Largest secret file (a client secret, a task secret) ctxcore reads: 1 MiB."""

READ_BLOCK_BYTES = 1 << 16
"""The read size of ``read_at_most`` once the size hint is used up (or absent, as on procfs):
64 KiB, large enough that a small file takes one more read at most."""

TEMPORARY_NAME_RANDOM_BYTES = 8
"""Random bytes in a temporary name: 64 bits, so that siblings written at once never collide,
and the name stays short (see ``_temporary_name``)."""

# -- facts for the planner -------------------------------------------------------------------


def is_directory(path: str) -> bool:
    """Whether ``path`` is a directory (following symbolic links)."""
    return os.path.isdir(path)


def exists(path: str) -> bool:
    """Whether something is at ``path`` (a dangling symbolic link is not)."""
    return os.path.exists(path)


def disk_facts(source: str, destination: str) -> plan.DiskFacts:
    """What the disk says about a transfer's two ends (``file://`` removed), whether or not its
    plan will use it (a stat each): the shell decides nothing."""
    return plan.DiskFacts(
        is_directory(paths.strip_file_header(source)),
        is_directory(paths.strip_file_header(destination)),
    )


def raw_value(value: object) -> plan.RawValue:
    """What the planner needs to know of a value given to ``put_raw_data``: what the disk says
    about a path, whether a stream is readable, the type of anything else."""
    if isinstance(value, str):
        return local_path(value)
    if isinstance(value, os.PathLike):
        return local_path(os.fspath(cast("os.PathLike[str]", value)))
    if isinstance(value, bytes):
        return plan.InMemory("bytes")
    kind = type(value)
    if isinstance(value, (io.BufferedReader, io.BytesIO, io.StringIO)):
        return plan.InMemory(kind.__name__, readable=value.readable())
    return plan.Unsupported(str(kind))


def local_path(path: str) -> plan.LocalPath:
    """What the disk says about a local path given to ``put_raw_data``."""
    return plan.LocalPath(
        path,
        exists=os.path.lexists(path),
        is_link=os.path.islink(path),
        is_directory=os.path.isdir(path),
    )


def relative_files(directory: str) -> list[str]:
    """Every file below ``directory``, relative to it, in a stable order."""
    found = sorted(
        os.path.join(parent, name) for parent, _, names in os.walk(directory) for name in names
    )
    return [os.path.relpath(path, directory) for path in found]


def largest_file_bytes(path: str) -> int:
    """The size of the file ``path``, or of the largest file below the directory ``path``
    (links followed, as an upload reads them); 0 for none, or when it cannot be told."""
    if not os.path.isdir(path):
        return _size(path)
    return max(
        (_size(os.path.join(parent, name)) for parent, _, names in os.walk(path) for name in names),
        default=0,
    )


def _size(path: str) -> int:
    try:
        return os.stat(path).st_size
    except OSError:
        return 0


# -- directories -----------------------------------------------------------------------------


def make_directories(path: str) -> None:
    """Create ``path`` and its missing parents (an existing directory is fine)."""
    os.makedirs(path, exist_ok=True)


def list_directory(path: str) -> list[str]:
    """The names in the directory ``path``, in no particular order."""
    return os.listdir(path)


def remove_tree(path: str) -> None:
    """Remove ``path`` and everything below it; whatever cannot be removed stays, silently."""
    shutil.rmtree(path, ignore_errors=True)


# -- copies and values -----------------------------------------------------------------------


def copy(step: plan.Copy) -> None:
    """Perform a planned local copy."""
    if step.recursive:
        copy_tree_atomically(step.source, step.destination)
    else:
        copy_file_atomically(step.source, step.destination)


def copy_file_atomically(source: str, destination: str) -> None:
    """Copy the file ``source`` to ``destination`` (its bytes; not its mode or times)."""
    write_file_atomically(destination, lambda temporary: shutil.copyfile(source, temporary))


def copy_tree_atomically(source: str, destination: str) -> None:
    """Copy the files below ``source`` into the directory ``destination`` (bytes only).

    A ``source`` that is no directory raises ``FileNotFoundError``, as a missing one does.
    """

    def fill(temporary: str) -> None:
        if not os.path.isdir(source):
            raise FileNotFoundError(source)
        shutil.copytree(source, temporary, dirs_exist_ok=True, copy_function=shutil.copyfile)

    write_tree_atomically(destination, fill)


InMemoryValue: TypeAlias = "bytes | io.BufferedReader | io.BytesIO | io.StringIO"
"""A value ``put_raw_data`` writes itself (rather than copying a path)."""


def write_value_atomically(
    path: str, value: InMemoryValue, chunk_bytes: int, encoding: str
) -> None:
    """Write ``value`` to the file ``path``, atomically: bytes as they are, a stream read from
    its start in ``chunk_bytes`` pieces (text encoded with ``encoding``)."""

    def fill(temporary: str) -> None:
        with open(temporary, "wb") as out:
            if isinstance(value, bytes):
                out.write(value)
                return
            value.seek(0)
            while chunk := value.read(chunk_bytes):
                out.write(chunk.encode(encoding) if isinstance(chunk, str) else chunk)

    write_file_atomically(path, fill)


def copy_stream(source: io.IOBase, path: str) -> None:
    """Write what is left of the binary stream ``source`` to the file ``path`` (not
    atomically: for a scratch file no one else reads)."""
    with open(path, "wb") as out:
        shutil.copyfileobj(source, out)


def read_file(path: str) -> bytes:
    """The content of the file ``path`` (for files ctxcore wrote itself: no size limit)."""
    with open(path, "rb") as source:
        return source.read()


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
