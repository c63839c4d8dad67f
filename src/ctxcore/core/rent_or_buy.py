"""A fast path whose import is paid only by a process that uses it enough: the rent-or-buy rule.

How this works. A ``RentOrBuy(load, uses)`` is called once per use. It gives ``None`` for the
first ``uses`` calls in the process (the caller takes its slow path: renting) and ``load()``'s
value from then on (loaded once: buying). When the import costs about what ``uses`` slow uses
lose, no process pays much more than twice what the better choice, made in hindsight, would
have cost: one that uses the path a few times never imports it, one that uses it often pays
once. ``next`` on a count is atomic under the GIL; where two threads could get one number, or a
forked child carries its parent's count, only which path runs changes. So a path may be chosen
this way only where both paths give the same results (property tests hold each pair).
"""

from __future__ import annotations

import functools
import itertools
from collections.abc import Callable
from typing import Generic, TypeVar

__all__ = ["RentOrBuy"]

_T = TypeVar("_T")


class RentOrBuy(Generic[_T]):
    """``None`` for the first ``uses`` calls, then ``load()`` (called once)."""

    __slots__ = ("_count", "_load", "_uses")

    def __init__(self, load: Callable[[], _T], uses: int) -> None:
        self._load = functools.cache(load)
        self._uses = uses
        self._count = itertools.count()

    def __call__(self) -> _T | None:
        if next(self._count) < self._uses:
            return None
        return self._load()
