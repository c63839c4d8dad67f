"""Timing helpers: medians over repeats, because the machines are shared and noisy."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable


def per_op_us(fn: Callable[[], object], number: int, repeat: int = 5) -> float:
    """Median over ``repeat`` runs of the time of one call of ``fn``, in microseconds."""
    runs: list[float] = []
    for _ in range(repeat):
        start = time.perf_counter()
        for _ in range(number):
            fn()
        runs.append((time.perf_counter() - start) / number * 1e6)
    return statistics.median(runs)


def median_seconds(
    fn: Callable[[], object], repeat: int = 5, setup: Callable[[], object] | None = None
) -> float:
    """Median wall time of ``fn`` over ``repeat`` runs, in seconds (``setup`` runs before each
    run, untimed)."""
    runs: list[float] = []
    for _ in range(repeat):
        if setup is not None:
            setup()
        start = time.perf_counter()
        fn()
        runs.append(time.perf_counter() - start)
    return statistics.median(runs)
