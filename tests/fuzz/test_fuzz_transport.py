"""Fuzz: the serialized context (``_F_SS_C``) and settings JSON decoders.

Inputs are mutated at each layer of the format: the base64 text, the gzip member inside it, and
the JSON inside that (re-encoded, so the edit reaches the JSON reader), seeded from valid
settings, the reference's sample, gzip bombs and the wrong-items bomb.
"""

from __future__ import annotations

import base64
import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ctxcore.core.errors import TransportError
from ctxcore.core.results import unwrap_or_raise
from ctxcore.core.serialization.settings import SerializationSettings
from ctxcore.core.serialization.transport import (
    decode_transport_text,
    encode_transport_text,
    gzip_member,
)
from ctxcore.testing.bombs import wrong_items_context, wrong_items_json
from ctxcore.testing.strategies.serialization import gzip_bomb, reference_sample_settings
from tests.fuzz.bounds import within_bounds
from tests.fuzz.mutate import mutated, mutated_text
from tests.fuzz.profiles import fuzz

pytestmark = pytest.mark.fuzz

_FIXTURES = Path(__file__).parent.parent / "fixtures"

_JSON_SEEDS = [
    reference_sample_settings().to_json(),
    '{"project": "p", "image_config": {"default_image": null, "images": []}, "env": {"A": "1"}}',
    (_FIXTURES / "serialization_settings.to_json.json").read_text(),
    wrong_items_json(2_000),
    json.dumps({"image_config": {"default_image": None, "images": [{"name": 1}] * 50}}),
    "{}",
    "[]",
    '"text"',
]
_GZIP_SEEDS = [gzip_member(seed.encode()) for seed in _JSON_SEEDS] + [
    gzip_bomb(1 << 20),
    gzip_bomb((1 << 20) + 1),
    gzip_member(b"{}") + b"\x00\x00" + gzip_member(b""),
]
_TEXT_SEEDS = [
    *(base64.b64encode(seed).decode() for seed in _GZIP_SEEDS),
    (_FIXTURES / "serialized_context.b64.txt").read_text(),
    wrong_items_context(),
]


def _as_text(data: bytes) -> str:
    return data.decode("latin-1")


contexts = st.one_of(
    mutated([seed.encode() for seed in _TEXT_SEEDS]).map(_as_text),
    mutated(_GZIP_SEEDS).map(lambda data: base64.b64encode(data).decode()),
    mutated_text(_JSON_SEEDS).map(encode_transport_text),
    st.text(),
)
"""``_F_SS_C`` values: edited at the base64, gzip or JSON layer, or any text."""

sizes = st.sampled_from([1 << 20, 0, 1, 2, 17, 100, 1 << 10, (1 << 16) + 1])


@fuzz
@given(contexts)
def test_from_transport_gives_settings_or_a_transport_error(value: str) -> None:
    within_bounds(lambda: SerializationSettings.from_transport(value), (TransportError,))


@fuzz
@given(contexts, sizes)
def test_decoded_text_never_exceeds_the_bound(value: str, max_size: int) -> None:
    outcome = within_bounds(
        lambda: unwrap_or_raise(decode_transport_text(value, max_size)), (TransportError,)
    )
    if outcome.error is None:
        assert isinstance(outcome.value, str)
        assert len(outcome.value.encode()) <= max_size


@fuzz
@given(
    st.one_of(
        mutated_text(_JSON_SEEDS),
        mutated([seed.encode() for seed in _JSON_SEEDS]),
    )
)
def test_from_json_gives_settings_or_a_transport_error(value: str | bytes) -> None:
    within_bounds(lambda: SerializationSettings.from_json(value), (TransportError,))
