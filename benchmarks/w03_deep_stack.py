"""W3: push 1,000 nested contexts then pop them all; per-op cost at depth 1,000 vs 10."""

from __future__ import annotations

from benchmarks._timing import median_seconds
from ctxcore import FlyteContextManager

WORKLOAD = "W3"


def _push_pop(depth: int) -> None:
    ctx = FlyteContextManager.current_context()
    for _ in range(depth):
        FlyteContextManager.push_context(ctx)
    for _ in range(depth):
        FlyteContextManager.pop_context()


def _per_op_us(depth: int) -> float:
    rounds = max(1, 20_000 // depth)

    def work() -> None:
        for _ in range(rounds):
            _push_pop(depth)

    return median_seconds(work, repeat=7) / (rounds * depth * 2) * 1e6


def run() -> dict[str, object]:
    FlyteContextManager.current_context()
    deep = _per_op_us(1000)
    shallow = _per_op_us(10)
    ratio = deep / shallow
    return {
        "per_op_us_depth_1000": round(deep, 3),
        "per_op_us_depth_10": round(shallow, 3),
        "ratio": round(ratio, 2),
        "target_met": deep <= 2.0 and ratio <= 1.1,
    }
