"""``ctxcore.integrations.otel``: the caller's span goes into the envelope, and on the worker a
span started under ``attach_trace``/``enter``/``bind_portable`` is its child (same trace id,
the caller's span as parent), with the custom context as baggage."""

from __future__ import annotations

import concurrent.futures
import multiprocessing
import pickle
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import attrs
import cloudpickle
import pytest
from opentelemetry import trace
from opentelemetry.sdk.trace import ReadableSpan, TracerProvider
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter

import ctxcore.integrations.otel as ctxotel
from ctxcore import FlyteContextManager, TraceContext
from tests.integrations.contexts import (
    CUSTOM_CONTEXT,
    EXECUTION_ID,
    TRACEPARENT,
    caller_root,
    full_envelope,
)
from tests.integrations.workers import span_in_worker


@pytest.fixture
def tracer() -> Iterator[trace.Tracer]:
    """A tracer of a provider of the test's own (the global one is left alone)."""
    provider = TracerProvider()
    provider.add_span_processor(SimpleSpanProcessor(InMemorySpanExporter()))
    yield provider.get_tracer("caller")
    provider.shutdown()


def _ids(span: trace.Span) -> tuple[str, str]:
    context = span.get_span_context()
    return format(context.trace_id, "032x"), format(context.span_id, "016x")


def _in_a_new_thread(fn: ctxotel.TracedCall[[], dict[str, object]]) -> dict[str, object]:
    """``fn`` called in a fresh thread (an empty context, as on another worker)."""
    results: list[dict[str, object]] = []
    thread = threading.Thread(target=lambda: results.append(fn()))
    thread.start()
    thread.join(30)
    return results[0]


def test_without_a_span_the_envelope_is_unchanged() -> None:
    envelope = full_envelope()
    assert ctxotel.current_trace_context() is None
    assert ctxotel.envelope_with_current_span(envelope) is envelope


def test_the_current_span_goes_into_the_envelope(tracer: trace.Tracer) -> None:
    with tracer.start_as_current_span("caller") as span:
        envelope = ctxotel.envelope_with_current_span(full_envelope())
        trace_context = ctxotel.current_trace_context()
    trace_id, span_id = _ids(span)
    flags = format(span.get_span_context().trace_flags, "02x")  # sampled, random trace id: 03
    assert trace_context == TraceContext(f"00-{trace_id}-{span_id}-{flags}")
    assert envelope.trace_context == trace_context
    assert attrs.evolve(envelope, traceparent=TRACEPARENT, tracestate=None) == full_envelope(
        tracestate=None
    )


def test_a_span_under_attach_trace_is_a_child_of_the_envelopes_span() -> None:
    exporter = InMemorySpanExporter()
    provider = TracerProvider()
    provider.add_span_processor(SimpleSpanProcessor(exporter))
    envelope = full_envelope()
    with ctxotel.attach_trace(envelope):
        provider.get_tracer("worker").start_span("work").end()
    assert trace.get_current_span() is trace.INVALID_SPAN  # detached afterwards
    (span,) = exporter.get_finished_spans()
    assert isinstance(span, ReadableSpan)
    assert span.parent is not None
    assert span.parent.is_remote
    assert format(span.parent.span_id, "016x") == TRACEPARENT[36:52]
    assert span.context is not None
    assert format(span.context.trace_id, "032x") == TRACEPARENT[3:35]
    provider.shutdown()


@pytest.mark.parametrize("dumps", [pickle.dumps, cloudpickle.dumps], ids=["pickle", "cloudpickle"])
def test_bind_portable_runs_under_the_callers_span_and_context(
    tracer: trace.Tracer, tmp_path: Path, dumps: Callable[[object], bytes]
) -> None:
    with (
        FlyteContextManager.isolated(root=lambda: caller_root(tmp_path)),
        tracer.start_as_current_span("caller") as span,
    ):
        bound = ctxotel.bind_portable(span_in_worker)
    travelled = pickle.loads(dumps(bound))
    result = _in_a_new_thread(travelled)
    trace_id, span_id = _ids(span)
    assert result["trace_id"] == trace_id
    assert result["parent_id"] == span_id
    assert result["parent_is_remote"] is True
    assert result["baggage"] == CUSTOM_CONTEXT
    assert "TracedCall(span_in_worker" in repr(bound)


def test_enter_yields_the_envelopes_context() -> None:
    with ctxotel.enter(full_envelope(raw_output_prefix=None)) as context:
        assert context is FlyteContextManager.current_context()
        params = context.user_space_params
        assert params is not None
        assert str(params.execution_id) == EXECUTION_ID
        assert ctxotel.current_trace_context() == TraceContext(TRACEPARENT, "congo=t61rcWkgMzE")


@pytest.mark.slow
def test_a_span_in_a_spawned_worker_is_a_child_of_the_callers_span(
    tracer: trace.Tracer, tmp_path: Path, sandbox: Path
) -> None:
    del sandbox
    with (
        FlyteContextManager.isolated(root=lambda: caller_root(tmp_path)),
        tracer.start_as_current_span("caller") as span,
    ):
        bound = ctxotel.bind_portable(span_in_worker)
    context = multiprocessing.get_context("spawn")
    with concurrent.futures.ProcessPoolExecutor(1, mp_context=context) as pool:
        result = pool.submit(bound).result(timeout=60)
    assert (result["trace_id"], result["parent_id"]) == _ids(span)
    assert result["execution_id"] == EXECUTION_ID


def _current_context() -> object:
    return FlyteContextManager.current_context()


def test_a_traced_call_applies_its_envelope_once_per_worker_root(tmp_path: Path) -> None:
    with FlyteContextManager.isolated(root=lambda: caller_root(tmp_path)):
        bound = ctxotel.bind_portable(_current_context)
        travelled: ctxotel.TracedCall[[], object] = pickle.loads(pickle.dumps(bound))
        assert type(travelled).__name__ == "TracedCall"  # a subclass pickles as itself
        first = travelled()
        again: object = pickle.loads(pickle.dumps(bound))()
        assert first is again  # the context PortableCall remembers, not a new one per call
        assert first is FlyteContextManager.bind_portable(_current_context)()
        assert FlyteContextManager.size() == 1  # popped after each call
