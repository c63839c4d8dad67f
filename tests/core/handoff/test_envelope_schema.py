"""``ContextEnvelope.json_schema()``: a valid draft 2020-12 schema that every envelope written
validates against and that never refuses a document the reader takes. It refuses a list of
documents of the wrong shape that the reader refuses too; it is looser than the reader in
what it cannot state (ids, sizes), in what JSON Schema counts as an integer (``3.0``), and,
with Python's ``re``, in a ``$`` that matches before a final newline."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any, cast

import jsonschema
import pytest
from hypothesis import given
from hypothesis import strategies as st

from ctxcore import CREDENTIAL_FIELDS, ContextEnvelope, EnvelopeError, ExecutionMode
from ctxcore.core.handoff import trace, wire
from ctxcore.core.handoff.envelope import _check_version  # pyright: ignore[reportPrivateUsage]
from tests.core.handoff.test_envelope import _EVERY_VALUE_NULL  # pyright: ignore[reportPrivateUsage]
from tests.core.handoff.test_envelope_paths import (
    _every_field,  # pyright: ignore[reportPrivateUsage]
    documents,
    envelopes,
)


def _valid(document: object) -> bool:
    # the schema made afresh for each document: a validator made once at import would not see
    # a change made later (as mutation testing makes them)
    validator = jsonschema.Draft202012Validator(ContextEnvelope.json_schema())
    valid: bool = validator.is_valid(cast("Any", document))  # pyright: ignore[reportUnknownMemberType]
    return valid


def test_the_schema_is_a_draft_2020_12_schema_of_the_envelope() -> None:
    schema = ContextEnvelope.json_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["title"] == "ContextEnvelope"
    assert schema["required"] == ["version"]
    assert "additionalProperties" not in json.dumps(schema).replace(
        '"additionalProperties": {"type": "string"}', ""
    )  # unknown fields are ignored at every level; only the custom context's values are typed
    assert ContextEnvelope.json_schema() is not ContextEnvelope.json_schema()


@given(envelopes())
def test_every_envelope_written_validates(envelope: ContextEnvelope) -> None:
    assert _valid(json.loads(envelope.to_json()))
    assert _valid(_every_field(envelope.to_dict()))


def test_a_document_of_nulls_and_unknown_fields_validates() -> None:
    assert _valid(_EVERY_VALUE_NULL)
    later: dict[str, object] = {"data_config": None, "a_later_field": [1, {}]}
    assert _valid({**_EVERY_VALUE_NULL, **later})
    assert _valid({"version": "1.0", "data_config": {"s3": {"later": 1}, "later": None}})


@given(documents())
def test_the_schema_refuses_no_document_the_reader_takes(document: dict[str, object]) -> None:
    try:
        ContextEnvelope.from_dict(json.loads(json.dumps(document)))
    except EnvelopeError:
        return
    assert _valid(document)


@pytest.mark.parametrize(
    "document",
    [
        {},
        {"version": 1},
        {"version": "2.0"},
        {"version": "1"},
        {"version": "1.0", "execution_mode": 0},
        {"version": "1.0", "execution_mode": True},
        {"version": "1.0", "execution_id": 1},
        {"version": "1.0", "credentials": ["s3.endpoint"]},
        {"version": "1.0", "credentials": "s3.access_key_id"},
        {"version": "1.0", "custom_context": {"k": 1}},
        {"version": "1.0", "custom_context": {"bad key": "v"}},
        {"version": "1.0", "custom_context": {f"k{i}": "v" for i in range(65)}},
        {"version": "1.0", "traceparent": "00-xyz"},
        {"version": "1.0", "tracestate": "a=\u0001"},
        {"version": "1.0", "tracestate": "a" * 513},
        {"version": "1.0", "data_config": []},
        {"version": "1.0", "data_config": {"s3": {"retries": 1001}}},
        {"version": "1.0", "data_config": {"s3": {"retries": 2.5}}},
        {"version": "1.0", "data_config": {"s3": {"backoff_seconds": -1}}},
        {"version": "1.0", "data_config": {"s3": {"backoff_seconds": 86_400.5}}},
        {"version": "1.0", "data_config": {"s3": {"endpoint": 1}}},
        {"version": "1.0", "data_config": {"gcs": {"gsutil_parallelism": "y"}}},
        {"version": "1.0", "data_config": {"azure": {"client_id": {}}}},
        {"version": "1.0", "data_config": {"generic": {"attach_execution_metadata": 0}}},
    ],
)
def test_the_schema_refuses_what_the_reader_refuses_for_its_shape(
    document: dict[str, object],
) -> None:
    with pytest.raises(EnvelopeError):
        ContextEnvelope.from_dict(document)
    assert not _valid(document)


@given(st.from_regex(r"[0-9]{1,6}\.[0-9]{1,6}|[0-9.a]{0,6}", fullmatch=True))
def test_the_version_pattern_is_the_versions_a_reader_takes(version: str) -> None:
    try:
        _check_version(version)
    except EnvelopeError:
        taken = False
    else:
        taken = True
    assert (re.search(wire.VERSION_PATTERN, version) is not None) == taken
    assert _valid({"version": version}) == taken


def test_the_schema_states_the_record_s_own_names_and_bounds() -> None:
    schema = ContextEnvelope.json_schema()
    properties = schema["properties"]
    assert isinstance(properties, dict)
    credentials = properties["credentials"]["anyOf"][0]  # pyright: ignore[reportUnknownVariableType]
    assert credentials["items"]["enum"] == list(CREDENTIAL_FIELDS)
    custom = properties["custom_context"]["anyOf"][0]  # pyright: ignore[reportUnknownVariableType]
    assert custom["maxProperties"] == trace.MAX_CUSTOM_CONTEXT_ENTRIES
    modes = schema["$defs"]["Mode"]["enum"]  # type: ignore[index]  # pyright: ignore[reportIndexIssue, reportUnknownVariableType]
    assert modes == [mode.value for mode in ExecutionMode]


def _properties(schema: dict[str, object]) -> Iterator[tuple[str, dict[str, object]]]:
    defs = cast("dict[str, dict[str, object]]", schema["$defs"])
    for definition in (schema, *defs.values()):
        properties = cast("dict[str, dict[str, object]]", definition.get("properties", {}))
        yield from properties.items()


def test_each_property_is_its_type_or_null_with_its_default_outside() -> None:
    schema = ContextEnvelope.json_schema()
    for name, value in _properties(schema):
        if name == "version":
            continue
        first, null = cast("list[dict[str, object]]", value["anyOf"])
        assert null == {"type": "null"}, name
        assert "default" not in first, name
        assert {"type": "null"} not in cast("list[object]", first.get("anyOf", [])), name
        assert "default" in value, name
    properties = cast("dict[str, dict[str, object]]", schema["properties"])
    assert properties["credentials"]["default"] == []
    assert properties["custom_context"]["default"] == {}
    assert properties["execution_mode"]["default"] is None
    s3 = cast("dict[str, object]", properties["data_config"]["default"])["s3"]
    assert cast("dict[str, object]", s3)["retries"] == 3


def test_the_descriptions_a_reader_of_the_schema_gets() -> None:
    properties = cast("dict[str, dict[str, object]]", ContextEnvelope.json_schema()["properties"])
    described = {
        name: cast("list[dict[str, object]]", value["anyOf"])[0].get("description")
        for name, value in properties.items()
        if name != "version"
    }
    assert {name: text for name, text in described.items() if text is not None} == {
        "execution_id": "A workflow execution id: ex:project:domain:name.",
        "task_id": "A task id: TASK:project:domain:name:version.",
        "serialized_context": "The serialization settings in their _F_SS_C form.",
        "credentials": (
            "Which credentials the caller had (never their values): a worker brings its own."
        ),
        "custom_context": (
            "Carried as W3C Baggage: at most 64 entries and 8192 bytes as a BAGGAGE header."
        ),
        "traceparent": "W3C Trace Context.",
        "tracestate": "W3C Trace Context; only with a traceparent.",
    }
    assert properties["version"] == {
        "type": "string",
        "pattern": wire.VERSION_PATTERN,
        "description": "major.minor: a reader takes any minor version of its major.",
    }
