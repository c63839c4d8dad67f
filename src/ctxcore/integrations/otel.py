"""OpenTelemetry (the ``ctxcore[otel]`` extra): the envelope's W3C trace context to and from
OpenTelemetry's current context.

On the caller, ``envelope_with_current_span()`` is the current context's envelope whose trace
context is OpenTelemetry's current span (when there is a valid one), so that work done elsewhere
joins the caller's trace as children of that span. On the worker, ``attach_trace(envelope)``
makes the envelope's trace context (a remote parent span) and its custom context (as W3C
baggage) OpenTelemetry's current context for a ``with`` block: a span started there is a child
of the caller's span. ``enter(envelope)`` is ``FlyteContextManager.enter`` and ``attach_trace``
together, and ``bind_portable(fn)`` is ``FlyteContextManager.bind_portable`` with both ends:
the caller's current span goes into the envelope, and the call runs inside ``enter``.

The W3C formats are OpenTelemetry's own propagators' (``TraceContextTextMapPropagator``,
``W3CBaggagePropagator``); no SDK is needed here, only the API.
"""

from __future__ import annotations

from collections.abc import Callable, Generator
from contextlib import contextmanager
from typing import ParamSpec, TypeVar

import attrs

from ctxcore.core.context import FlyteContext
from ctxcore.core.errors import MissingExtraError
from ctxcore.core.handoff.envelope import ContextEnvelope
from ctxcore.core.handoff.trace import TraceContext, encode_baggage
from ctxcore.shell.context_stack import FlyteContextManager, PortableCall

try:
    from opentelemetry import context as otel_context
    from opentelemetry.baggage.propagation import W3CBaggagePropagator
    from opentelemetry.trace.propagation.tracecontext import TraceContextTextMapPropagator
except ImportError as _missing:  # pragma: no cover - the extra is installed where tests run
    raise MissingExtraError("otel", "opentelemetry", "ctxcore.integrations.otel") from _missing

__all__ = [
    "TracedCall",
    "attach_trace",
    "bind_portable",
    "current_trace_context",
    "enter",
    "envelope_with_current_span",
    "otel_context_of",
]

_P = ParamSpec("_P")
_R = TypeVar("_R")

_TRACE = TraceContextTextMapPropagator()
_BAGGAGE = W3CBaggagePropagator()


def current_trace_context() -> TraceContext | None:
    """OpenTelemetry's current span as a ``TraceContext``; ``None`` without a valid span."""
    carrier: dict[str, str] = {}
    _TRACE.inject(carrier)
    traceparent = carrier.get("traceparent")
    if not traceparent:
        return None
    return TraceContext(traceparent, carrier.get("tracestate") or None)


def envelope_with_current_span(envelope: ContextEnvelope | None = None) -> ContextEnvelope:
    """``envelope`` (default: ``FlyteContextManager.envelope()``) with OpenTelemetry's current
    span as its trace context; unchanged when there is no valid current span."""
    base = FlyteContextManager.envelope() if envelope is None else envelope
    trace = current_trace_context()
    if trace is None:
        return base
    return attrs.evolve(base, traceparent=trace.traceparent, tracestate=trace.tracestate)


def otel_context_of(envelope: ContextEnvelope) -> otel_context.Context:
    """OpenTelemetry's current context with the envelope's trace context as the (remote) parent
    span and its custom context as baggage."""
    carrier: dict[str, str] = {}
    if envelope.traceparent is not None:
        carrier["traceparent"] = envelope.traceparent
        if envelope.tracestate:
            carrier["tracestate"] = envelope.tracestate
    if envelope.custom_context:
        carrier["baggage"] = encode_baggage(envelope.custom_context)
    return _BAGGAGE.extract(carrier, _TRACE.extract(carrier))


@contextmanager
def attach_trace(envelope: ContextEnvelope) -> Generator[otel_context.Context, None, None]:
    """For a ``with`` block, ``otel_context_of(envelope)`` is OpenTelemetry's current context;
    it yields that context, and the previous one is back afterwards."""
    context = otel_context_of(envelope)
    token = otel_context.attach(context)
    try:
        yield context
    finally:
        otel_context.detach(token)


@contextmanager
def enter(envelope: ContextEnvelope) -> Generator[FlyteContext, None, None]:
    """``FlyteContextManager.enter(envelope)`` and ``attach_trace(envelope)`` for a ``with``
    block; it yields the context ``enter`` pushed."""
    with FlyteContextManager.enter(envelope) as context, attach_trace(envelope):
        yield context


class TracedCall(PortableCall[_P, _R]):
    """``fn`` and an envelope (``bind_portable``): calling it anywhere runs ``fn`` inside
    ``enter(envelope)``, the caller's context and its span as the current OpenTelemetry parent.
    Pickles as ``PortableCall`` does (``fn`` and plain data), and enters its context as
    ``PortableCall`` does: applied to the worker's root once per envelope, not per call."""

    __slots__ = ()

    def __call__(self, *args: _P.args, **kwargs: _P.kwargs) -> _R:
        with self._entered(), attach_trace(self.envelope):
            return self.fn(*args, **kwargs)


def bind_portable(fn: Callable[_P, _R]) -> TracedCall[_P, _R]:
    """``fn`` with ``envelope_with_current_span()``: a picklable callable that runs ``fn`` in the
    caller's context, under the caller's current span, wherever it is called."""
    return TracedCall(fn, envelope_with_current_span())
