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


def span_in_worker() -> dict[str, object]:
    """Start and end a span with a tracer of this process's own (an SDK provider with an
    in-memory exporter): its trace id, its parent's span id and the current baggage."""
    from opentelemetry import baggage
    from opentelemetry.sdk.trace import TracerProvider
    from opentelemetry.sdk.trace.export import SimpleSpanProcessor
    from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter

    exporter = InMemorySpanExporter()
    provider = TracerProvider()
    provider.add_span_processor(SimpleSpanProcessor(exporter))
    with provider.get_tracer("worker").start_as_current_span("work"):
        current = {key: str(value) for key, value in baggage.get_all().items()}
    (span,) = exporter.get_finished_spans()
    provider.shutdown()
    parent = span.parent
    return {
        "pid": os.getpid(),
        "trace_id": format(span.context.trace_id, "032x") if span.context else None,
        "parent_id": None if parent is None else format(parent.span_id, "016x"),
        "parent_is_remote": None if parent is None else parent.is_remote,
        "baggage": current,
        "execution_id": seen()["execution_id"],
    }


class Recorder:
    """An actor: what its constructor saw, and what each call sees."""

    def __init__(self) -> None:
        self.constructed = seen()

    def constructed_in(self) -> dict[str, object]:
        return self.constructed

    def seen(self, payload: bytes = b"") -> dict[str, object]:
        return seen(payload)


class Stateless:
    """An actor without an ``__init__`` of its own (``object``'s)."""

    def seen(self, payload: bytes = b"") -> dict[str, object]:
        return seen(payload)
