"""Fuzz: the context envelope, a worker's decoder of what another process sent
(``ContextEnvelope.from_json`` of text or bytes, ``from_env`` of the variables a launcher set,
and the settings an accepted envelope carries).

Seeded with a full envelope, a minimal one, envelopes at and past each bound (custom context
entries and bytes, ``tracestate`` length, nesting), a newer major version and the hostile values
the envelope's tests name; each then edited at the byte level.
"""

from __future__ import annotations

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ctxcore.core.errors import EnvelopeError
from ctxcore.core.handoff.envelope import (
    BAGGAGE_ENV_VAR,
    ENVELOPE_ENV_VAR,
    TRACEPARENT_ENV_VAR,
    TRACESTATE_ENV_VAR,
    ContextEnvelope,
)
from ctxcore.core.handoff.trace import (
    MAX_CUSTOM_CONTEXT_BYTES,
    MAX_CUSTOM_CONTEXT_ENTRIES,
    MAX_TRACESTATE_CHARS,
)
from ctxcore.core.serialization.transport import SERIALIZED_CONTEXT_ENV_VAR
from ctxcore.testing.strategies.serialization import reference_sample_settings
from tests.fuzz.bounds import within_bounds
from tests.fuzz.mutate import mutated, mutated_text
from tests.fuzz.profiles import fuzz
from tests.integrations.contexts import TRACEPARENT, full_envelope

pytestmark = pytest.mark.fuzz

_FULL = full_envelope()


def _with(**changes: object) -> str:
    document = _FULL.to_dict()
    document.update(changes)
    return json.dumps(document)


_JSON_SEEDS = [
    _FULL.to_json(),
    ContextEnvelope().to_json(),
    _with(version="2.0"),
    _with(version="0.9"),
    _with(execution_mode=99),
    _with(execution_id="ex:" + "n" * 5000),
    _with(credentials=["s3.secret_access_key", "password"]),
    _with(custom_context={f"k{i}": "v" for i in range(MAX_CUSTOM_CONTEXT_ENTRIES + 1)}),
    _with(custom_context={"k": "v" * MAX_CUSTOM_CONTEXT_BYTES}),
    _with(tracestate="a=" + "b" * MAX_TRACESTATE_CHARS),
    _with(traceparent="ff-" + TRACEPARENT[3:]),
    _with(data_config={"s3": {"retries": 10**30, "backoff_seconds": 1e308}}),
    _with(unknown_field={"nested": json.loads("[[[[[]]]]]")}),
    "[" * 5000 + "]" * 5000,
    "{}",
    "null",
]

_TRACE_SEEDS = [TRACEPARENT, "vendor=value,other=1", "00-" + "0" * 32 + "-" + "0" * 16 + "-00"]
_BAGGAGE_SEEDS = [
    "team=ml,run=baseline",
    "k=v%20w;prop=1",
    ",".join(f"k{i}=v" for i in range(MAX_CUSTOM_CONTEXT_ENTRIES + 1)),
    "k=" + "%" * 50,
]
_ENVELOPE_ERRORS = (EnvelopeError,)


def _assert_round_trips(envelope: object) -> None:
    """An accepted envelope writes a document that reads back as itself."""
    assert isinstance(envelope, ContextEnvelope)
    assert ContextEnvelope.from_json(envelope.to_json()) == envelope


@fuzz
@given(mutated_text(_JSON_SEEDS))
def test_envelope_json_is_an_envelope_or_an_envelope_error(text: str) -> None:
    outcome = within_bounds(lambda: ContextEnvelope.from_json(text), _ENVELOPE_ERRORS)
    if outcome.error is None:
        _assert_round_trips(outcome.value)
        # The settings it carries decode, or say that serialized_context does not.
        envelope = outcome.value
        assert isinstance(envelope, ContextEnvelope)
        within_bounds(lambda: envelope.serialization_settings, _ENVELOPE_ERRORS)
    else:
        assert isinstance(outcome.error, EnvelopeError)
        assert outcome.error.field != ""


@fuzz
@given(mutated([seed.encode() for seed in _JSON_SEEDS]))
def test_envelope_bytes_are_an_envelope_or_an_envelope_error(data: bytes) -> None:
    outcome = within_bounds(lambda: ContextEnvelope.from_json(data), _ENVELOPE_ERRORS)
    if outcome.error is None:
        _assert_round_trips(outcome.value)


_VARIABLES = (
    ENVELOPE_ENV_VAR,
    SERIALIZED_CONTEXT_ENV_VAR,
    TRACEPARENT_ENV_VAR,
    TRACESTATE_ENV_VAR,
    BAGGAGE_ENV_VAR,
)


@st.composite
def _environments(draw: st.DrawFn) -> dict[str, str]:
    seeds = {
        ENVELOPE_ENV_VAR: _JSON_SEEDS,
        SERIALIZED_CONTEXT_ENV_VAR: [reference_sample_settings().serialized_context, "x"],
        TRACEPARENT_ENV_VAR: _TRACE_SEEDS,
        TRACESTATE_ENV_VAR: _TRACE_SEEDS,
        BAGGAGE_ENV_VAR: _BAGGAGE_SEEDS,
    }
    env: dict[str, str] = {}
    for name in _VARIABLES:
        if draw(st.booleans()):
            env[name] = draw(mutated_text(seeds[name], max_edits=3))
    return env


@fuzz
@given(_environments())
def test_an_environment_carries_an_envelope_none_or_an_envelope_error(env: dict[str, str]) -> None:
    outcome = within_bounds(lambda: ContextEnvelope.from_env(env), _ENVELOPE_ERRORS)
    if outcome.error is None and outcome.value is not None:
        _assert_round_trips(outcome.value)
    if outcome.error is None and outcome.value is None:
        assert not any(name in env for name in _VARIABLES)
    if outcome.error is not None and ENVELOPE_ENV_VAR not in env:
        assert isinstance(outcome.error, EnvelopeError)
        # Without the whole envelope, an error names the variable that was wrong (and, in
        # BAGGAGE, the key: ``BAGGAGE['k']``).
        assert outcome.error.field.startswith(_VARIABLES)
