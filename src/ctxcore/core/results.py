"""The bridge from ``Result`` in the core to exceptions at the compatible face."""

from __future__ import annotations

from typing import TypeVar

from returns.primitives.exceptions import UnwrapFailedError
from returns.result import Result

_T = TypeVar("_T")
_E = TypeVar("_E", bound=BaseException)


def unwrap_or_raise(result: Result[_T, _E]) -> _T:
    """The success value, or raise the failure (itself an exception) as it is."""
    try:
        return result.unwrap()
    except UnwrapFailedError:
        raise result.failure() from None


def attrs_init(instance: object, *values: object) -> None:
    """Run the attrs-generated ``__attrs_init__`` of a record whose class has a hand-written
    ``__init__`` (``init=False``): one place for the call the type checkers cannot see."""
    type(instance).__attrs_init__(instance, *values)  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
