"""W2: one ``with FlyteContextManager.with_context(current_context().new_builder())``.

Contexts remember their builder and builders the context they built, so this loop makes no new
context after the first round. ``fresh_builder_us`` shows the path without that: a new builder
(``with_execution_state``) every time, so a new context is built on each entry.
"""

from __future__ import annotations

from benchmarks._timing import per_op_us
from ctxcore import FlyteContextManager

WORKLOAD = "W2"
_TARGET_US = 1.0
"""Issue 14's target (BENCHMARKS.md's was 2 µs)."""


def _enter_exit() -> None:
    with FlyteContextManager.with_context(FlyteContextManager.current_context().new_builder()):
        pass


def _enter_exit_fresh_builder() -> None:
    ctx = FlyteContextManager.current_context()
    with FlyteContextManager.with_context(ctx.with_execution_state(ctx.execution_state)):
        pass


def run() -> dict[str, object]:
    FlyteContextManager.current_context()  # build the root outside the measurement
    us = per_op_us(_enter_exit, number=50_000, repeat=7)
    fresh = per_op_us(_enter_exit_fresh_builder, number=50_000, repeat=7)
    return {
        "with_context_us": round(us, 3),
        "fresh_builder_us": round(fresh, 3),
        "target_us": _TARGET_US,
        "target_met": us <= _TARGET_US,
    }
