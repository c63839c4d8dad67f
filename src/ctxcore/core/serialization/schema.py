"""JSON Schemas (draft 2020-12) of the records' JSON layouts, generated from their types.

How this works. ``record_json_schema(cls)`` walks the attrs fields of ``cls`` and their resolved
annotations, so the schema changes when a field does and is never written by hand. Each record
type becomes one entry of ``$defs`` (referenced by ``$ref``), an object whose properties are its
fields in order: ``required`` lists the fields without a default, and no other key is allowed
(``to_dict`` writes exactly the fields). Field types map as the settings converter writes them:
``str``/``int``/``float``/``bool``/``None`` to the JSON types (an ``int`` is a ``number`` too,
since JSON does not tell ``2`` from ``2.0``), ``X | Y`` to ``anyOf``, ``tuple[X, ...]`` to an
array, ``tuple[X, Y]`` to a two-item array, ``FrozenEnv`` to an object of strings. A type it
does not know raises ``TypeError``: a new kind of field needs a rule here, not a guess.
"""

from __future__ import annotations

import types
import typing
from typing import Final

import attrs

from ctxcore.core.serialization.env import FrozenEnv

__all__ = [
    "JSON_SCHEMA_DIALECT",
    "record_json_schema",
]

JSON_SCHEMA_DIALECT: Final = "https://json-schema.org/draft/2020-12/schema"
"""The ``$schema`` of every generated schema."""

_SCALARS: Final[dict[object, dict[str, object]]] = {
    str: {"type": "string"},
    bool: {"type": "boolean"},
    int: {"type": "integer"},
    float: {"type": "number"},
    type(None): {"type": "null"},
}


def record_json_schema(record: type, *, title: str | None = None) -> dict[str, object]:
    """The JSON Schema of ``record``'s ``to_dict`` layout: ``record`` at the root, every record
    type it holds under ``$defs``."""
    defs: dict[str, dict[str, object]] = {}
    root = _record(record, defs)
    schema: dict[str, object] = {
        "$schema": JSON_SCHEMA_DIALECT,
        "title": title or record.__name__,
        **root,
    }
    if defs:
        schema["$defs"] = {name: defs[name] for name in sorted(defs)}
    return schema


def _record(record: type, defs: dict[str, dict[str, object]]) -> dict[str, object]:
    hints = typing.get_type_hints(record)
    properties: dict[str, object] = {}
    required: list[str] = []
    for field in attrs.fields(record):
        properties[field.name] = _of(hints[field.name], defs)
        if field.default is attrs.NOTHING:
            required.append(field.name)
    schema: dict[str, object] = {
        "type": "object",
        "properties": properties,
        "additionalProperties": False,
    }
    if required:
        schema["required"] = required
    doc = (record.__doc__ or "").strip().partition("\n")[0]
    if doc:
        schema["description"] = doc
    return schema


def _ref(record: type, defs: dict[str, dict[str, object]]) -> dict[str, object]:
    name = record.__name__
    if name not in defs:
        defs[name] = {}  # reserved first: a record that holds itself ends here
        defs[name] = _record(record, defs)
    return {"$ref": f"#/$defs/{name}"}


def _of(annotation: object, defs: dict[str, dict[str, object]]) -> dict[str, object]:
    scalar = _SCALARS.get(annotation)
    if scalar is not None:
        return dict(scalar)
    if annotation is FrozenEnv:
        return {"type": "object", "additionalProperties": {"type": "string"}}
    if isinstance(annotation, type) and attrs.has(annotation):
        return _ref(annotation, defs)
    origin = typing.get_origin(annotation)
    arguments = typing.get_args(annotation)
    if origin is typing.Union or origin is types.UnionType:
        return _union([_of(argument, defs) for argument in arguments])
    if origin is tuple:
        if len(arguments) == 2 and arguments[1] is Ellipsis:
            return {"type": "array", "items": _of(arguments[0], defs)}
        items = [_of(argument, defs) for argument in arguments]
        return {
            "type": "array",
            "prefixItems": items,
            "items": False,
            "minItems": len(items),
        }
    raise TypeError(f"no JSON Schema rule for the field type {annotation!r}")


def _union(members: list[dict[str, object]]) -> dict[str, object]:
    """``anyOf`` the members, repeats dropped (two records of one name are one ``$ref``); an
    ``integer`` next to a ``number`` is dropped too (every integer is a number). No member is
    an ``anyOf`` itself: typing flattens a union of unions before it gets here."""
    flat: list[dict[str, object]] = []
    for member in members:
        if member not in flat:
            flat.append(member)
    if {"type": "number"} in flat and {"type": "integer"} in flat:
        flat.remove({"type": "integer"})
    return flat[0] if len(flat) == 1 else {"anyOf": flat}
