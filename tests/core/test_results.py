"""``unwrap_or_raise``: the success value, or the failure raised as it is, with no context.

The failure must come out as the very exception the core built, with no ``__context__``: a
context of ``returns``' ``UnwrapFailedError`` (which holds the ``Failure`` holding the failure)
made a cycle that tblib's pickling under Dask followed without end.
"""

from __future__ import annotations

import subprocess
import sys

import pytest
import returns.result
from returns.result import Failure, Result, Success

from ctxcore.core import results
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


@pytest.mark.parametrize("value", [None, 0, "", False, object()])
def test_a_success_of_any_value_gives_it_back(value: object) -> None:
    result: Result[object, _Refused] = Success(value)
    assert unwrap_or_raise(result) is value


def test_the_names_of_returns_are_imported_on_their_first_read() -> None:
    """``results.Success`` and its siblings are ``returns``' own classes, imported when first
    read (a fresh interpreter has not imported ``returns`` after importing the module); any
    other name is an ``AttributeError`` that says which."""
    code = (
        "import sys\n"
        "from ctxcore.core import results\n"
        "print('returns' in sys.modules)\n"
        "import returns.result as r\n"
        "print(results.Success is r.Success, results.Failure is r.Failure,"
        " results.Result is r.Result, 'Success' in vars(results))\n"
        "try:\n"
        "    results.Nothing\n"
        "except AttributeError as error:\n"
        "    print(error)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True)
    assert out.stdout.splitlines() == [
        "False",
        "True True True True",
        "module 'ctxcore.core.results' has no attribute 'Nothing'",
    ]


@pytest.mark.parametrize("name", ["Success", "Failure", "Result"])
def test_a_name_of_returns_read_afresh_is_returns_own_and_kept(name: str) -> None:
    """In this process the names were read long ago: forget one, and the next read imports it
    again, gives ``returns``' own class and keeps it as a module global."""
    own = getattr(returns.result, name)
    namespace: dict[str, object] = sys.modules[results.__name__].__dict__
    namespace.pop(name, None)
    try:
        assert getattr(results, name) is own
        assert namespace[name] is own
    finally:
        namespace[name] = own


def test_any_other_name_is_an_attribute_error_naming_it() -> None:
    with pytest.raises(AttributeError) as raised:
        getattr(results, "Nothing")  # noqa: B009 - the name a caller might mistype
    assert str(raised.value) == "module 'ctxcore.core.results' has no attribute 'Nothing'"
