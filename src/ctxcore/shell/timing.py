"""``timeit``: time a block or a function into the current context's timeline deck."""

from __future__ import annotations

import functools
from collections.abc import Callable, Generator
from contextlib import contextmanager
from typing import ParamSpec, TypeVar

from ctxcore.core.execution.decks import TimelineEntry
from ctxcore.core.ports import Clock
from ctxcore.effects.clock import SystemClock
from ctxcore.effects.logs import user_space_logger
from ctxcore.shell.context_stack import FlyteContextManager

__all__ = [
    "timeit",
]

_P = ParamSpec("_P")
_R = TypeVar("_R")


class timeit:
    """Time a block (``with timeit("step"):``) or every call of a function (``@timeit("step")``).

    The entry goes to the timeline of the current context's execution parameters, when they
    have one (the reference failed without them), and a line is logged at INFO.
    """

    def __init__(self, name: str = "", *, clock: Clock | None = None) -> None:
        self._name = name
        self._clock = clock or SystemClock()

    def __call__(self, fn: Callable[_P, _R]) -> Callable[_P, _R]:
        @functools.wraps(fn)
        def timed(*args: _P.args, **kwargs: _P.kwargs) -> _R:
            with self._measure():
                return fn(*args, **kwargs)

        return timed

    def __enter__(self) -> None:
        self._active = self._measure()
        self._active.__enter__()

    def __exit__(self, *exc: object) -> None:
        self._active.__exit__(None, None, None)

    @contextmanager
    def _measure(self) -> Generator[None]:
        clock = self._clock
        start, wall, cpu = clock.now(), clock.monotonic(), clock.process_time()
        try:
            yield
        finally:
            entry = TimelineEntry(
                self._name,
                start,
                clock.now(),
                clock.monotonic() - wall,
                clock.process_time() - cpu,
            )
            params = FlyteContextManager.current_context().user_space_params
            if params is not None and params.timeline is not None:
                params.timeline.record(entry)
            user_space_logger.info("%s. [Time: %.6fs]", entry.name, entry.wall_time)
