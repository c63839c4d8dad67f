"""W2: one ``with FlyteContextManager.with_context(current_context().new_builder())``."""

from __future__ import annotations

from benchmarks._timing import per_op_us
from ctxcore import FlyteContextManager

WORKLOAD = "W2"


def _enter_exit() -> None:
    with FlyteContextManager.with_context(FlyteContextManager.current_context().new_builder()):
        pass


def run() -> dict[str, object]:
    FlyteContextManager.current_context()  # build the root outside the measurement
    us = per_op_us(_enter_exit, number=50_000, repeat=7)
    return {"with_context_us": round(us, 3), "target_met": us <= 2.0}
