"""The context envelope's JSON layout as msgspec types: a text in that layout is parsed and
type-checked in one pass of C (``decoded``: 1.8 µs for a full envelope here, where
``json.loads`` and the envelope's exact-type reader take about 11 µs).

How this works. ``decoded`` takes a text only when msgspec reads it into these types with
every bound met: this major and minor version, no field the layout does not name, a known
execution mode, each string a string, each number a number of its kind within the readers'
bounds, each section an object. The values it then gives are those ``json.loads`` gives for the
same text, and exactly the ones the envelope's general reader (``envelope._fields``) takes
unchanged. Anything else (a null where a default is meant, another minor version, an unknown
field, a value out of bounds, a lone surrogate, JSON that ``json`` reads and msgspec does not)
gives ``None``, and the general reader reads the text and names the field when it is wrong.
So this path can only be faster, never different, and which of the two reads a text cannot be
told from outside: a property test holds them together on generated and mutated texts.
Unknown fields are left to the general reader because msgspec skips them without converting
their values, and ``json`` refuses a text whose number it cannot convert (one over Python's
4,300-digit limit): taking them here would make the two differ.

When it is used: ``envelope._layout_reader`` (msgspec's import is paid only by processes that
read many envelopes), and ``json_schema`` (``ContextEnvelope.json_schema()``), generated from
these types by msgspec and widened to what the general reader takes too.
"""

from __future__ import annotations

from typing import Annotated, Final, Literal, cast

import msgspec

from ctxcore.core.config.records import S3Config
from ctxcore.core.execution.state import ExecutionMode
from ctxcore.core.handoff.limits import CREDENTIAL_FIELDS, MAX_BACKOFF_SECONDS, MAX_RETRIES
from ctxcore.core.handoff.trace import (
    BAGGAGE_KEY_PATTERN,
    MAX_CUSTOM_CONTEXT_BYTES,
    MAX_CUSTOM_CONTEXT_ENTRIES,
    MAX_TRACESTATE_CHARS,
    TRACEPARENT_PATTERN,
    TRACESTATE_PATTERN,
)
from ctxcore.core.serialization.schema import JSON_SCHEMA_DIALECT

__all__ = ["DataConfigSection", "EnvelopeDocument", "decoded", "json_schema"]

_S3_DEFAULTS: Final = S3Config()


def _described(text: str, **schema: object) -> msgspec.Meta:
    """Words (and schema keys) for the JSON Schema only: the fast path checks none of them
    (the record's converters check the values)."""
    return msgspec.Meta(description=text, extra_json_schema=schema or None)


class S3Section(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """S3 settings a worker's store is opened with (never a credential)."""

    enable_debug: bool = False
    endpoint: str | None = None
    retries: Annotated[int, msgspec.Meta(ge=0, le=MAX_RETRIES)] = _S3_DEFAULTS.retries
    backoff_seconds: Annotated[float, msgspec.Meta(ge=0.0, le=MAX_BACKOFF_SECONDS)] = (
        _S3_DEFAULTS.backoff.total_seconds()
    )
    addressing_style: str | None = None


class GCSSection(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """GCS settings."""

    gsutil_parallelism: bool = False


class AzureSection(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """Azure Blob Storage settings (never a credential)."""

    account_name: str | None = None
    tenant_id: str | None = None
    client_id: str | None = None


class GenericSection(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """Settings of every store."""

    attach_execution_metadata: bool = True


class DataConfigSection(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """The caller's data configuration without its credentials; each section absent for its
    defaults."""

    s3: S3Section = S3Section()
    gcs: GCSSection = GCSSection()
    azure: AzureSection = AzureSection()
    generic: GenericSection = GenericSection()


class EnvelopeDocument(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """A context envelope (``ContextEnvelope.to_json``): what a worker in another process, host
    or engine needs to rebuild the caller's context. A field at its default is absent or null;
    a field a reader does not know is ignored."""

    version: Literal["1.0"]
    execution_mode: ExecutionMode | None = None
    execution_id: (
        Annotated[str, _described("A workflow execution id: ex:project:domain:name.")] | None
    ) = None
    task_id: Annotated[str, _described("A task id: TASK:project:domain:name:version.")] | None = (
        None
    )
    raw_output_prefix: str | None = None
    output_metadata_prefix: str | None = None
    serialized_context: (
        Annotated[str, _described("The serialization settings in their _F_SS_C form.")] | None
    ) = None
    data_config: DataConfigSection = DataConfigSection()
    credentials: Annotated[
        tuple[
            Annotated[str, msgspec.Meta(extra_json_schema={"enum": list(CREDENTIAL_FIELDS)})], ...
        ],
        _described(
            "Which credentials the caller had (never their values): a worker brings its own."
        ),
    ] = ()
    custom_context: Annotated[
        dict[str, str],
        _described(
            f"Carried as W3C Baggage: at most {MAX_CUSTOM_CONTEXT_ENTRIES} entries and "
            f"{MAX_CUSTOM_CONTEXT_BYTES} bytes as a BAGGAGE header.",
            maxProperties=MAX_CUSTOM_CONTEXT_ENTRIES,
            propertyNames={"pattern": f"^{BAGGAGE_KEY_PATTERN}$"},
        ),
    ] = {}
    traceparent: (
        Annotated[str, _described("W3C Trace Context.", pattern=f"^{TRACEPARENT_PATTERN}$")] | None
    ) = None
    tracestate: (
        Annotated[
            str,
            _described(
                "W3C Trace Context; only with a traceparent.",
                maxLength=MAX_TRACESTATE_CHARS,
                pattern=f"^{TRACESTATE_PATTERN}$",
            ),
        ]
        | None
    ) = None


_decode: Final = msgspec.json.Decoder(EnvelopeDocument).decode


def decoded(text: str | bytes) -> EnvelopeDocument | None:
    """``text`` read into the layout, or ``None`` when it is not in it (see the module)."""
    try:
        return _decode(text)
    except (msgspec.MsgspecError, ValueError):
        # not in the layout (MsgspecError), or a str that is not UTF-8 (UnicodeEncodeError):
        # the general reader says which field. Nothing nests deeper than the layout's three
        # levels here: a value of the wrong kind, or an unknown key, is refused where it starts.
        return None


VERSION_PATTERN: Final = r"^0{0,3}1\.[0-9]{1,4}$"
"""The versions a reader of major 1 takes: ``major.minor``, each of at most four digits."""

_NULL: Final = {"type": "null"}


def json_schema() -> dict[str, object]:
    """The JSON Schema (draft 2020-12) of the documents ``ContextEnvelope.from_json`` reads:
    msgspec's schema of the layout, widened to what the general reader takes too. Any 1.x
    version, a null for any value (it is absent), and fields it does not know (ignored). Values
    the record checks beyond their type are described (ids, custom context, trace context).
    A new dict each call."""
    # through JSON: a fresh value of JSON types only (a tuple default becomes a list)
    generated = msgspec.json.decode(msgspec.json.encode(msgspec.json.schema(EnvelopeDocument)))
    defs = cast("dict[str, dict[str, object]]", generated["$defs"])
    root = defs.pop(EnvelopeDocument.__name__)
    for definition in (root, *defs.values()):
        _widened(definition)
    properties = cast("dict[str, object]", root["properties"])
    properties["version"] = {
        "type": "string",
        "pattern": VERSION_PATTERN,
        "description": "major.minor: a reader takes any minor version of its major.",
    }
    return {
        "$schema": JSON_SCHEMA_DIALECT,
        **root,
        "title": "ContextEnvelope",
        "$defs": {name: defs[name] for name in sorted(defs)},
    }


def _widened(definition: dict[str, object]) -> None:
    """An object of the layout as the general reader reads it: unknown keys allowed, and a
    null for each property (absent: its default)."""
    properties = definition.get("properties")
    if properties is None:
        return  # an enum (the execution mode)
    del definition["additionalProperties"]
    for name, value in cast("dict[str, dict[str, object]]", properties).items():
        if _NULL not in cast("list[object]", value.get("anyOf", [])):
            widened: dict[str, object] = {"anyOf": [value, _NULL]}
            if "default" in value:
                widened["default"] = value.pop("default")
            cast("dict[str, object]", properties)[name] = widened
