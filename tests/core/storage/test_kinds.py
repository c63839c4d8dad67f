"""The kinds of file (``ctxcore.core.storage.kinds``): which ``stat`` mode is which kind, and
which kinds are refused, decided without a disk."""

from __future__ import annotations

import stat

import pytest

from ctxcore.core.errors import SpecialFileError
from ctxcore.core.storage.kinds import FileKind, Special, is_regular, kind_of, special

FILE_TYPES = (
    stat.S_IFREG, stat.S_IFDIR, stat.S_IFLNK, stat.S_IFIFO, stat.S_IFSOCK, stat.S_IFCHR,
    stat.S_IFBLK,
)  # fmt: skip
"""Every file type a ``stat`` mode can hold on POSIX."""


@pytest.mark.parametrize("permissions", [0, 0o644, 0o7777])
def test_every_file_type_is_a_kind_of_its_own_whatever_the_permissions(permissions: int) -> None:
    found = [kind_of(file_type | permissions) for file_type in FILE_TYPES]
    assert len(set(found)) == len(FILE_TYPES)
    assert FileKind.OTHER not in found
    assert kind_of(permissions) is FileKind.OTHER  # no file type: nothing POSIX knows
    assert kind_of(stat.S_IFCHR | permissions) is FileKind.CHARACTER_DEVICE
    assert kind_of(stat.S_IFIFO | permissions) is FileKind.FIFO


@pytest.mark.parametrize("file_type", [*FILE_TYPES, 0])
def test_only_regular_files_directories_and_links_are_not_special(file_type: int) -> None:
    found = special("/p", file_type | 0o600, "destination")
    if stat.S_ISREG(file_type) or stat.S_ISDIR(file_type) or stat.S_ISLNK(file_type):
        assert found is None
        assert kind_of(file_type).is_special is False
    else:
        assert found == Special("/p", kind_of(file_type), "destination")
    assert is_regular(file_type | 0o600) is (file_type == stat.S_IFREG)


def test_nothing_there_is_not_special() -> None:
    assert special("/missing", None) is None


def test_the_error_says_what_the_path_is_and_what_it_was_to_the_call() -> None:
    error = Special("/dev/zero", FileKind.CHARACTER_DEVICE).error()
    assert isinstance(error, SpecialFileError)
    assert isinstance(error, OSError)
    assert isinstance(error, ValueError)
    assert str(error) == (
        "source /dev/zero is a character device, not a regular file or a directory"
    )
    assert error.filename == "/dev/zero"
    assert error.strerror == "it is a character device, not a regular file or a directory"


def test_the_role_defaults_to_source_and_the_error_names_the_role_given() -> None:
    assert special("/p", stat.S_IFIFO | 0o600) == Special("/p", FileKind.FIFO, "source")
    error = Special("/q", FileKind.SOCKET, "destination").error()
    assert str(error) == "destination /q is a socket, not a regular file or a directory"
