"""What the hand-off tests run in other processes: importable by name, so ``pickle`` (and
``spawn``/``forkserver`` workers) find it."""

from __future__ import annotations

import os

from ctxcore import FlyteContextManager


def seen(payload: bytes = b"") -> dict[str, object]:
    """What the current context says, and where a raw output written now lands."""
    context = FlyteContextManager.current_context()
    params = context.user_space_params
    state = context.execution_state
    trace = context.trace_context
    written = context.file_access.put_raw_data(payload) if payload else None
    return {
        "pid": os.getpid(),
        "execution_id": None if params is None else str(params.execution_id),
        "task_id": None if params is None else str(params.task_id),
        "mode": None if state is None or state.mode is None else state.mode.name,
        "custom_context": dict(context.custom_context),
        "traceparent": None if trace is None else trace.traceparent,
        "raw_output_prefix": context.file_access.raw_output_prefix,
        "written": None if written is None else str(written),
    }
