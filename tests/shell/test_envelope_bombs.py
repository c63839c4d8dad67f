"""Hostile context envelopes, refused the way issue 11's decoders must be: each in a fresh
interpreter capped at what it has plus 50 MiB, within 1 s, with a short ``EnvelopeError``
(``tests/capped.py``)."""

from __future__ import annotations

import json

import pytest

from ctxcore import MAX_ENVELOPE_BYTES
from tests.capped import assert_refused_cheaply, run_capped

pytestmark = pytest.mark.slow

_READ_STDIN = """
import sys
from ctxcore import ContextEnvelope
value = sys.stdin.read()
"""

_BASE = {"version": "1.0"}


def _document(**fields: object) -> bytes:
    return json.dumps({**_BASE, **fields}).encode()


@pytest.mark.parametrize(
    "stdin",
    [
        pytest.param(b" " * (MAX_ENVELOPE_BYTES * 64), id="64 MiB"),
        pytest.param(b"[" * (MAX_ENVELOPE_BYTES - 1), id="nested a million deep"),
        pytest.param(b'{"version": "1.0", "x": ' + b"9" * 900_000 + b"}", id="huge number"),
        pytest.param(
            b'{"version": "1.0", "raw_output_prefix": "\\ud800' + b"x" * 900_000 + b'"}',
            id="not UTF-8",
        ),
        pytest.param(_document(version="99.0"), id="newer major"),
        pytest.param(
            _document(custom_context={f"k{i}": "v" for i in range(80_000)}), id="huge custom"
        ),
        pytest.param(_document(custom_context={"k": "v" * 900_000}), id="baggage over bound"),
        pytest.param(_document(traceparent="00-" + "a" * 900_000), id="non-W3C traceparent"),
        pytest.param(_document(credentials=["x"] * 100_000), id="many wrong credentials"),
        pytest.param(_document(execution_id="ex:" + ":" * 900_000), id="huge execution id"),
    ],
)
def test_hostile_envelopes_are_refused_cheaply(stdin: bytes) -> None:
    measured = run_capped(_READ_STDIN, "ContextEnvelope.from_json(value)", stdin=stdin)
    assert_refused_cheaply(measured, "EnvelopeError")


def test_a_hostile_environment_is_refused_cheaply() -> None:
    setup = """
import sys
from ctxcore import ContextEnvelope
value = sys.stdin.read()
env = {"BAGGAGE": value, "TRACEPARENT": "00-" + value}
"""
    measured = run_capped(setup, "ContextEnvelope.from_env(env)", stdin=b"k=v," * 500_000)
    assert_refused_cheaply(measured, "EnvelopeError")
