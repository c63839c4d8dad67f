"""What every strategy module shares: pinning a field, text, datetimes, and small value-equal
stand-ins for the objects a record only carries."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import TypeVar

from hypothesis import strategies as st

_T = TypeVar("_T")

SearchStrategy = st.SearchStrategy


def pick(given: SearchStrategy[_T] | None, default: SearchStrategy[_T]) -> SearchStrategy[_T]:
    return default if given is None else given


def call(fn: Callable[..., _T], *args: object, **kwargs: object) -> _T:
    """``fn(*args, **kwargs)``: for ``**kwargs`` that type checkers would match against
    ``fn``'s keyword-only parameters (task attributes are any upper-case names)."""
    return fn(*args, **kwargs)


def text(max_size: int = 20) -> SearchStrategy[str]:
    return st.text(st.characters(codec="utf-8"), max_size=max_size)


def non_empty_text(max_size: int = 30) -> SearchStrategy[str]:
    return st.text(st.characters(codec="utf-8"), min_size=1, max_size=max_size)


def opaque_values() -> SearchStrategy[object]:
    """Small immutable, value-equal stand-ins for the objects a record only carries."""
    return st.one_of(st.integers(), text(10), st.tuples(st.integers(), text(5)))


def datetimes() -> SearchStrategy[datetime.datetime]:
    offsets = st.integers(-14 * 60, 14 * 60).map(
        lambda minutes: datetime.timezone(datetime.timedelta(minutes=minutes))
    )
    return st.datetimes(timezones=st.none() | st.just(datetime.timezone.utc) | offsets)
