"""``SerializationSettings.json_schema()``: generated from the types, and every ``to_json()``
validates against it (hypothesis-generated settings and the reference's sample)."""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any, cast

import attrs
import jsonschema
import pytest
from hypothesis import given
from jsonschema.exceptions import ValidationError

from ctxcore import SerializationSettings
from ctxcore.core.serialization.schema import JSON_SCHEMA_DIALECT, record_json_schema
from ctxcore.core.serialization.transport import decode_transport_text
from ctxcore.testing.strategies.serialization import serialization_settings

FIXTURES = Path(__file__).parents[2] / "fixtures"
SAMPLE_JSON = (FIXTURES / "serialization_settings.to_json.json").read_text(encoding="utf-8")
SAMPLE_CONTEXT = (FIXTURES / "serialized_context.b64.txt").read_text(encoding="ascii")

_SCHEMA = SerializationSettings.json_schema()
_VALIDATOR = jsonschema.Draft202012Validator(_SCHEMA)


def _errors(document: object) -> list[str]:
    # jsonschema's stubs leave iter_errors' return type partly unknown; errors have a message.
    found: Iterable[ValidationError] = _VALIDATOR.iter_errors(  # pyright: ignore[reportUnknownMemberType]
        cast("Any", document)
    )
    return [error.message for error in found]


def test_the_schema_is_a_valid_draft_2020_12_schema() -> None:
    jsonschema.Draft202012Validator.check_schema(_SCHEMA)
    assert _SCHEMA["$schema"] == JSON_SCHEMA_DIALECT
    assert _SCHEMA["title"] == "SerializationSettings"


def test_the_properties_are_the_fields_in_order() -> None:
    properties = cast("dict[str, object]", _SCHEMA["properties"])
    assert list(properties) == [field.name for field in attrs.fields(SerializationSettings)]
    assert _SCHEMA["required"] == ["image_config"]
    assert _SCHEMA["additionalProperties"] is False
    defs = cast("dict[str, object]", _SCHEMA["$defs"])
    assert sorted(defs) == [
        "FastSerializationSettings",
        "Image",
        "ImageConfig",
        "ResourceSpec",
        "Resources",
    ]


def test_each_call_gives_a_new_dict() -> None:
    first = SerializationSettings.json_schema()
    first["title"] = "changed"
    assert SerializationSettings.json_schema()["title"] == "SerializationSettings"


@given(serialization_settings())
def test_every_to_json_validates(settings: SerializationSettings) -> None:
    assert _errors(json.loads(settings.to_json())) == []


def test_the_references_samples_validate() -> None:
    assert _errors(json.loads(SAMPLE_JSON)) == []
    decoded = decode_transport_text(SAMPLE_CONTEXT.strip()).unwrap()
    assert _errors(json.loads(decoded)) == []


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ({"project": 1}, "is not valid under any of the given schemas"),
        ({"surprise": True}, "Additional properties are not allowed"),
        ({"env": {"K": 1}}, "is not valid under any of the given schemas"),
        (
            {"fast_serialization_settings": {"enabled": "yes"}},
            "is not valid under any of the given schemas",
        ),
    ],
)
def test_what_to_json_never_writes_is_refused(change: dict[str, object], expected: str) -> None:
    document = {**json.loads(SAMPLE_JSON), **change}
    assert any(expected in message for message in _errors(document))
    assert _errors({"project": "p"}) == ["'image_config' is a required property"]


def test_a_resource_pair_is_a_two_item_array() -> None:
    resources = {"cpu": ["1", 2], "mem": "1Gi", "gpu": None, "ephemeral_storage": 1.5}
    document = {
        **json.loads(SAMPLE_JSON),
        "default_resources": {"requests": resources, "limits": resources},
    }
    assert _errors(document) == []
    document["default_resources"] = {"requests": {"cpu": ["1", 2, 3]}, "limits": {}}
    assert _errors(document) != []


def test_a_field_type_without_a_rule_is_a_type_error() -> None:
    @attrs.frozen
    class Odd:
        when: bytes

    with pytest.raises(TypeError, match="no JSON Schema rule for the field type"):
        record_json_schema(Odd)
