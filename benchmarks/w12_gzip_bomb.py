"""W12: peak extra memory while ``from_transport`` rejects a 200 MB gzip bomb."""

from __future__ import annotations

import base64
import tracemalloc

from benchmarks._timing import median_seconds
from ctxcore.core.errors import TransportError
from ctxcore.core.serialization.settings import SerializationSettings
from ctxcore.testing.strategies.serialization import gzip_bomb

WORKLOAD = "W12"
_BOMB_BYTES = 200 * 10**6
_TARGET_MIB = 5.0


def _reject(bomb: str) -> TransportError:
    try:
        SerializationSettings.from_transport(bomb)
    except TransportError as error:
        return error
    raise AssertionError("the gzip bomb was accepted")


def run() -> dict[str, object]:
    bomb = base64.b64encode(gzip_bomb(_BOMB_BYTES)).decode("ascii")
    tracemalloc.start()
    try:
        tracemalloc.reset_peak()
        before = tracemalloc.get_traced_memory()[0]
        error = _reject(bomb)
        peak_mib = (tracemalloc.get_traced_memory()[1] - before) / 2**20
    finally:
        tracemalloc.stop()
    seconds = median_seconds(lambda: _reject(bomb), repeat=5)
    return {
        "bomb_inflated_bytes": _BOMB_BYTES,
        "bomb_encoded_chars": len(bomb),
        "peak_extra_mib": round(peak_mib, 2),
        "reject_ms": round(seconds * 1000, 2),
        "error": type(error).__name__,
        "error_stage": error.stage,
        "target_mib": _TARGET_MIB,
        "target_met": peak_mib <= _TARGET_MIB and error.stage == "size",
    }
