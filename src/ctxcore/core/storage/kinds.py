"""What kind of file a path is, from the mode its ``stat`` gave, and which kinds ctxcore
reads or transfers: regular files and directories, nothing else.

Why: a device, a FIFO or a socket is no data to copy. ``/dev/zero`` as a source was copied
until the disk was full; a FIFO as a config file blocked its reader for ever. The shell
gathers the modes (a ``stat`` or an ``fstat``); these functions decide, and the error they
make says which path is which kind.
"""

from __future__ import annotations

import enum
import stat

import attrs

from ctxcore.core._repr import fields_repr
from ctxcore.core.errors import SpecialFileError


class FileKind(enum.Enum):
    """The kinds of file a ``stat`` mode tells apart; the value is how a message names it."""

    REGULAR = "regular file"
    DIRECTORY = "directory"
    SYMLINK = "symbolic link"
    FIFO = "FIFO (named pipe)"
    SOCKET = "socket"
    CHARACTER_DEVICE = "character device"
    BLOCK_DEVICE = "block device"
    OTHER = "special file"

    @property
    def is_special(self) -> bool:
        """Whether ctxcore refuses to read or transfer it: anything but a regular file, a
        directory, or a symbolic link (which is followed, or refused on its own terms)."""
        return self not in (FileKind.REGULAR, FileKind.DIRECTORY, FileKind.SYMLINK)


_KINDS: dict[int, FileKind] = {
    stat.S_IFREG: FileKind.REGULAR,
    stat.S_IFDIR: FileKind.DIRECTORY,
    stat.S_IFLNK: FileKind.SYMLINK,
    stat.S_IFIFO: FileKind.FIFO,
    stat.S_IFSOCK: FileKind.SOCKET,
    stat.S_IFCHR: FileKind.CHARACTER_DEVICE,
    stat.S_IFBLK: FileKind.BLOCK_DEVICE,
}
_OTHER = FileKind.OTHER


def kind_of(mode: int) -> FileKind:
    """The kind of file whose ``st_mode`` is ``mode``."""
    return _KINDS.get(stat.S_IFMT(mode), _OTHER)


def is_regular(mode: int) -> bool:
    """Whether ``mode`` is a regular file's: the one question of a hot path (a secret read
    on every lookup), answered without naming a kind."""
    return stat.S_ISREG(mode)


@attrs.frozen
class Special:
    """A path that is neither a regular file nor a directory, and what it is to the call
    (``source``, ``destination``, ``file``)."""

    __repr__ = fields_repr

    path: str
    kind: FileKind
    role: str = "source"

    def error(self) -> SpecialFileError:
        """The error that refuses it."""
        return SpecialFileError(self.path, self.kind.value, self.role)


def special(path: str, mode: int | None, role: str = "source") -> Special | None:
    """``path`` as a ``Special`` when its mode (``None``: nothing is there) says it is one."""
    if mode is None:
        return None
    kind = kind_of(mode)
    return Special(path, kind, role) if kind.is_special else None
