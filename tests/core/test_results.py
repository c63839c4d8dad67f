"""``unwrap_or_raise``: the success value, or the failure raised as it is, with no context.

The failure must come out as the very exception the core built, with no ``__context__``: a
context of ``returns``' ``UnwrapFailedError`` (which holds the ``Failure`` holding the failure)
made a cycle that tblib's pickling under Dask followed without end.
"""

from __future__ import annotations

import pytest
from returns.result import Failure, Result, Success

from ctxcore.core.results import unwrap_or_raise


class _Refused(ValueError):
    """A failure of the core, standing in for any of its errors."""


def test_success_gives_its_value_itself() -> None:
    value = ["the", "value"]
    result: Result[list[str], _Refused] = Success(value)
    assert unwrap_or_raise(result) is value


def test_failure_raises_the_failure_itself_without_context() -> None:
    failure = _Refused("no such thing")
    result: Result[int, _Refused] = Failure(failure)
    with pytest.raises(_Refused) as raised:
        unwrap_or_raise(result)
    assert raised.value is failure
    assert raised.value.__context__ is None
    assert raised.value.__cause__ is None
