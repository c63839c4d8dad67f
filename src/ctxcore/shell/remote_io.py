"""What file access does on an object store: download a planned file or tree, put with the
planned arguments and set the planned metadata afterwards, each call retried.

Why a module of its own: ``ctxcore.shell.local_io`` holds every local effect of file access;
this, its sibling, holds every remote one, so that ``file_access`` only gathers facts and
dispatches plans. The retry policy (which errors are transient, how long to wait) is decided
purely in ``ctxcore.core.storage.retry``; here it is carried out with a clock and a log line.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Callable, Mapping
from typing import Protocol, TypeVar, runtime_checkable

import attrs

from ctxcore.core.errors import InvalidUploadError
from ctxcore.core.ports import Clock, FileSystem
from ctxcore.core.storage import plan
from ctxcore.core.storage.retry import RetryPolicy, is_transient
from ctxcore.effects.logs import developer_logger
from ctxcore.shell import local_io

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


@attrs.frozen
class Retrier:
    """Runs storage calls with ``with_retries`` under one policy and clock."""

    policy: RetryPolicy
    clock: Clock

    def __call__(self, call: Callable[[], _T], path: str) -> _T:
        """``call()`` (a call on ``path``), retried."""
        return with_retries(call, self.policy, self.clock, f"storage call on {path}")


# -- downloads -------------------------------------------------------------------------------


def download(fs: FileSystem, step: plan.Download, retried: Retrier, **kwargs: object) -> None:
    """Download as ``step`` says, into a temporary name renamed into place (see
    ``local_io``); a tree's source that is no directory of the store is ``FileNotFoundError``."""
    source = step.source
    if not step.recursive:
        local_io.write_file_atomically(
            step.destination,
            lambda tmp: retried(lambda: fs.get_file(source, tmp, **kwargs), source),
        )
        return

    def get_tree(tmp: str) -> None:
        if not fs.isdir(step.probe):
            raise FileNotFoundError(source)
        retried(lambda: fs.get(source, tmp + os.sep, recursive=True, **kwargs), source)

    local_io.write_tree_atomically(step.destination, get_tree)


def source_exists(fs: FileSystem, step: plan.Download) -> bool:
    """Whether a failed download's source is there (a store that cannot say: yes, so that
    its error is not mistaken for a missing source)."""
    try:
        return fs.exists(step.probe)
    except OSError:
        return True


# -- uploads ---------------------------------------------------------------------------------


def put(fs: FileSystem, put: plan.RemotePut, retried: Retrier) -> None:
    """One ``put`` as planned, then the metadata the store did not take with it."""
    retried(
        lambda: fs.put(put.source, put.destination, recursive=put.recursive, **put.kwargs),
        put.destination,
    )
    if put.metadata_after is not None:
        _set_metadata(fs, put, put.metadata_after, retried)


@runtime_checkable
class _SetsMetadata(Protocol):
    def setxattrs(self, rpath: str, **kwargs: str) -> object: ...


def _set_metadata(
    fs: FileSystem, put: plan.RemotePut, metadata: Mapping[str, str], retried: Retrier
) -> None:
    """Give every object that ``put`` just wrote ``metadata``, for file systems that take
    no metadata with ``put`` (adlfs). Objects are named as the plan says (see
    ``plan.metadata_objects``); each is retried on its own. Should this fail, the objects are
    complete and the error says so, but some may lack their metadata."""
    if not isinstance(fs, _SetsMetadata):
        raise InvalidUploadError(f"{fs.protocol} file systems cannot store metadata")
    tree = put.naming is plan.ObjectNaming.TREE
    ask = put.naming is plan.ObjectNaming.ASK_STORE
    objects = plan.metadata_objects(
        put,
        files=local_io.relative_files(put.source) if tree else (),
        store_says_directory=ask and retried(lambda: fs.isdir(put.destination), put.destination),
        sep=os.sep,
    )
    for remote in objects:
        retried(functools.partial(_setxattrs_retryably, fs, remote, metadata), remote)


def _setxattrs_retryably(fs: _SetsMetadata, remote: str, metadata: Mapping[str, str]) -> None:
    """adlfs's ``setxattrs``, whose every failure is a ``FileNotFoundError``: one caused by a
    passing fault is raised as a ``ConnectionError`` again, so that it is retried."""
    try:
        fs.setxattrs(remote, **metadata)
    except FileNotFoundError as error:
        cause = error.__cause__
        if cause is not None and is_transient(cause):
            raise ConnectionError(f"setting the metadata of {remote} failed: {cause}") from error
        raise
