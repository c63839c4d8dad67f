"""The bridge from ``Result`` in the core to exceptions at the compatible face."""

from __future__ import annotations

from typing import TypeVar

from returns.result import Failure, Result

__all__ = [
    "unwrap_or_raise",
]

_T = TypeVar("_T")
_E = TypeVar("_E", bound=BaseException)


def unwrap_or_raise(result: Result[_T, _E]) -> _T:
    """The success value, or raise the failure (itself an exception) as it is.

    The failure is raised outside any ``except``, so it has no ``__context__``: raising it
    while ``returns``' ``UnwrapFailedError`` was being handled made that error its context, and
    that error holds the ``Failure`` holding the failure, a cycle that pickling with the
    context (as tblib's exception pickling does under Dask) followed without end.
    """
    if isinstance(result, Failure):
        raise result.failure()
    return result.unwrap()
