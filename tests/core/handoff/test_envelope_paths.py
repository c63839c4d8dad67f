"""The envelope's fast paths give exactly what its general paths give, value and error.

``to_json`` writes its JSON directly; it must be ``json.dumps(to_dict())``. ``from_json`` reads
a text in the layout ``to_json`` writes with msgspec (``wire``, a process's later reads) or
with ``json`` and ``from_dict``, which reads a document in that form with exact type tests
(``_written_fields``) and anything else with the general reader (``_fields``); on any text or
document, every way must make the same record or refuse with the same error. The remembered
checks (custom context, traceparent) and the baggage encoding's shortcut are held to what they
stand for.
"""

from __future__ import annotations

import datetime
import json
import typing
import urllib.parse
from collections.abc import Callable
from typing import cast
from unittest import mock

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from ctxcore import (
    AzureBlobStorageConfig,
    ContextEnvelope,
    DataConfig,
    EnvelopeError,
    ExecutionMode,
    GCSConfig,
    GenericPersistenceConfig,
    S3Config,
)
from ctxcore.core.handoff import envelope as module
from ctxcore.core.handoff import trace, wire
from ctxcore.core.handoff.envelope import CREDENTIAL_FIELDS
from ctxcore.core.rent_or_buy import RentOrBuy
from ctxcore.testing.strategies.config import data_configs
from ctxcore.testing.strategies.execution import identifiers, workflow_execution_identifiers
from tests.fuzz.mutate import JSON_VALUES, edit_document
from tests.integrations.contexts import TRACEPARENT, full_envelope

_TOKEN_TEXT = st.text("abcXYZ019-_.~!*", min_size=1, max_size=8)
_PREFIXES = st.none() | st.text(max_size=30) | st.sampled_from(["s3://b/raw/", "/tmp/r/"])


def envelopes() -> st.SearchStrategy[ContextEnvelope]:
    """Envelopes with every field varied (within what the record accepts)."""
    return st.builds(
        ContextEnvelope,
        execution_mode=st.none() | st.sampled_from(list(ExecutionMode)),
        execution_id=st.none() | workflow_execution_identifiers().map(str),
        task_id=st.none() | identifiers().map(str),
        raw_output_prefix=_PREFIXES,
        output_metadata_prefix=_PREFIXES,
        serialized_context=st.none() | st.text(max_size=40),
        data_config=data_configs(),
        credentials=st.lists(st.sampled_from(CREDENTIAL_FIELDS), unique=True).map(tuple),
        custom_context=st.dictionaries(_TOKEN_TEXT, st.text(max_size=12), max_size=4),
        traceparent=st.none() | st.just(TRACEPARENT),
        tracestate=st.none(),
    )


_PATHS = [
    ("version",),
    ("execution_mode",),
    ("execution_id",),
    ("task_id",),
    ("raw_output_prefix",),
    ("serialized_context",),
    ("credentials",),
    ("custom_context",),
    ("traceparent",),
    ("tracestate",),
    ("data_config",),
    ("data_config", "s3"),
    ("data_config", "s3", "enable_debug"),
    ("data_config", "s3", "endpoint"),
    ("data_config", "s3", "retries"),
    ("data_config", "s3", "backoff_seconds"),
    ("data_config", "gcs", "gsutil_parallelism"),
    ("data_config", "azure", "client_id"),
    ("data_config", "generic", "attach_execution_metadata"),
]

_SPECIAL = st.sampled_from(
    [
        "1.0",
        "1.9",
        "2.0",
        "\ud800",
        "é",
        "s3.secret_access_key",
        ["s3.access_key_id", "x"],
        [1],
        {"k": "\udfff"},
        {"k": 1},
        {"bad key": "v"},
        TRACEPARENT,
        "a=b",
        True,
        1,
        -1,
        1001,
        5,
        5.0,
        -0.0,
        86_401.0,
        float("nan"),
        float("inf"),
    ]
)


_WRITTEN_BEFORE: dict[str, object] = {
    "execution_mode": None,
    "execution_id": None,
    "task_id": None,
    "raw_output_prefix": None,
    "output_metadata_prefix": None,
    "serialized_context": None,
    "data_config": {
        "s3": {
            "enable_debug": False,
            "endpoint": None,
            "retries": 3,
            "backoff_seconds": 5.0,
            "addressing_style": None,
        },
        "gcs": {"gsutil_parallelism": False},
        "azure": {"account_name": None, "tenant_id": None, "client_id": None},
        "generic": {"attach_execution_metadata": True},
    },
    "credentials": [],
    "custom_context": {},
    "traceparent": None,
    "tracestate": None,
}
"""Every field of the 1.0 layout at its default: earlier ctxcore wrote them all."""


def _every_field(document: dict[str, object]) -> dict[str, object]:
    """``document`` as earlier ctxcore wrote it: the fields at their defaults written too."""

    def merged(default: object, given: object) -> object:
        if isinstance(default, dict) and isinstance(given, dict):
            defaults = cast("dict[str, object]", default)
            values = {**defaults, **cast("dict[str, object]", given)}
            return {k: merged(defaults.get(k), v) for k, v in values.items()}
        return given

    every = cast("dict[str, object]", merged(_WRITTEN_BEFORE, document))
    return {"version": document["version"], **every}


@st.composite
def documents(draw: st.DrawFn) -> dict[str, object]:
    """A document ``to_dict`` wrote (or earlier ctxcore, every field written), then (mostly)
    changed: a field set to another value or removed, an unknown field added."""
    document = draw(envelopes()).to_dict()
    if draw(st.booleans()):
        document = _every_field(document)
    return edit_document(draw, document, _PATHS, _SPECIAL | JSON_VALUES)


def _outcome(make: Callable[[], object]) -> object:
    """What ``make`` returns, or the type and message of the error it raises."""
    try:
        return make()
    except (EnvelopeError, TypeError, ValueError) as error:
        return (type(error), str(error))


@given(envelopes())
def test_to_json_is_json_dumps_of_to_dict(envelope: ContextEnvelope) -> None:
    assert envelope.to_json() == json.dumps(envelope.to_dict(), separators=(",", ":"))


def _fast(text: str | bytes) -> module._Fields | None:  # pyright: ignore[reportPrivateUsage]
    """The fields the msgspec layout reads from ``text``; ``None`` when it leaves the text to
    the general reader."""
    read = wire.decoded(text)
    return None if read is None else module._wire_fields(read)  # pyright: ignore[reportPrivateUsage]


def _read_generally(text: str | bytes) -> object:
    """``from_json(text)``'s outcome as a process's first reads get it: ``json`` and the
    general reader alone."""
    with mock.patch.object(module, "_layout_reader", return_value=None):
        return _outcome(lambda: ContextEnvelope.from_json(text))


def _read_by_layout(text: str | bytes) -> object:
    """``from_json(text)``'s outcome as a process's later reads get it: the msgspec layout
    first."""
    with mock.patch.object(module, "_layout_reader", return_value=wire.decoded):
        return _outcome(lambda: ContextEnvelope.from_json(text))


@given(envelopes())
def test_what_to_json_writes_is_read_by_the_fast_path(envelope: ContextEnvelope) -> None:
    text = envelope.to_json()
    assert _fast(text) == module._fields(json.loads(text))  # pyright: ignore[reportPrivateUsage]
    assert _read_by_layout(text) == _read_by_layout(text.encode()) == envelope
    assert _read_generally(text) == _read_generally(text.encode()) == envelope


@given(envelopes())
def test_every_field_written_reads_as_the_same_envelope(envelope: ContextEnvelope) -> None:
    document = _every_field(envelope.to_dict())
    text = json.dumps(document, ensure_ascii=False)
    assert _fast(text) == module._fields(document)  # pyright: ignore[reportPrivateUsage]
    assert _read_by_layout(text) == envelope
    assert ContextEnvelope.from_dict(document) == envelope


def test_the_custom_context_is_written_in_its_order() -> None:
    first = ContextEnvelope(custom_context={"a": "1", "b": "2"}).to_json()
    second = ContextEnvelope(custom_context={"b": "2", "a": "1"}).to_json()
    assert first.endswith('"custom_context":{"a":"1","b":"2"}}')
    assert second.endswith('"custom_context":{"b":"2","a":"1"}}')


def test_a_field_at_its_default_is_not_written() -> None:
    assert ContextEnvelope().to_json() == '{"version":"1.0"}'
    assert ContextEnvelope.from_json('{"version":"1.0"}') == ContextEnvelope()


@given(documents(), st.booleans())
def test_the_fast_path_reads_what_the_general_path_reads(
    document: dict[str, object], ascii_only: bool
) -> None:
    text = json.dumps(document, ensure_ascii=ascii_only)
    fields = _fast(text)
    if fields is not None:
        assert fields == _outcome(lambda: module._fields(json.loads(text)))  # pyright: ignore[reportPrivateUsage]
    assert _read_by_layout(text) == _read_generally(text)
    assert _read_generally(text) == _outcome(lambda: ContextEnvelope.from_dict(json.loads(text)))


_PIECES = [
    "",
    "{",
    "}",
    "[",
    "]",
    '"',
    ":",
    ",",
    " ",
    "\t",
    "0",
    "-1",
    ".5",
    "e5",
    "1e400",
    "1" * 30,
    "null",
    "true",
    "NaN",
    "Infinity",
    "\\ud800",
    "\\u00e9",
    "\\",
    "\ud800",
    "\x00",
    "\x7f",
    "é",
    "\ufeff",
    '"x":[[[]]],',
]


@st.composite
def mutated_texts(draw: st.DrawFn) -> str:
    """A text ``to_json`` wrote (or earlier ctxcore), with a few characters cut or put in."""
    envelope = draw(envelopes())
    document = envelope.to_dict()
    if draw(st.booleans()):
        document = _every_field(document)
    text = json.dumps(document, separators=(",", ":"), ensure_ascii=draw(st.booleans()))
    for _ in range(draw(st.integers(1, 3))):
        at = draw(st.integers(0, len(text)))
        cut = draw(st.integers(0, 3))
        text = text[:at] + draw(st.sampled_from(_PIECES)) + text[at + cut :]
    return text


@given(mutated_texts())
def test_the_fast_path_reads_any_text_as_the_general_path(text: str) -> None:
    assert _read_by_layout(text) == _read_generally(text)
    data = text.encode("utf-8", "surrogatepass")
    assert _read_by_layout(data) == _read_generally(data)


_HOSTILE = [
    '{"version":"1.0","data_config":{"s3":{"retries":' + "1" * 40 + "}}}",
    '{"version":"1.0","data_config":{"s3":{"backoff_seconds":1' + "0" * 400 + "}}}",
    '{"version":"1.0","data_config":{"s3":{"backoff_seconds":1e400}}}',
    '{"version":"1.0","data_config":{"s3":{"backoff_seconds":5}}}',
    '{"version":"1.0","data_config":{"s3":{"backoff_seconds":86400.000001}}}',
    '{"version":"1.0","data_config":{"s3":{"backoff_seconds":null}}}',
    '{"version":"1.0","data_config":{"s3":{"retries":1.0}}}',
    '{"version":"1.0","data_config":{"s3":{"retries":true}}}',
    '{"version":"1.0","data_config":{"s3":{"retries":null}}}',
    '{"version":"1.0","data_config":{"s3":null,"gcs":null}}',
    '{"version":"1.0","data_config":null}',
    '{"version":"1.0","data_config":{"gcs":{"gsutil_parallelism":1}}}',
    '{"version":"1.0","execution_mode":true}',
    '{"version":"1.0","execution_mode":9}',
    '{"version":"1.0","execution_mode":1.0}',
    '{"version":"1.1","execution_mode":1}',
    '{"version":"2.0"}',
    '{"version":1.0}',
    '{"version":"1.0","task_id":"\\ud800"}',
    '{"version":"1.0","custom_context":{"k":"\\udfff"}}',
    '{"version":"1.0","custom_context":{"k":1}}',
    '{"version":"1.0","custom_context":{"a":"1","a":"2"}}',
    '{"version":"1.0","credentials":["s3.access_key_id",null]}',
    '{"version":"1.0","credentials":"s3.access_key_id"}',
    '{"version":"1.0","unknown":NaN}',
    '{"version":"1.0","unknown":' + "[" * 5000 + "]" * 5000 + "}",
    '{"version":"1.0","execution_mode":' + "1" * 5000 + "}",
    '{"version":"1.0","unknown":' + "1" * 5000 + "}",
    '{"version":"1.0","unknown":1}',
    '{"version":"1.0","data_config":{"s3":{"unknown":1}}}',
    ' \t\n{"version":"1.0"}\r\n ',
    '\ufeff{"version":"1.0"}',
    '{"version":"1.0"} {}',
    "[]",
    "null",
    "",
]


@pytest.mark.parametrize("text", _HOSTILE)
def test_a_hostile_text_is_read_as_the_general_path_reads_it(text: str) -> None:
    assert _read_by_layout(text) == _read_generally(text)
    for data in (text.encode(), text.encode("utf-16"), text.encode("utf-8-sig")):
        assert _read_by_layout(data) == _read_generally(data)


def test_an_unknown_field_is_left_to_the_general_reader() -> None:
    """msgspec would skip an unknown field's value unconverted, where ``json`` refuses a
    number it cannot convert (over Python's 4,300-digit limit): the layout leaves any unknown
    field to the general reader, so the two never differ."""
    assert wire.decoded('{"version":"1.0","unknown":1}') is None
    assert wire.decoded('{"version":"1.0","data_config":{"gcs":{"unknown":1}}}') is None
    text = '{"version":"1.0","unknown":' + "1" * 5000 + "}"
    with pytest.raises(EnvelopeError, match=r"\$: is not JSON"):
        ContextEnvelope.from_json(text)


def test_from_json_reads_with_the_layout_once_the_reader_gives_it() -> None:
    text = full_envelope().to_json()
    bought = RentOrBuy(module._load_wire, 1)  # pyright: ignore[reportPrivateUsage]
    with mock.patch.object(module, "_layout_reader", bought):
        assert ContextEnvelope.from_json(text) == full_envelope()  # the first read: json
        refusing = mock.patch.object(wire, "_decode", side_effect=AssertionError("by msgspec"))
        with refusing, pytest.raises(AssertionError, match="by msgspec"):
            ContextEnvelope.from_json(text)
    assert module._load_wire() is wire.decoded  # pyright: ignore[reportPrivateUsage]


def test_a_huge_back_off_is_refused_not_overflowed() -> None:
    text = '{"version":"1.0","data_config":{"s3":{"backoff_seconds":1' + "0" * 400 + "}}}"
    with pytest.raises(EnvelopeError, match=r"data_config\.s3\.backoff_seconds: must be within"):
        ContextEnvelope.from_json(text)


def test_the_layout_reads_the_version_the_envelope_writes() -> None:
    version = typing.get_type_hints(wire.EnvelopeDocument)["version"]
    assert typing.get_args(version) == (ContextEnvelope.VERSION,)


@given(st.text(max_size=30))
def test_quoting_a_plain_value_is_the_byte_walk(value: str) -> None:
    walked = "".join(
        chr(b) if b in trace._UNRESERVED else f"%{b:02X}"  # pyright: ignore[reportPrivateUsage]
        for b in value.encode()
    )
    assert trace._quoted(value) == walked  # pyright: ignore[reportPrivateUsage]
    assert walked == urllib.parse.quote(value, safe="")


@given(st.dictionaries(st.text(max_size=6), st.text(max_size=6) | st.integers(), max_size=4))
def test_a_remembered_custom_context_is_the_checked_one(value: dict[str, object]) -> None:
    def checked() -> object:
        return trace.checked_custom_context(value.items())

    def remembered() -> object:
        return module._custom(value)  # type: ignore[arg-type]  # pyright: ignore[reportPrivateUsage, reportArgumentType]

    assert _outcome(remembered) == _outcome(checked)
    assert _outcome(remembered) == _outcome(checked)  # a refusal is not remembered


def test_an_unhashable_custom_value_is_refused_as_before() -> None:
    value: dict[str, object] = {"k": ["v"]}
    assert _outcome(lambda: module._custom(value)) == _outcome(  # type: ignore[arg-type]  # pyright: ignore[reportPrivateUsage, reportArgumentType]
        lambda: trace.checked_custom_context(value.items())
    )


@given(st.sampled_from([TRACEPARENT, "00-xyz", "0" * 55, None]) | st.integers())
def test_a_remembered_traceparent_is_the_checked_one(value: object) -> None:
    def checked() -> object:
        return None if value is None else trace.checked_traceparent(value, "traceparent")

    assert _outcome(lambda: module._traceparent(value)) == _outcome(checked)  # type: ignore[arg-type]  # pyright: ignore[reportPrivateUsage, reportArgumentType]


# -- the first half of the module, held by mutation testing (issue 16) ---------------------------


def test_a_custom_context_of_up_to_the_most_entries_is_remembered() -> None:
    largest = {f"k{i}": "v" for i in range(trace.MAX_CUSTOM_CONTEXT_ENTRIES)}
    first = ContextEnvelope(custom_context=largest)
    remembered = module._remembered_custom  # pyright: ignore[reportPrivateUsage]
    hits = remembered.cache_info().hits
    again = ContextEnvelope(custom_context=dict(largest))
    assert remembered.cache_info().hits == hits + 1
    assert again.custom_context == first.custom_context == largest


def test_the_tracestate_is_written_under_its_name() -> None:
    envelope = ContextEnvelope(traceparent=TRACEPARENT, tracestate="congo=t61rcWkgMzE")
    document = {"version": "1.0", "traceparent": TRACEPARENT, "tracestate": "congo=t61rcWkgMzE"}
    assert envelope.to_dict() == document
    assert envelope.to_json() == json.dumps(document, separators=(",", ":"))


# -- the fast path at the readers' bounds (issue 16) ---------------------------------------------
# Each reader's bounds, on both paths: a value at a bound is taken by the fast path (a stricter
# fast path would only be slower, so it is asked for by name), and the general path, reached
# through a field the fast path leaves to it, reads every field the same.


def _with_data(**s3: object) -> ContextEnvelope:
    data = DataConfig(
        s3=S3Config(**s3),  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]
        gcs=GCSConfig(gsutil_parallelism=True),
        azure=AzureBlobStorageConfig(account_name="acct", tenant_id="tenant", client_id="id"),
        generic=GenericPersistenceConfig(attach_execution_metadata=False),
    )
    return full_envelope(data_config=data, credentials=CREDENTIAL_FIELDS, tracestate="a=b")


_AT_THE_BOUNDS = [
    ContextEnvelope(),
    full_envelope(),
    _with_data(enable_debug=True, adressing_style="path", retries=0),
    _with_data(retries=1000, backoff=datetime.timedelta(0)),
    _with_data(backoff=datetime.timedelta(seconds=0.5)),
    _with_data(backoff=datetime.timedelta(days=1)),
]


@pytest.mark.parametrize("envelope", _AT_THE_BOUNDS)
def test_the_fast_path_takes_what_to_json_writes_up_to_the_bounds(
    envelope: ContextEnvelope,
) -> None:
    text = envelope.to_json()
    fields = _fast(text)
    assert fields is not None
    assert fields == module._fields(json.loads(text))  # pyright: ignore[reportPrivateUsage]
    assert ContextEnvelope(*fields) == envelope


@pytest.mark.parametrize("envelope", _AT_THE_BOUNDS)
def test_the_general_path_reads_every_field_as_the_fast_path(envelope: ContextEnvelope) -> None:
    document = {**envelope.to_dict(), "version": "1.9"}  # a minor the layout leaves to it
    text = json.dumps(document)
    assert _fast(text) is None
    assert ContextEnvelope.from_json(text) == envelope


@pytest.mark.parametrize("envelope", [*_AT_THE_BOUNDS, full_envelope(data_config=DataConfig())])
def test_to_dict_leaves_out_what_to_json_leaves_out(envelope: ContextEnvelope) -> None:
    assert json.dumps(envelope.to_dict(), separators=(",", ":")) == envelope.to_json()
    assert ContextEnvelope().to_dict() == {"version": "1.0"}


# -- the dict fast path of a process's first reads (from_dict's _written_fields) -----------------


@given(envelopes())
def test_what_to_json_writes_is_read_by_the_dict_fast_path(envelope: ContextEnvelope) -> None:
    document = json.loads(envelope.to_json())
    fields = module._written_fields(document)  # pyright: ignore[reportPrivateUsage]
    if json.dumps(envelope.to_dict(), ensure_ascii=False).isascii():
        assert fields is not None  # the usual envelope takes the fast path
    assert ContextEnvelope.from_dict(document) == envelope


@given(envelopes())
def test_every_field_written_is_read_by_the_dict_fast_path(envelope: ContextEnvelope) -> None:
    document = _every_field(envelope.to_dict())
    if json.dumps(document, ensure_ascii=False).isascii():
        assert module._written_fields(document) is not None  # pyright: ignore[reportPrivateUsage]
    assert ContextEnvelope.from_dict(document) == envelope


@given(documents())
def test_the_dict_fast_path_reads_what_the_general_path_reads(document: dict[str, object]) -> None:
    fields = module._written_fields(document)  # pyright: ignore[reportPrivateUsage]
    general = _outcome(lambda: module._fields(document))  # pyright: ignore[reportPrivateUsage]
    if fields is not None:
        assert fields == general
    section = document.get("data_config")
    values = module._written_data_values(section)  # pyright: ignore[reportPrivateUsage]
    if values is not None:
        assert isinstance(section, dict)
        assert values == module._data_values(section)  # pyright: ignore[reportPrivateUsage, reportUnknownArgumentType]
    assert _outcome(lambda: ContextEnvelope.from_dict(document)) == _outcome(
        lambda: ContextEnvelope(*module._fields(document))  # pyright: ignore[reportPrivateUsage]
    )


@pytest.mark.parametrize("envelope", _AT_THE_BOUNDS)
def test_the_dict_fast_path_takes_what_to_json_writes_up_to_the_bounds(
    envelope: ContextEnvelope,
) -> None:
    document = json.loads(envelope.to_json())
    fields = module._written_fields(document)  # pyright: ignore[reportPrivateUsage]
    assert fields is not None
    assert fields == module._fields(document)  # pyright: ignore[reportPrivateUsage]
    assert ContextEnvelope(*fields) == envelope


@pytest.mark.parametrize("envelope", _AT_THE_BOUNDS)
def test_the_general_path_reads_every_field_as_the_dict_fast_path(
    envelope: ContextEnvelope,
) -> None:
    beyond = attrs.evolve(envelope, raw_output_prefix="s3://bücket/raw/")
    document = json.loads(beyond.to_json())
    assert module._written_fields(document) is None  # pyright: ignore[reportPrivateUsage]
    assert ContextEnvelope.from_dict(document) == beyond
