"""Durable local writes and retried remote calls: the two mechanics under file access.

A local destination is written under a temporary name beside it and renamed into place, so it
holds the old content or the new, never a part, whatever happens to the process (the data is
not fsynced: after a power loss the file system decides). A remote call is retried on
transient errors with real back-off.
"""

from __future__ import annotations

import contextlib
import os
import shutil
from collections.abc import Callable
from typing import TypeVar

from ctxcore.core.ports import Clock
from ctxcore.core.storage.retry import RetryPolicy, is_transient
from ctxcore.effects.logs import developer_logger

_T = TypeVar("_T")


def with_retries(call: Callable[[], _T], policy: RetryPolicy, clock: Clock, what: str) -> _T:
    """``call()``, retried after each transient error as ``policy`` says; the last error (or
    the first permanent one) propagates."""
    delays = policy.delays()
    for attempt in range(len(delays) + 1):
        try:
            return call()
        except Exception as error:  # noqa: PERF203 - retrying is the point
            if attempt >= len(delays) or not is_transient(error):
                raise
            developer_logger.warning(
                "%s failed (%s); retry %d of %d in %.1fs",
                what,
                error,
                attempt + 1,
                len(delays),
                delays[attempt],
            )
            clock.sleep(delays[attempt])
    raise AssertionError("unreachable: the last attempt returns or raises")


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
    return os.path.join(parent, f".ctxcore-{os.urandom(8).hex()}.part")


def _merge_into(source: str, destination: str) -> None:
    for directory, _, files in os.walk(source):
        relative = os.path.relpath(directory, source)
        target = destination if relative == "." else os.path.join(destination, relative)
        os.makedirs(target, exist_ok=True)
        for name in files:
            os.replace(os.path.join(directory, name), os.path.join(target, name))
