"""W6: SerializationSettings ``to_json`` + ``from_json``, and ``serialized_context`` +
``from_transport``, round trips of the reference's sample settings."""

from __future__ import annotations

from benchmarks._timing import per_op_us
from ctxcore.core.serialization.settings import SerializationSettings
from ctxcore.testing.strategies.serialization import reference_sample_settings

WORKLOAD = "W6"
_JSON_TARGET_US = 25.0
_TRANSPORT_TARGET_US = 60.0
"""Issue 14's targets (BENCHMARKS.md's were 60 and 120 µs)."""


def run() -> dict[str, object]:
    settings = reference_sample_settings()

    def json_round_trip() -> SerializationSettings:
        return SerializationSettings.from_json(settings.to_json())

    def transport_round_trip() -> SerializationSettings:
        return SerializationSettings.from_transport(settings.serialized_context)

    assert json_round_trip() == settings
    assert transport_round_trip() == settings
    json_us = per_op_us(json_round_trip, number=2_000, repeat=7)
    transport_us = per_op_us(transport_round_trip, number=2_000, repeat=7)
    return {
        "json_round_trip_us": round(json_us, 2),
        "transport_round_trip_us": round(transport_us, 2),
        "to_json_us": round(per_op_us(settings.to_json, number=2_000, repeat=5), 2),
        "serialized_context_us": round(
            per_op_us(lambda: settings.serialized_context, number=2_000, repeat=5), 2
        ),
        "target_json_us": _JSON_TARGET_US,
        "target_transport_us": _TRANSPORT_TARGET_US,
        "target_met": json_us <= _JSON_TARGET_US and transport_us <= _TRANSPORT_TARGET_US,
    }
