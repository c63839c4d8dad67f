"""Every local file operation of file access and checkpoints: the one module of the shell that
calls ``os`` and ``shutil`` for them (bounded reads of secrets and config files are
``ctxcore.shell.bounded_read``'s, which first use needs without any of this).

Why one module: the plans of ``ctxcore.core.storage.plan`` say what to copy where; this is how
it is done, so that a reader (or a test that fakes the disk) finds every local effect here, and
the durable-write rule holds for every caller.

How a durable write works: a local destination is written under a temporary name beside it
and renamed into place, so it holds the old content or the new, never a part, whatever happens
to the process (the data is not fsynced: after a power loss the file system decides). A tree
is written into a temporary directory beside its destination, then renamed there or merged
into it file by file. Writers racing to one destination all succeed: the first rename puts its
tree in place and the others merge into it, so each file is whole and the last writer's.
"""

from __future__ import annotations

import contextlib
import errno
import functools
import io
import os
import shutil
import sys
from collections.abc import Callable, Generator
from typing import TypeAlias, cast

import attrs

from ctxcore.core.storage import checkpoint, kinds, paths, plan

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


def _mode(path: str) -> int | None:
    """The ``st_mode`` of ``path`` (links followed), ``None`` when nothing is there (or a
    dangling link, or no permission: the transfer itself then says what is wrong)."""
    try:
        return os.stat(path).st_mode
    except (OSError, ValueError):  # ValueError: a NUL in the path
        return None


def disk_facts(source: str, destination: str) -> plan.DiskFacts:
    """What the disk says about a transfer's two local ends (``file://`` removed; a remote end
    is not asked about), whether or not its plan will use it: a stat each, and for a source
    directory a walk for special files and both ends' real paths. The shell decides nothing."""
    source, destination = paths.strip_file_header(source), paths.strip_file_header(destination)
    source_mode = None if paths.is_remote(source) else _mode(source)
    destination_mode = None if paths.is_remote(destination) else _mode(destination)
    source_is_directory = _is_directory_mode(source_mode)
    both_real = source_is_directory and not paths.is_remote(destination)
    return plan.DiskFacts(
        source_is_directory,
        _is_directory_mode(destination_mode),
        first_special_below(source) if source_is_directory else kinds.special(source, source_mode),
        kinds.special(destination, destination_mode, "destination"),
        os.path.realpath(source) if both_real else None,
        os.path.realpath(destination) if both_real else None,
    )


def checkpoint_facts(source: str, destination: str) -> plan.DiskFacts:
    """``disk_facts`` of a checkpoint save, with both local ends' real paths whatever the
    source is (a save replaces its destination whole: neither may hold the other)."""
    facts = disk_facts(source, destination)
    if paths.is_remote(source) or paths.is_remote(destination):
        return facts
    return attrs.evolve(
        facts,
        source_real=os.path.realpath(paths.strip_file_header(source)),
        destination_real=os.path.realpath(paths.strip_file_header(destination)),
    )


def _is_directory_mode(mode: int | None) -> bool:
    return mode is not None and kinds.kind_of(mode) is kinds.FileKind.DIRECTORY


def first_special_below(directory: str) -> kinds.Special | None:
    """The first file below ``directory`` that is neither a regular file nor a directory,
    links followed as the copies follow them (each directory walked once, so a link loop
    ends); ``None`` when there is none. Costs a directory read a directory, and a stat for
    each link and each directory (``DirEntry`` knows the rest from the read)."""
    pending, seen = [directory], set[tuple[int, int]]()
    while pending:
        try:
            entries = os.scandir(pending.pop())
        except OSError:  # unreadable: the copy says so
            continue
        with entries:
            for entry in entries:
                try:
                    if entry.is_dir():
                        status = entry.stat()
                        if (status.st_dev, status.st_ino) not in seen:
                            seen.add((status.st_dev, status.st_ino))
                            pending.append(entry.path)
                    elif not entry.is_file():
                        found = kinds.special(entry.path, entry.stat().st_mode)
                        if found is not None:
                            return found
                except OSError:  # noqa: PERF203 - a dangling link or a race: the copy says so
                    continue
    return None


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
    mode = _mode(path)
    return plan.LocalPath(
        path,
        exists=os.path.lexists(path),
        is_link=os.path.islink(path),
        is_directory=_is_directory_mode(mode),
        special=kinds.special(path, mode),
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
    write_file_atomically(destination, lambda temporary: _copy_regular_file(source, temporary))


def _copy_regular_file(source: str, destination: str) -> None:
    """``shutil.copyfile`` of a regular file only: a device would be copied until the disk is
    full. The plan refused what the disk showed before the transfer; this catches a file that
    became special since (checked as ``shutil`` checks FIFOs: a stat, then the copy)."""
    _refuse_special(source, "source")
    shutil.copyfile(source, destination)


def _refuse_special(path: str, role: str) -> None:
    found = kinds.special(path, _mode(path), role)
    if found is not None:
        raise found.error()


def copy_tree_atomically(source: str, destination: str) -> None:
    """Copy the files below ``source`` into the directory ``destination`` (bytes only).

    A ``source`` that is no directory raises ``FileNotFoundError``, as a missing one does.
    """

    def fill(temporary: str) -> None:
        if not os.path.isdir(source):
            raise FileNotFoundError(source)
        shutil.copytree(source, temporary, dirs_exist_ok=True, copy_function=_copy_regular_file)

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
    """Have ``write`` fill a temporary file beside ``destination``, then rename it there.

    A special file at ``destination`` (a device, a FIFO) is refused: renaming over it would
    replace it (as root, ``/dev/null`` too).
    """
    _refuse_special(destination, "destination")
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
            try:
                os.rename(temporary, destination)  # also replaces an empty directory, atomically
                return
            except OSError as error:
                # Another writer put a tree there since the check: merge into it instead.
                if error.errno not in (errno.ENOTEMPTY, errno.EEXIST):
                    raise
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
    fresh = os.urandom(TEMPORARY_NAME_RANDOM_BYTES).hex()
    return os.path.join(
        parent, f"{checkpoint.TEMPORARY_PREFIX}{fresh}{checkpoint.TEMPORARY_SUFFIX}"
    )


def _merge_into(source: str, destination: str) -> None:
    for directory, _, files in os.walk(source):
        relative = os.path.relpath(directory, source)
        target = destination if relative == "." else os.path.join(destination, relative)
        os.makedirs(target, exist_ok=True)
        for name in files:
            os.replace(os.path.join(directory, name), os.path.join(target, name))


# -- checkpoints: a whole tree published by one atomic step ----------------------------------


RENAME_EXCHANGE = 2
"""``renameat2``'s flag that swaps two paths atomically (Linux 3.16+, ext4, xfs, btrfs, tmpfs
and more; ``<linux/fs.h>``)."""

_AT_FDCWD = -100
"""``renameat2``'s "relative to the working directory" (``<fcntl.h>``)."""

_NO_EXCHANGE = frozenset({errno.ENOSYS, errno.EINVAL, errno.ENOTSUP, errno.EOPNOTSUPP})
"""What ``renameat2`` answers where the kernel or the file system cannot exchange."""


def publish_tree(destination: str, fill: Callable[[str], object]) -> None:
    """Have ``fill`` build a new tree in a temporary directory beside ``destination`` (links
    resolved), then put it in the old tree's place by one atomic exchange, and remove the old
    tree. See ``ctxcore.core.storage.checkpoint`` for the layout and the guarantees.

    Saves of one destination take turns under its lock; holding it, a save first removes the
    temporary directories that killed saves left. Where the file system cannot exchange, the
    old tree is renamed away and the new one renamed in: a process killed between the two
    renames leaves no checkpoint at ``destination`` (never a mix), and the next save cleans up.
    """
    destination = os.path.realpath(destination)
    parent, name = os.path.split(destination)
    os.makedirs(parent, exist_ok=True)
    with _checkpoint_lock(parent, name, exclusive=True):
        for entry in os.listdir(parent):
            if checkpoint.is_leftover(entry, name):
                _remove(os.path.join(parent, entry))
        temporary = _checkpoint_temporary(parent, name)
        os.mkdir(temporary)
        try:
            fill(temporary)
            _swap_in(temporary, destination, parent, name)
        finally:
            _remove(temporary)  # the old tree after a swap; an unfinished new one otherwise


@contextlib.contextmanager
def reading_published(path: str) -> Generator[None]:
    """Hold the lock of the checkpoint ``path`` shared for a block, so that no save swaps it
    while the block reads it. Where the lock cannot be made (a read-only directory, where no
    save can happen either), the block runs without it."""
    parent, name = os.path.split(os.path.realpath(path))
    with _checkpoint_lock(parent, name, exclusive=False):
        yield


def fill_with_tree(source: str) -> Callable[[str], None]:
    """A ``fill`` that copies the files below the directory ``source`` (bytes only)."""

    def fill(temporary: str) -> None:
        shutil.copytree(source, temporary, dirs_exist_ok=True, copy_function=_copy_regular_file)

    return fill


def fill_with_file(source: str, name: str) -> Callable[[str], None]:
    """A ``fill`` that copies the file ``source`` in as ``name``."""
    return lambda temporary: _copy_regular_file(source, os.path.join(temporary, name))


def fill_with_stream(stream: io.IOBase, name: str) -> Callable[[str], None]:
    """A ``fill`` that writes what is left of the binary ``stream`` in as ``name``."""
    return lambda temporary: copy_stream(stream, os.path.join(temporary, name))


def _checkpoint_temporary(parent: str, name: str) -> str:
    fresh = os.urandom(TEMPORARY_NAME_RANDOM_BYTES).hex()
    return os.path.join(parent, checkpoint.temporary_name(name, fresh))


def _swap_in(temporary: str, destination: str, parent: str, name: str) -> None:
    """Put the tree ``temporary`` at ``destination``; the old tree, if any, ends at
    ``temporary``."""
    if not os.path.lexists(destination):
        try:
            os.rename(temporary, destination)
            return
        except OSError as error:  # someone else made it meanwhile (not a ctxcore save)
            if error.errno not in (errno.ENOTEMPTY, errno.EEXIST):
                raise
    if _exchange(temporary, destination):
        return
    retired = _checkpoint_temporary(parent, name)
    os.rename(destination, retired)
    os.rename(temporary, destination)
    os.rename(retired, temporary)


def _exchange(first: str, second: str) -> bool:
    """Swap ``first`` and ``second`` atomically; ``False`` where this system cannot."""
    renameat2 = _renameat2()
    if renameat2 is None:
        return False
    if renameat2(_AT_FDCWD, os.fsencode(first), _AT_FDCWD, os.fsencode(second), RENAME_EXCHANGE):
        import ctypes  # loaded already: _renameat2 found the function through it

        code = ctypes.get_errno()
        if code in _NO_EXCHANGE:
            return False
        raise OSError(code, os.strerror(code), first, None, second)
    return True


@functools.cache
def _renameat2() -> Callable[[int, bytes, int, bytes, int], int] | None:
    """The C library's ``renameat2`` (glibc 2.28+, musl 1.1.24+), or ``None`` (another
    system, an older library). Loaded on the first save: ``ctypes`` costs a few
    milliseconds."""
    if sys.platform != "linux":
        return None
    import ctypes

    try:
        function = ctypes.CDLL(None, use_errno=True).renameat2
    except (OSError, AttributeError):
        return None
    function.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p]
    function.argtypes += [ctypes.c_uint]
    function.restype = ctypes.c_int
    return cast("Callable[[int, bytes, int, bytes, int], int]", function)


@contextlib.contextmanager
def _checkpoint_lock(parent: str, name: str, *, exclusive: bool) -> Generator[None]:
    """Hold the lock file beside the checkpoint ``name`` (``flock``: the kernel lets go of a
    killed holder's). A shared holder that cannot make the file goes without it."""
    if sys.platform == "win32":  # no flock; nor atomic exchange
        yield
        return
    import fcntl

    try:
        fd = os.open(
            os.path.join(parent, checkpoint.lock_name(name)), os.O_RDONLY | os.O_CREAT, 0o666
        )
    except OSError:
        if exclusive:
            raise
        yield
        return
    try:
        fcntl.flock(fd, fcntl.LOCK_EX if exclusive else fcntl.LOCK_SH)
        yield
    finally:
        os.close(fd)  # lets go of the lock


def _remove(path: str) -> None:
    """Remove the file or tree at ``path``, if anything is there."""
    if os.path.isdir(path) and not os.path.islink(path):
        shutil.rmtree(path, ignore_errors=True)
    else:
        with contextlib.suppress(FileNotFoundError):
            os.remove(path)
