"""The bridge from ``Result`` in the core to exceptions at the compatible face, and the one
place the core takes ``returns.result`` from at run time.

How this works. ``Success``, ``Failure`` and ``Result`` are read from this module
(``results.Success(value)``) and imported from ``returns`` on the first read, not with the
core: a program's first use (``benchmarks W1b``) without a config file builds its root
context without making a ``Result``, and importing ``returns`` (with ``typing_extensions``)
costs about 13 ms. After the first read each name is a plain module global. The type checkers
see the names through the ``TYPE_CHECKING`` imports (here and, for ``Result`` in annotations,
in each core module), and not ``__getattr__``, so a misspelt name is still an error to them.

One cost: ``Result`` in a core function's annotations is a name the module defines only for
the type checkers, so ``typing.get_type_hints`` of such a function (``parse_identifier``,
``resolve_config``, ...) raises ``NameError`` unless given the name
(``localns={"Result": returns.result.Result}``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, TypeVar

if TYPE_CHECKING:
    from returns.result import Failure as Failure
    from returns.result import Result as Result
    from returns.result import Success as Success

__all__ = [
    "unwrap_or_raise",
]

_T = TypeVar("_T")
_E = TypeVar("_E", bound=BaseException)
_FROM_RETURNS = frozenset({"Failure", "Result", "Success"})
_UNSET = object()


if not TYPE_CHECKING:  # seen by the type checkers, it would let any name through

    def __getattr__(name: str) -> object:
        """``Success``, ``Failure`` or ``Result``, imported on its first read (see above)."""
        if name not in _FROM_RETURNS:
            raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
        from returns import result  # lazily: see the module's docstring

        value: object = getattr(result, name)
        globals()[name] = value
        return value


def unwrap_or_raise(result: Result[_T, _E]) -> _T:
    """The success value, or raise the failure (itself an exception) as it is.

    The failure is raised outside any ``except``, so it has no ``__context__``: raising it
    while ``returns``' ``UnwrapFailedError`` was being handled made that error its context, and
    that error holds the ``Failure`` holding the failure, a cycle that pickling with the
    context (as tblib's exception pickling does under Dask) followed without end.
    """
    if result.value_or(_UNSET) is _UNSET:
        raise result.failure()
    return result.unwrap()
