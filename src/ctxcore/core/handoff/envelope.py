"""``ContextEnvelope``: what a worker in another process, host or engine needs to rebuild the
caller's context, as plain data.

What travels: the serialization settings (as their ``_F_SS_C`` value), the execution mode, the
execution and task ids, the raw-output and output-metadata prefixes, the data configuration
without its credentials, the names (never the values) of the credentials the caller had
configured, the custom context and the W3C trace context. What never travels: a secret value or
a credential; a worker resolves those from its own environment.

Two carriers: JSON (``to_json``/``from_json``) and the environment of a subprocess or container
(``to_env``/``from_env``: ``_F_SS_C``, ``TRACEPARENT``, ``TRACESTATE``, ``BAGGAGE`` and the whole
envelope in ``CTXCORE_ENVELOPE``).

How decoding stays safe. ``from_json`` refuses more than ``MAX_ENVELOPE_BYTES`` before parsing,
turns every parser failure (including nesting too deep) into an ``EnvelopeError``, checks the
major version first, then reads every known field into local values and builds the record only
when all are good: an envelope is whole or refused, never half-read. Fields of the same major
version it does not know are ignored. The settings stay in their transport form until asked for
(``serialization_settings``, ``FlyteContextManager.enter``), where ``from_transport``'s bounds
apply; a round trip through JSON so costs microseconds, not a settings decode.

How it stays fast (W14). A field at its default is not written (every 1.x reader takes an absent
field as its default), so the document a worker parses is small. ``to_json`` writes the fixed
layout directly, with JSON's own C string escaper, instead of building a dictionary for
``json.dumps`` to walk. ``from_json`` reads a text in that layout in one of two ways, which give
the same record or the same error (property tests hold them to it on generated and mutated
texts); which one is a matter of time only:

- a process's first ``_READS_BEFORE_LAYOUT`` reads: ``json``'s scanner, then ``from_dict``,
  which reads a document in the form ``to_json`` writes with exact type tests
  (``_written_fields``) and anything else with the general, field-naming reader (``_fields``);
- its later reads: msgspec (``wire``), which parses and type-checks the layout in one pass of C
  (``from_json`` in about half the time), and leaves any other text to the first way.
  msgspec's import costs as much as some two thousand reads save, so only a process that
  reads many envelopes pays it.

Every way hands the record the same values, and the record's converters do every check of a
value. The checks whose inputs repeat across one execution's envelopes (ids, traceparent,
custom context, data configuration), and the custom context's JSON, are remembered; a refusal
never is.
"""

from __future__ import annotations

import datetime
import functools
import re
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, ClassVar, Final, NamedTuple, TypeGuard, TypeVar, cast

import attrs

from ctxcore.core import results
from ctxcore.core._repr import fields_repr
from ctxcore.core.config.records import (
    AzureBlobStorageConfig,
    DataConfig,
    GCSConfig,
    GenericPersistenceConfig,
    S3Config,
)
from ctxcore.core.errors import EnvelopeError, IdentifierError, TransportError, shown
from ctxcore.core.execution.state import ExecutionMode
from ctxcore.core.handoff.limits import CREDENTIAL_FIELDS, MAX_BACKOFF_SECONDS, MAX_RETRIES
from ctxcore.core.handoff.trace import (
    MAX_CUSTOM_CONTEXT_ENTRIES,
    TraceContext,
    checked_custom_context,
    checked_traceparent,
    decode_baggage,
    derived_traceparent,
    encode_baggage,
    is_utf8,
)
from ctxcore.core.identifiers import parse_identifier, parse_workflow_execution_identifier
from ctxcore.core.json_text import json_number, json_string, parsed, quote
from ctxcore.core.rent_or_buy import RentOrBuy
from ctxcore.core.serialization.env import FrozenEnv
from ctxcore.core.serialization.transport import SERIALIZED_CONTEXT_ENV_VAR

if TYPE_CHECKING:
    from returns.result import Result

    from ctxcore.core.context import FlyteContext
    from ctxcore.core.handoff.wire import EnvelopeDocument
    from ctxcore.core.serialization.settings import SerializationSettings

__all__ = [
    "BAGGAGE_ENV_VAR",
    "CREDENTIAL_FIELDS",
    "ENVELOPE_ENV_VAR",
    "MAX_ENVELOPE_BYTES",
    "TRACEPARENT_ENV_VAR",
    "TRACESTATE_ENV_VAR",
    "ContextEnvelope",
    "envelope_of",
]

_T = TypeVar("_T")

MAX_ENVELOPE_BYTES: Final = 1 << 20
"""The largest envelope read (1 MiB, as ``_F_SS_C``): a real one is a few KiB."""

ENVELOPE_ENV_VAR: Final = "CTXCORE_ENVELOPE"
TRACEPARENT_ENV_VAR: Final = "TRACEPARENT"
TRACESTATE_ENV_VAR: Final = "TRACESTATE"
BAGGAGE_ENV_VAR: Final = "BAGGAGE"


_REMEMBERED_IDS: Final = 1024
"""How many id strings the checks remember (each at most a few hundred bytes)."""

_VERSION = re.compile(r"([0-9]{1,4})\.([0-9]{1,4})")


def _without_credentials(config: DataConfig) -> DataConfig:
    s3, azure = config.s3, config.azure
    if s3.access_key_id or s3.secret_access_key:
        s3 = attrs.evolve(s3, access_key_id=None, secret_access_key=None)
    if azure.account_key or azure.client_secret:
        azure = attrs.evolve(azure, account_key=None, client_secret=None)
    if s3 is config.s3 and azure is config.azure:
        return config
    return attrs.evolve(config, s3=s3, azure=azure)


def _custom(value: Mapping[str, str]) -> FrozenEnv:
    """``checked_custom_context`` of ``value``, remembered for one of at most
    ``MAX_CUSTOM_CONTEXT_ENTRIES`` entries: the envelopes of one execution carry the same
    custom context again and again. A refusal is not remembered (it is raised afresh)."""
    if len(value) <= MAX_CUSTOM_CONTEXT_ENTRIES:
        items = tuple(value.items())
        try:
            return _remembered_custom(items)
        except TypeError:  # an unhashable value: not a string, refused below
            pass
    return checked_custom_context(value.items())


@functools.lru_cache(maxsize=64)
def _remembered_custom(items: tuple[tuple[str, str], ...]) -> FrozenEnv:
    return checked_custom_context(items)


def _traceparent(value: str | None) -> str | None:
    """``value``, checked (remembered, as the ids are: one execution's envelopes carry the
    same trace context again and again)."""
    if value is None:
        return None
    given = cast("object", value)  # a record made with a value of the wrong type: refused below
    if isinstance(given, str):
        return _checked_traceparent(given)
    return checked_traceparent(given, "traceparent")


@functools.lru_cache(maxsize=_REMEMBERED_IDS)
def _checked_traceparent(value: str) -> str:
    return checked_traceparent(value, "traceparent")


def _credentials(value: tuple[str, ...]) -> tuple[str, ...]:
    names = tuple(value)
    unknown = [name for name in names if name not in CREDENTIAL_FIELDS]
    if unknown:
        raise EnvelopeError(
            "credentials", f"{shown(unknown[0])} is not one of {', '.join(CREDENTIAL_FIELDS)}"
        )
    return names


@functools.lru_cache(maxsize=_REMEMBERED_IDS)
def _id_problem(parse: Callable[[str], Result[object, IdentifierError]], value: str) -> str | None:
    parsed = parse(value)
    return parsed.failure().reason if isinstance(parsed, results.Failure) else None


def _checked_id(
    field: str, parse: Callable[[str], Result[object, IdentifierError]], value: str | None
) -> str | None:
    """``value``, after checking that ``parse`` accepts it (remembered: the envelopes of one
    execution carry the same ids again and again)."""
    problem = None if value is None else _id_problem(parse, value)
    if problem is not None:
        raise EnvelopeError(field, problem)
    return value


def _execution_id(value: str | None) -> str | None:
    return _checked_id("execution_id", parse_workflow_execution_identifier, value)


def _task_id(value: str | None) -> str | None:
    return _checked_id("task_id", parse_identifier, value)


@attrs.frozen
class ContextEnvelope:
    """A frozen, versioned record of plain data: what a worker needs to rebuild a context.

    Made by ``FlyteContextManager.envelope()`` (or ``envelope_of``) and applied on the worker by
    ``FlyteContextManager.enter(envelope)``. Every field is checked when the record is made
    (ids parse, the custom context is within its bounds, the trace context is W3C); the data
    configuration is stored without its credentials, whatever was given.
    """

    __repr__ = fields_repr

    VERSION: ClassVar[str] = "1.0"
    """The layout written: ``major.minor``. A reader accepts any minor of its major."""

    execution_mode: ExecutionMode | None = None
    execution_id: str | None = attrs.field(default=None, converter=_execution_id)
    task_id: str | None = attrs.field(default=None, converter=_task_id)
    raw_output_prefix: str | None = None
    output_metadata_prefix: str | None = None
    serialized_context: str | None = None
    data_config: DataConfig = attrs.field(factory=DataConfig, converter=_without_credentials)
    credentials: tuple[str, ...] = attrs.field(default=(), converter=_credentials)
    custom_context: Mapping[str, str] = attrs.field(factory=FrozenEnv, converter=_custom)
    traceparent: str | None = attrs.field(default=None, converter=_traceparent)
    tracestate: str | None = None

    def __attrs_post_init__(self) -> None:
        if self.tracestate is not None:
            if self.traceparent is None:
                raise EnvelopeError("tracestate", "is given without a traceparent")
            TraceContext(self.traceparent, self.tracestate)  # checks it

    # -- what the worker gets -----------------------------------------------------------------

    @property
    def serialization_settings(self) -> SerializationSettings | None:
        """The settings, decoded from ``serialized_context`` with ``from_transport``'s bounds;
        a value that does not decode raises ``EnvelopeError`` naming ``serialized_context``."""
        if self.serialized_context is None:
            return None
        from ctxcore.core.serialization.settings import SerializationSettings

        try:
            return SerializationSettings.from_transport(self.serialized_context)
        except TransportError as error:
            message = error.message
        raise EnvelopeError("serialized_context", message)

    @property
    def trace_context(self) -> TraceContext | None:
        """``traceparent`` and ``tracestate`` as a record (``None`` without a traceparent)."""
        if self.traceparent is None:
            return None
        return TraceContext(self.traceparent, self.tracestate)

    # -- JSON ---------------------------------------------------------------------------------

    def to_dict(self) -> dict[str, object]:
        """The envelope as JSON-ready values, with its ``version``.

        A field at its default is left out: every 1.x reader takes an absent field as its
        default (``_fields``), and a smaller document is a cheaper parse on every hand-off.
        """
        document: dict[str, object] = {"version": self.VERSION}
        mode = self.execution_mode
        if mode is not None:
            document["execution_mode"] = mode.value
        texts = zip(_TEXT_FIELDS, self._texts(), strict=True)
        document.update({name: value for name, value in texts if value is not None})
        data = _data_document(self.data_config)
        if data:
            document["data_config"] = data
        if self.credentials:
            document["credentials"] = list(self.credentials)
        if self.custom_context:
            document["custom_context"] = dict(self.custom_context)
        if self.traceparent is not None:
            document["traceparent"] = self.traceparent
        if self.tracestate is not None:
            document["tracestate"] = self.tracestate
        return document

    def _texts(self) -> tuple[str | None, ...]:
        """The values of ``_TEXT_FIELDS``, in their order."""
        return (
            self.execution_id,
            self.task_id,
            self.raw_output_prefix,
            self.output_metadata_prefix,
            self.serialized_context,
        )

    def to_json(self) -> str:
        """The envelope as compact, ASCII-only JSON (safe in an environment variable).

        Exactly ``json.dumps(self.to_dict(), separators=(",", ":"))`` (a property test holds
        them together), written directly: the layout is fixed, so joining its present parts,
        each escaped by JSON's own C string escaper, costs a fraction of building the
        dictionary and walking it.
        """
        mode = self.execution_mode
        data = _data_json(self.data_config)
        credentials = ",".join([json_string(name) for name in self.credentials])
        custom = _custom_json(tuple(self.custom_context.items()))
        traceparent, tracestate = self.traceparent, self.tracestate
        execution_id, task_id, raw_output_prefix, output_metadata_prefix, serialized_context = (
            self._texts()
        )
        return "".join(
            (
                '{"version":',
                quote(self.VERSION),
                "" if mode is None else f',"execution_mode":{json_number(mode.value)}',
                "" if execution_id is None else _ID_KEY + json_string(execution_id),
                "" if task_id is None else _TASK_KEY + json_string(task_id),
                "" if raw_output_prefix is None else _RAW_KEY + json_string(raw_output_prefix),
                ""
                if output_metadata_prefix is None
                else _METADATA_KEY + json_string(output_metadata_prefix),
                ""
                if serialized_context is None
                else _SETTINGS_KEY + json_string(serialized_context),
                f',"data_config":{{{data}}}' if data else "",
                f',"credentials":[{credentials}]' if credentials else "",
                f',"custom_context":{{{custom}}}' if custom else "",
                "" if traceparent is None else ',"traceparent":' + json_string(traceparent),
                "" if tracestate is None else ',"tracestate":' + json_string(tracestate),
                "}",
            )
        )

    @classmethod
    def from_json(cls, s: str | bytes) -> ContextEnvelope:
        """The envelope ``to_json`` wrote, from this version or any other of the same major.

        Raises ``EnvelopeError`` (a ``ValueError``) naming the field for input over
        ``MAX_ENVELOPE_BYTES``, text that is not a JSON object, a newer (or older) major
        version, and fields of the wrong type or value. Unknown fields are ignored.
        """
        if isinstance(s, bytes) or s.isascii() or len(s) > MAX_ENVELOPE_BYTES:
            size = len(s)  # an ASCII str's length is its size in bytes (what to_json writes)
        else:
            # a lone surrogate is counted here and refused later, by name
            size = len(s.encode("utf-8", "surrogatepass"))
        if size > MAX_ENVELOPE_BYTES:
            raise EnvelopeError("$", f"is over {MAX_ENVELOPE_BYTES} bytes")
        read = _layout_reader()
        wire = None if read is None else read(s)
        if wire is not None:
            return cls(*_wire_fields(wire))
        try:
            document = parsed(s)
        except (ValueError, RecursionError) as error:
            reason = f"is not JSON ({type(error).__name__}: {str(error)[:200]})"
        else:
            return cls.from_dict(document)
        raise EnvelopeError("$", reason)

    @classmethod
    def from_dict(cls, d: object) -> ContextEnvelope:
        """The envelope ``to_dict`` gave, checked as ``from_json`` checks it."""
        if not isinstance(d, dict):
            raise EnvelopeError("$", f"must be a JSON object, not {_kind(d)}")
        document: dict[str, object] = d  # pyright: ignore[reportUnknownVariableType]
        fields = _written_fields(document)
        if fields is None:
            fields = _fields(document)
        return cls(*fields)

    @classmethod
    def json_schema(cls) -> dict[str, object]:
        """A JSON Schema (draft 2020-12) of the documents ``from_json`` reads: every
        ``to_json()`` validates against it, and so does every document ``from_json`` takes
        (property tests hold both). Generated by msgspec from the layout (``wire``), widened to
        any 1.x version, nulls and unknown fields. A new dict each call. ``python -m ctxcore
        schema context-envelope`` prints it."""
        from ctxcore.core.handoff.wire import json_schema

        return json_schema()

    # -- the environment ----------------------------------------------------------------------

    def to_env(self) -> dict[str, str]:
        """The environment that carries this envelope into a subprocess or a container:
        ``_F_SS_C``, ``TRACEPARENT``, ``TRACESTATE``, ``BAGGAGE`` (each when there is a value)
        and ``CTXCORE_ENVELOPE`` (the JSON, always)."""
        env: dict[str, str] = {}
        if self.serialized_context is not None:
            env[SERIALIZED_CONTEXT_ENV_VAR] = self.serialized_context
        if self.traceparent is not None:
            env[TRACEPARENT_ENV_VAR] = self.traceparent
        if self.tracestate is not None:
            env[TRACESTATE_ENV_VAR] = self.tracestate
        if self.custom_context:
            env[BAGGAGE_ENV_VAR] = encode_baggage(self.custom_context)
        env[ENVELOPE_ENV_VAR] = self.to_json()
        return env

    @classmethod
    def from_env(cls, env: Mapping[str, str]) -> ContextEnvelope | None:
        """The envelope ``env`` carries, or ``None`` when it carries none.

        ``CTXCORE_ENVELOPE``, when set, is the whole envelope. Otherwise one is assembled from
        what a launcher that does not know ctxcore may have set: ``_F_SS_C``, ``TRACEPARENT``,
        ``TRACESTATE`` and ``BAGGAGE``. Errors are ``EnvelopeError``s naming the variable.
        """
        whole = env.get(ENVELOPE_ENV_VAR)
        if whole is not None:
            return cls.from_json(whole)
        settings = env.get(SERIALIZED_CONTEXT_ENV_VAR)
        parent = env.get(TRACEPARENT_ENV_VAR)
        state = env.get(TRACESTATE_ENV_VAR)
        baggage = env.get(BAGGAGE_ENV_VAR)
        if settings is None and parent is None and state is None and baggage is None:
            return None
        if settings is not None and len(settings) > MAX_ENVELOPE_BYTES:
            raise EnvelopeError(SERIALIZED_CONTEXT_ENV_VAR, f"is over {MAX_ENVELOPE_BYTES} bytes")
        trace = None
        if parent is not None:
            trace = _renamed(lambda: TraceContext(parent, state), TRACEPARENT_ENV_VAR)
        elif state is not None:
            raise EnvelopeError(TRACESTATE_ENV_VAR, "is set without TRACEPARENT")
        return cls(
            serialized_context=settings,
            custom_context=FrozenEnv() if baggage is None else decode_baggage(baggage),
            traceparent=None if trace is None else trace.traceparent,
            tracestate=None if trace is None else trace.tracestate,
        )


def envelope_of(context: FlyteContext, data_config: DataConfig | None = None) -> ContextEnvelope:
    """The envelope of ``context``: its settings, mode, ids, prefixes, custom context and trace
    context, and ``data_config`` (its file access's, as the shell passes it) without credentials.

    A context without a trace context gets one derived from its execution id
    (``derived_traceparent``), so every hand-off of one execution joins one trace.
    """
    params = context.user_space_params
    execution_id = None if params is None or params.execution_id is None else params.execution_id
    task_id = None if params is None or params.task_id is None else str(params.task_id)
    state = context.execution_state
    settings = context.serialization_settings
    trace = context.trace_context
    if trace is None and execution_id is not None:
        trace = TraceContext(derived_traceparent(str(execution_id), task_id))
    config = data_config or DataConfig()
    return ContextEnvelope(
        execution_mode=None if state is None else state.mode,
        execution_id=None if execution_id is None else str(execution_id),
        task_id=task_id,
        raw_output_prefix=context.file_access.raw_output_prefix,
        output_metadata_prefix=None if params is None else params.output_metadata_prefix,
        serialized_context=None if settings is None else settings.serialized_context,
        data_config=config,
        credentials=configured_credentials(config),
        custom_context=context.custom_context,
        traceparent=None if trace is None else trace.traceparent,
        tracestate=None if trace is None else trace.tracestate,
    )


def configured_credentials(config: DataConfig) -> tuple[str, ...]:
    """The names in ``CREDENTIAL_FIELDS`` that ``config`` has a value for."""
    values = (
        config.s3.access_key_id,
        config.s3.secret_access_key,
        config.azure.account_key,
        config.azure.client_secret,
    )
    return tuple(name for name, value in zip(CREDENTIAL_FIELDS, values, strict=True) if value)


# -- writing fields ------------------------------------------------------------------------------


_TEXT_FIELDS: Final = (
    "execution_id",
    "task_id",
    "raw_output_prefix",
    "output_metadata_prefix",
    "serialized_context",
)
"""The envelope's optional strings between its mode and its data configuration, in the
order written."""

_ID_KEY, _TASK_KEY, _RAW_KEY, _METADATA_KEY, _SETTINGS_KEY = (
    f",{quote(name)}:" for name in _TEXT_FIELDS
)

_DEFAULT_S3: Final = S3Config()
_DEFAULT_BACKOFF_SECONDS: Final = _DEFAULT_S3.backoff.total_seconds()


def _data_document(config: DataConfig) -> dict[str, object]:
    """The data configuration's JSON-ready values, each section and value only when it is not
    the default (``_data_values`` reads an absent one as the default)."""
    s3, azure = config.s3, config.azure
    sections: dict[str, object] = {}
    values: dict[str, object] = {}
    if s3.enable_debug is not False:
        values["enable_debug"] = s3.enable_debug
    if s3.endpoint is not None:
        values["endpoint"] = s3.endpoint
    if not _is_default_retries(s3.retries):
        values["retries"] = s3.retries
    if s3.backoff != _DEFAULT_S3.backoff:
        values["backoff_seconds"] = s3.backoff.total_seconds()
    if s3.adressing_style is not None:
        values["addressing_style"] = s3.adressing_style
    if values:
        sections["s3"] = values
    if config.gcs.gsutil_parallelism is not False:
        sections["gcs"] = {"gsutil_parallelism": config.gcs.gsutil_parallelism}
    values = {}
    if azure.account_name is not None:
        values["account_name"] = azure.account_name
    if azure.tenant_id is not None:
        values["tenant_id"] = azure.tenant_id
    if azure.client_id is not None:
        values["client_id"] = azure.client_id
    if values:
        sections["azure"] = values
    if config.generic.attach_execution_metadata is not True:
        attach = config.generic.attach_execution_metadata
        sections["generic"] = {"attach_execution_metadata": attach}
    return sections


@functools.lru_cache(maxsize=64)
def _custom_json(items: tuple[tuple[str, str], ...]) -> str:
    """The inside of the custom context's JSON object, remembered as its check is
    (``_custom``, keyed by its items in order, as the order is written): the envelopes of one
    execution carry the same custom context again and again."""
    return ",".join([f"{quote(k)}:{quote(v)}" for k, v in items])


def _is_default_retries(value: object) -> bool:
    return type(value) is int and value == _DEFAULT_S3.retries


def _data_json(config: DataConfig) -> str:
    """The inside of ``json.dumps(_data_document(config))``'s braces, written directly (the
    reason ``to_json`` is, and held to it by the same property test)."""
    s3, azure = config.s3, config.azure
    sections: list[str] = []
    values: list[str] = []
    if s3.enable_debug is not False:
        values.append(f'"enable_debug":{json_number(s3.enable_debug)}')
    if s3.endpoint is not None:
        values.append(f'"endpoint":{json_string(s3.endpoint)}')
    if not _is_default_retries(s3.retries):
        values.append(f'"retries":{json_number(s3.retries)}')
    if s3.backoff != _DEFAULT_S3.backoff:
        values.append(f'"backoff_seconds":{json_number(s3.backoff.total_seconds())}')
    if s3.adressing_style is not None:
        values.append(f'"addressing_style":{json_string(s3.adressing_style)}')
    if values:
        sections.append(f'"s3":{{{",".join(values)}}}')
    if config.gcs.gsutil_parallelism is not False:
        parallelism = json_number(config.gcs.gsutil_parallelism)
        sections.append(f'"gcs":{{"gsutil_parallelism":{parallelism}}}')
    values = []
    if azure.account_name is not None:
        values.append(f'"account_name":{json_string(azure.account_name)}')
    if azure.tenant_id is not None:
        values.append(f'"tenant_id":{json_string(azure.tenant_id)}')
    if azure.client_id is not None:
        values.append(f'"client_id":{json_string(azure.client_id)}')
    if values:
        sections.append(f'"azure":{{{",".join(values)}}}')
    if config.generic.attach_execution_metadata is not True:
        attach = json_number(config.generic.attach_execution_metadata)
        sections.append(f'"generic":{{"attach_execution_metadata":{attach}}}')
    return ",".join(sections)


# -- reading fields ------------------------------------------------------------------------------


class _Fields(NamedTuple):
    """What ``from_dict`` read, in the record's field order (``ContextEnvelope(*fields)``)."""

    execution_mode: ExecutionMode | None
    execution_id: str | None
    task_id: str | None
    raw_output_prefix: str | None
    output_metadata_prefix: str | None
    serialized_context: str | None
    data_config: DataConfig
    credentials: tuple[str, ...]
    custom_context: Mapping[str, str]
    traceparent: str | None
    tracestate: str | None


def _fields(document: Mapping[str, object]) -> _Fields:
    """Every known field of an envelope's JSON, read and type-checked; ``EnvelopeError``
    naming the first wrong one. The values themselves (ids, custom context, trace context)
    are checked by the record's converters."""
    _check_version(document.get("version"))
    mode = _optional(document, "execution_mode", int)
    try:
        execution_mode = None if mode is None else ExecutionMode(mode)
    except ValueError:
        raise EnvelopeError("execution_mode", f"{mode} is not an execution mode") from None
    credentials = _field(document, "credentials", list, [])
    custom = _field(document, "custom_context", dict, {})
    return _Fields(
        execution_mode=execution_mode,
        execution_id=_optional(document, "execution_id", str),
        task_id=_optional(document, "task_id", str),
        raw_output_prefix=_optional(document, "raw_output_prefix", str),
        output_metadata_prefix=_optional(document, "output_metadata_prefix", str),
        serialized_context=_optional(document, "serialized_context", str),
        data_config=_data_config(_data_values(_field(document, "data_config", dict, {}))),
        credentials=tuple(_each(credentials, "credentials", str)),
        custom_context=custom,  # checked by the record
        traceparent=_optional(document, "traceparent", str),
        tracestate=_optional(document, "tracestate", str),
    )


_MODES: Final = {mode.value: mode for mode in ExecutionMode}

_NO_NAMES: Final[list[object]] = []
_NO_ENTRIES: Final[dict[str, object]] = {}
"""What an absent list or object reads as on the fast path (never changed: the values read
from them are handed on, the containers themselves are not)."""


def _plain(values: tuple[object, ...]) -> TypeGuard[tuple[str | None, ...]]:
    """Each value null or an ASCII string: values ``_typed`` takes as they are (ASCII is
    UTF-8). One call for many: this is the fast path's most frequent test."""
    for value in values:
        if value is not None and (type(value) is not str or not value.isascii()):
            return False
    return True


def _object(value: object) -> dict[str, object] | None:
    return value if type(value) is dict else None  # pyright: ignore[reportUnknownVariableType]


def _written_fields(document: Mapping[str, object]) -> _Fields | None:
    """``_fields(document)`` for an envelope in the form ``to_json`` writes (this version,
    ASCII strings, a field at its default absent or present), read with exact type tests and
    nothing else;
    ``None`` for any other document, which ``_fields`` then reads (and refuses, naming the
    field, when it is wrong).

    Why it is the same: it takes only values that ``_fields`` takes unchanged, so the record
    the two make is built from the same values by the same converters, which do every check of
    a value. A property test holds it to ``_fields``, value and error, on generated and
    mutated documents. It is what makes a round trip cost a few microseconds beyond ``json``.
    """
    get = document.get
    version = get("version")
    mode = get("execution_mode")
    execution_id = get("execution_id")
    task_id = get("task_id")
    raw_output_prefix = get("raw_output_prefix")
    output_metadata_prefix = get("output_metadata_prefix")
    serialized_context = get("serialized_context")
    credentials = get("credentials", _NO_NAMES)
    custom = get("custom_context", _NO_ENTRIES)
    traceparent = get("traceparent")
    tracestate = get("tracestate")
    execution_mode = None if type(mode) is not int else _MODES.get(mode)
    texts = (
        execution_id,
        task_id,
        raw_output_prefix,
        output_metadata_prefix,
        serialized_context,
        traceparent,
        tracestate,
    )
    if not (
        type(version) is str
        and version == ContextEnvelope.VERSION
        and (mode is None or execution_mode is not None)
        and type(credentials) is list
        and type(custom) is dict
        and _plain(texts)
    ):
        return None
    names = tuple(cast("list[object]", credentials))
    if not all(type(name) is str and name.isascii() for name in names):
        return None
    data = _written_data_values(get("data_config", _NO_ENTRIES))
    if data is None:
        return None
    execution_id, task_id, raw_output_prefix, output_metadata_prefix, *rest = texts
    serialized_context, traceparent, tracestate = rest
    return _Fields(
        execution_mode,
        execution_id,
        task_id,
        raw_output_prefix,
        output_metadata_prefix,
        serialized_context,
        _data_config(data),
        cast("tuple[str, ...]", names),
        cast("dict[str, str]", custom),  # checked by the record
        traceparent,
        tracestate,
    )


_READS_BEFORE_LAYOUT: Final = 2048
"""How many envelopes a process reads with ``json`` before it reads the rest with msgspec
(``wire``): msgspec's import (about 18 ms here) costs what some 2,300 reads save (8 µs each,
measured side by side), so a process that reads a few envelopes (a task's subprocess reads
one, a pool's worker hundreds) never pays it (``RentOrBuy``; about 2.1 times the better choice
at worst, as 2,048 is a little under the break-even)."""


def _load_wire() -> Callable[[str | bytes], EnvelopeDocument | None]:
    from ctxcore.core.handoff.wire import decoded

    return decoded


_layout_reader: Final = RentOrBuy(_load_wire, _READS_BEFORE_LAYOUT)
"""``wire.decoded`` from the process's ``_READS_BEFORE_LAYOUT``-th read on; ``None`` before,
for the general reader."""


def _wire_fields(wire: EnvelopeDocument) -> _Fields:
    """The fields of a text msgspec read in the layout ``to_json`` writes: the values
    ``_fields`` reads from the same text (``wire`` says why)."""
    data = wire.data_config
    s3, azure = data.s3, data.azure
    values = _DataValues(
        s3.enable_debug,
        s3.endpoint,
        s3.retries,
        s3.backoff_seconds,
        s3.addressing_style,
        data.gcs.gsutil_parallelism,
        azure.account_name,
        azure.tenant_id,
        azure.client_id,
        data.generic.attach_execution_metadata,
    )
    return _Fields(
        wire.execution_mode,
        wire.execution_id,
        wire.task_id,
        wire.raw_output_prefix,
        wire.output_metadata_prefix,
        wire.serialized_context,
        _data_config(values),
        wire.credentials,
        wire.custom_context,
        wire.traceparent,
        wire.tracestate,
    )


_KINDS: Final[dict[type[object], str]] = {
    dict: "an object",
    list: "an array",
    str: "a string",
    bool: "a boolean",
}


def _kind(value: object) -> str:
    return _KINDS.get(type(value), "null" if value is None else "a number")


def _check_version(value: object) -> None:
    match = _VERSION.fullmatch(value) if isinstance(value, str) else None
    if match is None:
        raise EnvelopeError("version", f"must be a 'major.minor' string, not {shown(value)}")
    major = int(match.group(1))
    ours = int(ContextEnvelope.VERSION.split(".")[0])
    if major > ours:
        raise EnvelopeError(
            "version",
            f"{value} is a newer major version than this ctxcore reads "
            f"({ContextEnvelope.VERSION}); upgrade ctxcore on the worker",
        )
    if major < ours:
        raise EnvelopeError(
            "version",
            f"{value} is an older major version than this ctxcore reads "
            f"({ContextEnvelope.VERSION}); upgrade ctxcore on the sender",
        )


def _typed(value: object, kind: type[_T], field: str) -> _T:
    # bool is an int to Python, not to JSON: true is not a number, 1 is not a boolean.
    if isinstance(value, kind) and (kind is bool or not isinstance(value, bool)):
        if isinstance(value, str) and not is_utf8(value):
            raise EnvelopeError(field, "holds a lone surrogate: not UTF-8 text")
        return value
    raise EnvelopeError(field, f"must be {_kind(kind())}, not {_kind(value)}")


def _field(
    document: Mapping[str, object], name: str, kind: type[_T], default: _T, prefix: str = ""
) -> _T:
    value = document.get(name)
    return default if value is None else _typed(value, kind, prefix + name)


def _optional(
    document: Mapping[str, object], name: str, kind: type[_T], prefix: str = ""
) -> _T | None:
    value = document.get(name)
    return None if value is None else _typed(value, kind, prefix + name)


def _each(values: list[object], field: str, kind: type[_T]) -> list[_T]:
    return [_typed(value, kind, f"{field}[{index}]") for index, value in enumerate(values)]


def _section(document: Mapping[str, object], name: str) -> dict[str, object]:
    return _field(document, name, dict, {}, "data_config.")


class _DataValues(NamedTuple):
    """The data configuration an envelope carries, as checked scalars (hashable: the records
    they make are remembered, ``_data_config``)."""

    enable_debug: bool
    endpoint: str | None
    retries: int
    backoff_seconds: float
    addressing_style: str | None
    gsutil_parallelism: bool
    account_name: str | None
    tenant_id: str | None
    client_id: str | None
    attach_execution_metadata: bool


def _data_values(document: Mapping[str, object]) -> _DataValues:
    """The data configuration of an envelope's JSON, each value type- and range-checked;
    ``EnvelopeError`` naming the first wrong one. Absent values are the defaults."""
    s3 = _section(document, "s3")
    gcs = _section(document, "gcs")
    azure = _section(document, "azure")
    generic = _section(document, "generic")
    defaults = S3Config()
    retries = _field(s3, "retries", int, defaults.retries, "data_config.s3.")
    if not 0 <= retries <= MAX_RETRIES:
        raise EnvelopeError("data_config.s3.retries", f"must be within 0..{MAX_RETRIES}")
    backoff: object = s3.get("backoff_seconds")
    if backoff is None:  # null is absent, as for every other field
        backoff = defaults.backoff.total_seconds()
    if isinstance(backoff, bool) or not isinstance(backoff, (int, float)):
        raise EnvelopeError(
            "data_config.s3.backoff_seconds", f"must be a number, not {_kind(backoff)}"
        )
    # NaN and the infinities are out of range, and an integer too large for a float compares
    # exactly (math.isfinite would raise OverflowError on it)
    if not 0 <= backoff <= MAX_BACKOFF_SECONDS:
        raise EnvelopeError(
            "data_config.s3.backoff_seconds", f"must be within 0..{MAX_BACKOFF_SECONDS:.0f}"
        )
    return _DataValues(
        enable_debug=_optional(s3, "enable_debug", bool, "data_config.s3.") or False,
        endpoint=_optional(s3, "endpoint", str, "data_config.s3."),
        retries=retries,
        backoff_seconds=backoff,
        addressing_style=_optional(s3, "addressing_style", str, "data_config.s3."),
        gsutil_parallelism=_optional(gcs, "gsutil_parallelism", bool, "data_config.gcs.") or False,
        account_name=_optional(azure, "account_name", str, "data_config.azure."),
        tenant_id=_optional(azure, "tenant_id", str, "data_config.azure."),
        client_id=_optional(azure, "client_id", str, "data_config.azure."),
        attach_execution_metadata=_field(
            generic, "attach_execution_metadata", bool, True, "data_config.generic."
        ),
    )


def _written_data_values(value: object) -> _DataValues | None:
    """``_data_values(value)`` for the data configuration ``to_json`` writes (each section
    and value absent, for its default, or of its exact type and in range); ``None`` for any
    other, which ``_data_values`` then reads. Taken values are the ones ``_data_values`` takes
    unchanged (an absent one its default: the shared defaults are never changed)."""
    document = _object(value)
    if document is None:
        return None
    s3 = _object(document.get("s3", _NO_ENTRIES))
    gcs = _object(document.get("gcs", _NO_ENTRIES))
    azure = _object(document.get("azure", _NO_ENTRIES))
    generic = _object(document.get("generic", _NO_ENTRIES))
    if s3 is None or gcs is None or azure is None or generic is None:
        return None
    debug = s3.get("enable_debug", False)
    endpoint = s3.get("endpoint")
    retries = s3.get("retries", _DEFAULT_S3.retries)
    backoff = s3.get("backoff_seconds", _DEFAULT_BACKOFF_SECONDS)
    style = s3.get("addressing_style")
    parallelism = gcs.get("gsutil_parallelism", False)
    account_name = azure.get("account_name")
    tenant_id = azure.get("tenant_id")
    client_id = azure.get("client_id")
    attach = generic.get("attach_execution_metadata", True)
    texts = (endpoint, style, account_name, tenant_id, client_id)
    if not (
        type(debug) is bool
        and type(parallelism) is bool
        and type(attach) is bool
        and type(retries) is int
        and 0 <= retries <= MAX_RETRIES
        and type(backoff) is float
        and 0.0 <= backoff <= MAX_BACKOFF_SECONDS  # NaN is not
        and _plain(texts)
    ):
        return None
    endpoint, style, account_name, tenant_id, client_id = texts
    return _DataValues(
        debug,
        endpoint,
        retries,
        backoff,
        style,
        parallelism,
        account_name,
        tenant_id,
        client_id,
        attach,
    )


@functools.lru_cache(maxsize=64)
def _data_config(values: _DataValues) -> DataConfig:
    """The data configuration ``values`` describe; the same values give the same (immutable)
    record, remembered: the envelopes of one execution carry one store's settings again and
    again."""
    return DataConfig(
        s3=S3Config(
            enable_debug=values.enable_debug,
            endpoint=values.endpoint,
            retries=values.retries,
            backoff=datetime.timedelta(seconds=values.backoff_seconds),
            adressing_style=values.addressing_style,
        ),
        gcs=GCSConfig(gsutil_parallelism=values.gsutil_parallelism),
        azure=AzureBlobStorageConfig(
            account_name=values.account_name,
            tenant_id=values.tenant_id,
            client_id=values.client_id,
        ),
        generic=GenericPersistenceConfig(
            attach_execution_metadata=values.attach_execution_metadata
        ),
    )


def _renamed(make: Callable[[], _T], field: str) -> _T:
    """``make()``, its ``EnvelopeError`` renamed to ``field`` (an environment variable)."""
    try:
        return make()
    except EnvelopeError as error:
        reason = error.reason
    raise EnvelopeError(field, reason)
