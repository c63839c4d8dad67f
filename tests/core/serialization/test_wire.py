"""The settings' msgspec layout (``serialization.wire``) reads what ``json`` and the general
reader read, value and error, on generated settings, mutated documents and mutated texts; a
process reads with it only from its ``_READS_BEFORE_LAYOUT``-th settings text on."""

from __future__ import annotations

import json
from unittest import mock

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ctxcore.core.rent_or_buy import RentOrBuy
from ctxcore.core.serialization import decoding, wire
from ctxcore.core.serialization.decoding import MAX_IMAGES
from ctxcore.core.serialization.settings import SerializationSettings
from ctxcore.testing.strategies.serialization import (
    reference_sample_settings,
    resource_specs,
    serialization_settings,
)
from tests.core.serialization.test_layout import _outcome, documents  # pyright: ignore[reportPrivateUsage]


def _read(text: str | bytes, reader: object) -> object:
    with mock.patch.object(decoding, "_layout_reader", return_value=reader):
        return (
            _outcome(lambda: SerializationSettings.from_json(text)),
            _outcome(lambda: decoding.settings_or_error(text)),
        )


def _by_layout(text: str | bytes) -> object:
    return _read(text, wire.decoded)


def _generally(text: str | bytes) -> object:
    return _read(text, None)


@given(serialization_settings())
def test_what_to_json_writes_is_read_by_the_layout(settings: SerializationSettings) -> None:
    text = settings.to_json()
    # default resources are left to the general reader (the next test)
    assert wire.decoded(text) == (settings if settings.default_resources is None else None)
    assert _by_layout(text) == _generally(text)


@given(serialization_settings(default_resources=resource_specs()))
def test_default_resources_are_left_to_the_general_reader(
    settings: SerializationSettings,
) -> None:
    text = settings.to_json()
    assert wire.decoded(text) is None
    assert _by_layout(text) == _generally(text)


@given(documents(), st.booleans())
def test_the_layout_reads_any_document_as_the_general_reader(
    document: dict[str, object], ascii_only: bool
) -> None:
    text = json.dumps(document, ensure_ascii=ascii_only)
    assert _by_layout(text) == _generally(text)


_PIECES = [
    *["", "{", "}", "[", "]", '"', ":", ",", " ", "0", "1e400", "null", "true", "NaN"],
    *["\\ud800", "\ud800", "é", "\x00", '"x":1,', '"tag":"t",', '"digest":"d",'],
]


@given(st.data())
def test_the_layout_reads_any_text_as_the_general_reader(data: st.DataObject) -> None:
    text = data.draw(serialization_settings()).to_json()
    for _ in range(data.draw(st.integers(1, 3))):
        at = data.draw(st.integers(0, len(text)))
        cut = data.draw(st.integers(0, 3))
        text = text[:at] + data.draw(st.sampled_from(_PIECES)) + text[at + cut :]
    assert _by_layout(text) == _generally(text)
    encoded = text.encode("utf-8", "surrogatepass")
    assert _by_layout(encoded) == _generally(encoded)


def _image_config(**config: object) -> str:
    document = reference_sample_settings().to_dict()
    document["image_config"] = config
    return json.dumps(document)


_IMAGE = {"name": "default", "fqn": "ghcr.io/flyteorg/flytekit", "tag": "t", "digest": None}


@pytest.mark.parametrize(
    "text",
    [
        _image_config(default_image={**_IMAGE, "digest": "sha256:abc"}, images=None),
        _image_config(default_image=None, images=[{**_IMAGE, "digest": "sha256:abc"}]),
        _image_config(default_image=_IMAGE, images=[_IMAGE] * MAX_IMAGES),
        _image_config(default_image=_IMAGE, images=[_IMAGE] * (MAX_IMAGES + 1)),
        _image_config(default_image=_IMAGE, images=[{**_IMAGE, "tag": None}]),
        _image_config(default_image=None, images=[None]),
        _image_config(),
        json.dumps({**reference_sample_settings().to_dict(), "image_config": None}),
        json.dumps({**reference_sample_settings().to_dict(), "env": {"A": 1}}),
        json.dumps({**reference_sample_settings().to_dict(), "python_interpreter": None}),
        json.dumps({**reference_sample_settings().to_dict(), "flytekit_virtualenv_root": None}),
        json.dumps({**reference_sample_settings().to_dict(), "later": 1}),
        json.dumps({"image_config": {}, "fast_serialization_settings": {"enabled": 1}}),
        json.dumps({"image_config": {}, "fast_serialization_settings": {}}),
        "[]",
        "",
    ],
)
def test_a_boundary_text_is_read_as_the_general_reader_reads_it(text: str) -> None:
    assert _by_layout(text) == _generally(text)


def test_an_image_listed_as_the_default_is_the_default_image() -> None:
    settings = wire.decoded(reference_sample_settings().to_json())
    assert settings is not None
    images = settings.image_config.images
    assert images is not None
    assert images[0] is settings.image_config.default_image


def test_settings_are_read_with_the_layout_once_the_reader_gives_it() -> None:
    text = reference_sample_settings().to_json()
    with mock.patch.object(decoding, "_layout_reader", RentOrBuy(decoding._load_layout, 1)):  # pyright: ignore[reportPrivateUsage]
        assert SerializationSettings.from_json(text) == reference_sample_settings()
        refusing = mock.patch.object(wire, "_decode", side_effect=AssertionError("by msgspec"))
        with refusing, pytest.raises(AssertionError, match="by msgspec"):
            SerializationSettings.from_json(text)
    assert decoding._load_layout() is wire.decoded  # pyright: ignore[reportPrivateUsage]
