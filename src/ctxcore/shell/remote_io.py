"""What file access does on an object store: download a planned file or tree, put with the
planned arguments and set the planned metadata afterwards, each call retried.

Why a module of its own: ``ctxcore.shell.local_io`` holds every local effect of file access;
this, its sibling, holds every remote one, so that ``file_access`` only gathers facts and
dispatches plans. The retry policy (which errors are transient, how long to wait, when to stop)
is decided purely in ``ctxcore.core.storage.retry``; here it is carried out: the facts of each
failure gathered (the store's HTTP status and ``Retry-After``, the clock, a random fraction from
the ``Entropy`` port), the decision performed with a sleep, a log line, or a raise.

ctxcore's retries are the only ones: the file systems that transfers use are opened with the
store client's own retries off (``transfer_options``, ``retried_here``), so that a retried call
is counted, spaced and stopped by the policy alone.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Callable, Mapping
from typing import Protocol, TypeVar, cast, runtime_checkable

import attrs

from ctxcore.core._repr import fields_repr
from ctxcore.core.errors import InvalidUploadError, RetryDeadlineError
from ctxcore.core.ports import Clock, Entropy, FileSystem
from ctxcore.core.storage import plan, retry
from ctxcore.core.storage.options import attempt_kwargs
from ctxcore.core.storage.retry import RetryPolicy
from ctxcore.effects.logs import developer_logger
from ctxcore.shell import local_io

_T = TypeVar("_T")


def with_retries(
    call: Callable[[float], _T], policy: RetryPolicy, clock: Clock, entropy: Entropy, what: str
) -> _T:
    """``call(seconds_left)``, retried after each transient error as ``policy`` says; the last
    error (or the first permanent one) propagates, and a ``RetryDeadlineError`` (from the last
    error) when the next attempt could not begin before the policy's deadline. Each attempt is
    told how long it has until the deadline (``attempt_kwargs`` makes a store call end then)."""
    deadline = policy.deadline.total_seconds()
    start = clock.monotonic()
    attempts = 0
    while True:
        attempts += 1
        try:
            return call(deadline - (clock.monotonic() - start))
        except Exception as error:
            status, headers = answer_of(error)
            transient = retry.is_transient_failure(error, status)
            elapsed = clock.monotonic() - start
            decision = retry.after_failure(
                policy,
                attempts=attempts,
                elapsed=elapsed,
                transient=transient,
                retry_after=retry.retry_after_seconds(headers, clock.now()) if transient else None,
                jitter=retry.jitter_fraction(entropy.random_hex()) if transient else 0.0,
            )
            if isinstance(decision, retry.GiveUp):
                raise
            if isinstance(decision, retry.OutOfTime):
                raise RetryDeadlineError(
                    what, attempts, elapsed, deadline, decision.seconds, str(error)
                ) from error
            developer_logger.warning(
                "%s failed (%s); retry %d of %d in %.1fs",
                what,
                error,
                attempts,
                policy.retries,
                decision.seconds,
            )
            clock.sleep(decision.seconds)


def answer_of(error: BaseException) -> tuple[int | None, Mapping[str, str]]:
    """The HTTP status and headers (names in lower case) of the store's answer behind
    ``error``, where its client kept them: botocore's ``ClientError.response`` (a dict, which
    s3fs chains as the ``__cause__`` of the ``OSError`` it raises), or a ``response`` object
    with ``headers`` and ``status_code`` or ``status``. ``(None, {})`` when there is none."""
    seen: set[int] = set()
    current: BaseException | None = error
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        found = _answer(getattr(current, "response", None))
        if found is not None:
            return found
        current = current.__cause__ or current.__context__
    return None, {}


def _answer(response: object) -> tuple[int | None, Mapping[str, str]] | None:
    if response is None:
        return None
    if isinstance(response, Mapping):
        metadata = cast("Mapping[str, object]", response).get("ResponseMetadata")
        if not isinstance(metadata, Mapping):
            return None
        fields = cast("Mapping[str, object]", metadata)
        status, headers = fields.get("HTTPStatusCode"), fields.get("HTTPHeaders")
    else:
        status = getattr(response, "status_code", None) or getattr(response, "status", None)
        headers = getattr(response, "headers", None)
    if not isinstance(headers, Mapping):
        return None
    pairs = cast("Mapping[object, object]", headers).items()
    return (
        status if isinstance(status, int) else None,
        {str(name).lower(): str(value) for name, value in pairs},
    )


@attrs.frozen
class Retrier:
    """Runs storage calls with ``with_retries`` under one policy, clock and source of jitter."""

    __repr__ = fields_repr

    policy: RetryPolicy
    clock: Clock
    entropy: Entropy

    def __call__(self, call: Callable[[float], _T], path: str) -> _T:
        """``call(seconds_left)`` (a call on ``path``), retried."""
        return with_retries(call, self.policy, self.clock, self.entropy, f"storage call on {path}")


def within(fs: FileSystem, seconds: float, kwargs: Mapping[str, object]) -> dict[str, object]:
    """``kwargs`` for one attempt of a call on ``fs`` that has ``seconds`` left before the
    deadline (see ``attempt_kwargs``)."""
    return {**attempt_kwargs(getattr(fs, "async_impl", False) is True, seconds), **kwargs}


def retried_here(fs: FileSystem) -> FileSystem:
    """``fs``, a file system opened with ``transfer_options``, with s3fs's own retries off too:
    s3fs retries dropped connections and throttling up to ``S3FileSystem.retries`` (5) times
    within about two seconds, ignoring ``Retry-After``, and takes no option for it, so it is set
    on the instance, which its options make ctxcore's own."""
    protocols = fs.protocol if isinstance(fs.protocol, tuple) else (fs.protocol,)
    if "s3" in protocols and isinstance(getattr(fs, "retries", None), int):
        setattr(fs, "retries", 1)  # noqa: B010 - not in the FileSystem port
    return fs


# -- downloads -------------------------------------------------------------------------------


def download(fs: FileSystem, step: plan.Download, retried: Retrier, **kwargs: object) -> None:
    """Download as ``step`` says, into a temporary name renamed into place (see
    ``local_io``); a tree's source that is no directory of the store is ``FileNotFoundError``."""
    source = step.source
    if not step.recursive:
        local_io.write_file_atomically(
            step.destination,
            lambda tmp: retried(
                lambda left: fs.get_file(source, tmp, **within(fs, left, kwargs)), source
            ),
        )
        return

    def get_tree(tmp: str) -> None:
        if not fs.isdir(step.probe):
            raise FileNotFoundError(source)
        retried(
            lambda left: fs.get(source, tmp + os.sep, recursive=True, **within(fs, left, kwargs)),
            source,
        )

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
    """One ``put`` as planned, then the metadata the store did not take with it.

    A single file goes through ``put_file`` to the object that fsspec's ``put`` would name:
    ``put`` runs its files as tasks that outlive it, so an attempt ended at the deadline would
    go on uploading (or stall) in the background, where ``put_file``'s upload is ended with it.
    """
    if put.recursive:
        retried(
            lambda left: fs.put(
                put.source, put.destination, recursive=True, **within(fs, left, put.kwargs)
            ),
            put.destination,
        )
    else:
        ask = put.naming is plan.ObjectNaming.ASK_STORE

        def one_file(left: float) -> object:
            (target,) = plan.written_objects(
                put,
                files=(),
                store_says_directory=ask and fs.isdir(put.destination),
                sep=os.sep,
            )
            return fs.put_file(put.source, target, **within(fs, left, put.kwargs))

        retried(one_file, put.destination)
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
    ``plan.written_objects``); each is retried on its own. Should this fail, the objects are
    complete and the error says so, but some may lack their metadata."""
    if not isinstance(fs, _SetsMetadata):
        raise InvalidUploadError(f"{fs.protocol} file systems cannot store metadata")
    tree = put.naming is plan.ObjectNaming.TREE
    ask = put.naming is plan.ObjectNaming.ASK_STORE
    objects = plan.written_objects(
        put,
        files=local_io.relative_files(put.source) if tree else (),
        store_says_directory=ask
        and retried(lambda left: fs.isdir(put.destination), put.destination),
        sep=os.sep,
    )
    for remote in objects:
        # No time limit: adlfs would take it for one more metadata item.
        retried(functools.partial(_setxattrs_retryably, fs, remote, metadata), remote)


def _setxattrs_retryably(
    fs: _SetsMetadata, remote: str, metadata: Mapping[str, str], seconds_left: float
) -> None:
    """adlfs's ``setxattrs``, whose every failure is a ``FileNotFoundError``: one caused by a
    passing fault is raised as a ``ConnectionError`` again, so that it is retried."""
    try:
        fs.setxattrs(remote, **metadata)
    except FileNotFoundError as error:
        cause = error.__cause__
        if cause is not None and retry.is_transient(cause):
            raise ConnectionError(f"setting the metadata of {remote} failed: {cause}") from error
        raise
