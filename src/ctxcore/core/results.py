"""The bridge from ``Result`` in the core to exceptions at the compatible face."""

from __future__ import annotations

from typing import TypeVar

from returns.primitives.exceptions import UnwrapFailedError
from returns.result import Result

__all__ = [
    "unwrap_or_raise",
]

_T = TypeVar("_T")
_E = TypeVar("_E", bound=BaseException)


def unwrap_or_raise(result: Result[_T, _E]) -> _T:
    """The success value, or raise the failure (itself an exception) as it is."""
    try:
        return result.unwrap()
    except UnwrapFailedError:
        raise result.failure() from None
