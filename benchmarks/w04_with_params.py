"""W4: ``ExecutionState.with_params(mode=...)`` and ``CompilationState.with_params(prefix=...)``."""

from __future__ import annotations

from benchmarks._timing import per_op_us
from ctxcore import CompilationState, ExecutionMode, ExecutionState

WORKLOAD = "W4"
_TARGET_US = 0.6
"""Issue 14's target for each (BENCHMARKS.md's was 1.5 µs)."""


def run() -> dict[str, object]:
    execution = ExecutionState("/tmp/work")
    compilation = CompilationState("prefix")
    mode = ExecutionMode.LOCAL_TASK_EXECUTION
    execution_us = per_op_us(lambda: execution.with_params(mode=mode), number=100_000, repeat=7)
    compilation_us = per_op_us(
        lambda: compilation.with_params(prefix="p"), number=100_000, repeat=7
    )
    return {
        "execution_state_us": round(execution_us, 3),
        "compilation_state_us": round(compilation_us, 3),
        "target_us": _TARGET_US,
        "target_met": execution_us <= _TARGET_US and compilation_us <= _TARGET_US,
    }
