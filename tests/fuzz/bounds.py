"""What every fuzz target asserts of one call: a value or one of the library's own
``ValueError``s, within the decoders' bounds of time, memory and message size.

Memory is the growth of the process's peak resident size during the call (Linux: the peak is
reset through ``/proc/self/clear_refs``, as ``tests/capped.py`` does in its child), so it counts
what the decoder really held, not what the allocator reports. Time is wall time; under a tracer
(coverage.py in ``make test``) it may be ``TRACED_TIME_FACTOR`` times the bound, since tracing
alone slows Python code several times over.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from typing import TypeVar

import attrs

from ctxcore.core.errors import CtxcoreError
from tests.capped import DECODER_EXTRA_BYTES, DECODER_SECONDS, MESSAGE_CHARS

T = TypeVar("T")

TRACED_TIME_FACTOR = 5.0
"""How much longer a call may take while a tracer (coverage.py) runs."""


@attrs.frozen
class Outcome:
    """What one call gave: its value or its error, and what it cost."""

    value: object
    error: CtxcoreError | None
    seconds: float
    peak_extra_bytes: int


def _resident() -> tuple[int, int]:
    """The process's resident size now and its peak since the last reset, in bytes."""
    with open("/proc/self/status") as status:
        fields = dict(line.split(":", 1) for line in status if line.startswith(("VmRSS", "VmHWM")))
    return int(fields["VmRSS"].split()[0]) * 1024, int(fields["VmHWM"].split()[0]) * 1024


def _reset_peak() -> None:
    with open("/proc/self/clear_refs", "w") as refs:
        refs.write("5")


def within_bounds(
    call: Callable[[], T],
    errors: tuple[type[CtxcoreError], ...],
    *,
    seconds: float = DECODER_SECONDS,
    extra_bytes: int = DECODER_EXTRA_BYTES,
) -> Outcome:
    """Run ``call``: it must return, or raise one of ``errors`` (each a ``CtxcoreError`` and a
    ``ValueError``) with a message of at most 4 KiB and a ``repr`` of at most 8 KiB, within
    ``seconds`` (times ``TRACED_TIME_FACTOR`` under a tracer) and ``extra_bytes`` of resident
    growth. Anything else raised propagates and fails the example."""
    assert all(issubclass(error, ValueError) for error in errors), errors
    _reset_peak()
    resident, _ = _resident()
    start = time.perf_counter()
    value: object = None
    error: CtxcoreError | None = None
    try:
        value = call()
    except errors as caught:
        error = caught
    elapsed = time.perf_counter() - start
    peak = _resident()[1] - resident
    outcome = Outcome(value, error, elapsed, peak)
    limit = seconds * (TRACED_TIME_FACTOR if sys.gettrace() is not None else 1.0)
    assert elapsed <= limit, f"{elapsed:.3f} s > {limit} s: {outcome.error!r}"[:2000]
    assert peak <= extra_bytes, f"{peak / 2**20:.1f} MiB more resident: {outcome.error!r}"[:2000]
    if error is not None:
        assert len(str(error)) <= MESSAGE_CHARS, str(error)[:2000]
        assert len(repr(error)) <= 2 * MESSAGE_CHARS, repr(error)[:2000]
    return outcome
