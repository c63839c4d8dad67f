"""Dask (the ``ctxcore[dask]`` extra): tasks that run in the submitter's context.

A plain ``client.submit(fn, ...)`` runs ``fn`` in whatever context the worker has: in a worker
process, that process's own root; on an in-process cluster (``processes=False``), the stack of
the worker's thread, which is the root or the context the cluster was started in, never the
submitter's current one. ``submit`` and ``map`` here bind ``fn`` to the submitter's current
context at the moment of the call (``FlyteContextManager.bind_portable``): the envelope travels
with the task, and the worker runs ``fn`` inside ``FlyteContextManager.enter(envelope)``, its
own root (sandbox, credentials) with the submitter's execution and task ids, raw-output prefix,
serialization settings, custom context and trace context.

Keyword arguments are read as ``Client.submit``/``Client.map`` read them: dask's own options
(``workers=``, ``retries=``, ``pure=``, ``key=``, ...) are dask's, the rest are ``fn``'s. Keys
are made as dask makes them, the function's name and a token of the call, and the token covers
the envelope: the same pure call from two contexts is two tasks, from one context one task.
Actors (``actor=True``) are not bound: an actor's methods run in the worker's context.

Arguments are typed as dask types them (``Callable[..., R]``): futures may stand for arguments.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from typing import TypeVar

from ctxcore.core.errors import MissingExtraError
from ctxcore.shell.context_stack import FlyteContextManager

try:
    from dask.base import tokenize
    from dask.utils import funcname
    from distributed import Client, Future
except ImportError as _missing:  # pragma: no cover - the extra is installed where tests run
    raise MissingExtraError("dask", "distributed", "ctxcore.integrations.dask") from _missing

__all__ = [
    "map",
    "submit",
]

_R = TypeVar("_R")

_SUBMIT_OPTIONS = frozenset(
    {
        "actor",
        "actors",
        "allow_other_workers",
        "fifo_timeout",
        "key",
        "priority",
        "pure",
        "resources",
        "retries",
        "workers",
    }
)
"""The keyword arguments ``Client.submit`` reads itself; the others go to the function."""


def _no_actor(options: dict[str, object]) -> None:
    if options.get("actor") or options.get("actors"):
        raise ValueError(
            "ctxcore.integrations.dask does not bind actors: submit the class with "
            "client.submit(cls, actor=True) and bind its methods' work with "
            "FlyteContextManager.bind_portable"
        )


def submit(client: Client, fn: Callable[..., _R], /, *args: object, **kwargs: object) -> Future[_R]:
    """``client.submit(fn, *args, **kwargs)``, run on the worker in the current context (as it is
    now, at submission)."""
    _no_actor(kwargs)
    bound = FlyteContextManager.bind_portable(fn)
    if kwargs.get("key") is None and kwargs.get("pure", True):
        call = {name: value for name, value in kwargs.items() if name not in _SUBMIT_OPTIONS}
        kwargs["key"] = f"{funcname(fn)}-{tokenize(bound, call, *args)}"
    return client.submit(bound, *args, **kwargs)


def map(
    client: Client, fn: Callable[..., _R], /, *iterables: Collection[object], **kwargs: object
) -> list[Future[_R]]:
    """``client.map(fn, *iterables, **kwargs)``, each call run on a worker in the current context
    (as it is now, at submission)."""
    _no_actor(kwargs)
    bound = FlyteContextManager.bind_portable(fn)
    if kwargs.get("key") is None:
        kwargs["key"] = funcname(fn)  # the prefix: dask adds each call's token
    return client.map(bound, *iterables, **kwargs)
