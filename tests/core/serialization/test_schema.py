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
from ctxcore.core.serialization.env import FrozenEnv
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


@attrs.frozen
class _Leaf:
    """A leaf record.

    Only the first line of its docstring describes it."""

    name: str
    count: int = 0


@attrs.frozen
class _Tree:
    leaf: _Leaf
    leaves: tuple[_Leaf, ...]
    pair: tuple[int, _Leaf]
    maybe: _Leaf | None = None
    flag: bool = False
    ratio: float | int = 1.0
    env: FrozenEnv = attrs.field(factory=FrozenEnv)
    nested: int | str | None = None


@attrs.frozen
class _Plain:
    value: str = ""


@attrs.frozen
class _Zed:
    value: int


@attrs.frozen
class _Alpha:
    value: int


@attrs.frozen
class _Holder:
    zed: _Zed
    alpha: _Alpha


@attrs.frozen
class _Loop:
    """Holds itself."""

    next: _Loop | None = None


def test_a_small_record_s_schema_whole() -> None:
    """Every rule at once, pinned: scalars, records by reference, both tuple shapes, unions
    (flattened, an integer beside a number dropped), the environment and the descriptions."""
    leaf_ref = {"$ref": "#/$defs/_Leaf"}
    assert record_json_schema(_Tree) == {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "_Tree",
        "type": "object",
        "properties": {
            "leaf": leaf_ref,
            "leaves": {"type": "array", "items": leaf_ref},
            "pair": {
                "type": "array",
                "prefixItems": [{"type": "integer"}, leaf_ref],
                "items": False,
                "minItems": 2,
            },
            "maybe": {"anyOf": [leaf_ref, {"type": "null"}]},
            "flag": {"type": "boolean"},
            "ratio": {"type": "number"},
            "env": {"type": "object", "additionalProperties": {"type": "string"}},
            "nested": {"anyOf": [{"type": "integer"}, {"type": "string"}, {"type": "null"}]},
        },
        "additionalProperties": False,
        "required": ["leaf", "leaves", "pair"],
        "$defs": {
            "_Leaf": {
                "type": "object",
                "properties": {"name": {"type": "string"}, "count": {"type": "integer"}},
                "additionalProperties": False,
                "required": ["name"],
                "description": "A leaf record.",
            }
        },
    }


def test_a_record_without_records_required_fields_or_a_docstring_has_none_of_them() -> None:
    assert record_json_schema(_Plain, title="Mine") == {
        "$schema": JSON_SCHEMA_DIALECT,
        "title": "Mine",
        "type": "object",
        "properties": {"value": {"type": "string"}},
        "additionalProperties": False,
    }


def test_a_record_that_holds_itself_is_one_definition() -> None:
    schema = record_json_schema(_Loop)
    loop_ref = {"$ref": "#/$defs/_Loop"}
    assert schema["properties"] == {"next": {"anyOf": [loop_ref, {"type": "null"}]}}
    assert schema["$defs"] == {
        "_Loop": {
            "type": "object",
            "properties": {"next": {"anyOf": [loop_ref, {"type": "null"}]}},
            "additionalProperties": False,
            "description": "Holds itself.",
        }
    }


def test_definitions_are_sorted_by_name() -> None:
    defs = cast("dict[str, object]", record_json_schema(_Holder)["$defs"])
    assert list(defs) == ["_Alpha", "_Zed"]


def test_a_field_type_without_a_rule_is_named_in_the_error() -> None:
    @attrs.frozen
    class Odd:
        when: bytes

    with pytest.raises(TypeError) as raised:
        record_json_schema(Odd)
    assert str(raised.value) == "no JSON Schema rule for the field type <class 'bytes'>"
