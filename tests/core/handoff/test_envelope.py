"""ContextEnvelope: what it carries, its JSON and environment forms, and what it refuses."""

from __future__ import annotations

import json
import pickle
import tracemalloc
from collections.abc import Callable
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st
from returns.result import Failure, Result

from ctxcore import (
    ENVELOPE_ENV_VAR,
    MAX_ENVELOPE_BYTES,
    SERIALIZED_CONTEXT_ENV_VAR,
    ContextEnvelope,
    DataConfig,
    EnvelopeError,
    ExecutionMode,
    ExecutionState,
    FlyteContext,
    S3Config,
    TraceContext,
    derived_traceparent,
    envelope_of,
)
from ctxcore.core.errors import IdentifierError
from ctxcore.core.identifiers import parse_identifier, parse_workflow_execution_identifier
from ctxcore.testing.memory import MemoryFileAccess
from ctxcore.testing.strategies.config import data_configs
from ctxcore.testing.strategies.serialization import reference_sample_settings
from tests.integrations.contexts import TRACEPARENT as _PARENT
from tests.integrations.contexts import full_envelope, handoff_params


def _full() -> ContextEnvelope:
    return full_envelope()


def _context(**changes: Any) -> FlyteContext:
    params = handoff_params("memory://raw/", output_metadata_prefix="memory://meta/")
    state = ExecutionState("/work", mode=ExecutionMode.TASK_EXECUTION, user_space_params=params)
    builder = FlyteContext.Builder(file_access=MemoryFileAccess(), execution_state=state)
    return attrs.evolve(builder.build(), **changes)


def test_the_envelope_of_a_context_carries_its_facts() -> None:
    settings = reference_sample_settings()
    context = _context(serialization_settings=settings, custom_context={"team": "ml"})
    envelope = envelope_of(context)
    assert envelope.execution_mode is ExecutionMode.TASK_EXECUTION
    assert envelope.execution_id == "ex:proj:dev:run1"
    assert envelope.task_id == "TASK:proj:dev:train:v1"
    assert envelope.raw_output_prefix == context.file_access.raw_output_prefix
    assert envelope.output_metadata_prefix == "memory://meta/"
    assert envelope.serialization_settings == settings
    assert envelope.custom_context == {"team": "ml"}


def test_without_a_trace_context_the_trace_id_comes_from_the_execution_id() -> None:
    derived = envelope_of(_context()).trace_context
    assert derived is not None
    retry = envelope_of(_context()).trace_context
    assert retry == derived  # a retry of the execution joins the same trace
    given_trace = TraceContext(_PARENT, "a=b")
    assert envelope_of(_context(trace_context=given_trace)).trace_context == given_trace


def test_json_round_trips() -> None:
    envelope = _full()
    text = envelope.to_json()
    assert text.isascii()
    assert ContextEnvelope.from_json(text) == envelope
    assert ContextEnvelope.from_json(text.encode()) == envelope


@given(data_configs())
def test_credentials_never_travel_whatever_the_data_config(config: DataConfig) -> None:
    envelope = ContextEnvelope(data_config=config)
    s3, azure = envelope.data_config.s3, envelope.data_config.azure
    assert (s3.access_key_id, s3.secret_access_key) == (None, None)
    assert (azure.account_key, azure.client_secret) == (None, None)
    assert ContextEnvelope.from_json(envelope.to_json()) == envelope


def test_pickles() -> None:
    envelope = _full()
    assert pickle.loads(pickle.dumps(envelope)) == envelope


def test_env_form_sets_the_carriers() -> None:
    envelope = _full()
    env = envelope.to_env()
    assert env[SERIALIZED_CONTEXT_ENV_VAR] == envelope.serialized_context
    assert env["TRACEPARENT"] == _PARENT
    assert env["TRACESTATE"] == "congo=t61rcWkgMzE"
    assert env["BAGGAGE"] == "team=ml,run=%E2%82%AC1"
    assert ContextEnvelope.from_env(env) == envelope
    assert ContextEnvelope.from_env({}) is None


def test_an_env_without_ctxcore_is_read_from_the_w3c_carriers() -> None:
    env = {"TRACEPARENT": _PARENT, "BAGGAGE": "team=ml", "PATH": "/bin"}
    envelope = ContextEnvelope.from_env(env)
    assert envelope is not None
    assert envelope.traceparent == _PARENT
    assert envelope.custom_context == {"team": "ml"}
    with pytest.raises(EnvelopeError) as refused:
        TraceContext("nope")
    with pytest.raises(EnvelopeError) as renamed:
        ContextEnvelope.from_env({"TRACEPARENT": "nope"})
    assert renamed.value.field == "TRACEPARENT"  # the variable, with the trace context's reason
    assert renamed.value.reason == refused.value.reason
    with pytest.raises(EnvelopeError, match="TRACESTATE"):
        ContextEnvelope.from_env({"TRACESTATE": "a=b"})


def test_each_carrier_variable_lands_in_its_own_field() -> None:
    only_baggage = ContextEnvelope.from_env({"BAGGAGE": "team=ml"})
    assert only_baggage == ContextEnvelope(custom_context={"team": "ml"})
    only_parent = ContextEnvelope.from_env({"TRACEPARENT": _PARENT})
    assert only_parent is not None
    assert only_parent == ContextEnvelope(traceparent=_PARENT)
    assert only_parent.custom_context == {}
    settings = reference_sample_settings().serialized_context
    everything = ContextEnvelope.from_env(
        {SERIALIZED_CONTEXT_ENV_VAR: settings, "TRACEPARENT": _PARENT, "TRACESTATE": "a=b"}
    )
    assert everything == ContextEnvelope(
        serialized_context=settings, traceparent=_PARENT, tracestate="a=b"
    )


def test_the_settings_variable_is_bounded_and_the_tracestate_needs_a_parent() -> None:
    largest = "a" * MAX_ENVELOPE_BYTES
    read = ContextEnvelope.from_env({SERIALIZED_CONTEXT_ENV_VAR: largest})
    assert read is not None
    assert read.serialized_context == largest
    with pytest.raises(EnvelopeError) as too_long:
        ContextEnvelope.from_env({SERIALIZED_CONTEXT_ENV_VAR: largest + "a"})
    assert (too_long.value.field, too_long.value.reason) == (
        SERIALIZED_CONTEXT_ENV_VAR,
        f"is over {MAX_ENVELOPE_BYTES} bytes",
    )
    with pytest.raises(EnvelopeError) as orphan:
        ContextEnvelope.from_env({"TRACESTATE": "a=b"})
    assert (orphan.value.field, orphan.value.reason) == (
        "TRACESTATE",
        "is set without TRACEPARENT",
    )


def test_the_envelope_of_a_bare_context_is_its_prefix_only() -> None:
    bare = FlyteContext(MemoryFileAccess())
    assert envelope_of(bare) == ContextEnvelope(raw_output_prefix="memory://raw/")


def test_the_envelope_of_a_context_without_a_trace_derives_one_from_its_ids() -> None:
    params = handoff_params("memory://raw/", output_metadata_prefix="memory://meta/")
    state = ExecutionState("/w", mode=ExecutionMode.TASK_EXECUTION, user_space_params=params)
    context = FlyteContext(MemoryFileAccess(), execution_state=state)
    config = DataConfig(s3=S3Config(endpoint="http://store:9000", access_key_id="key"))
    envelope = envelope_of(context, config)
    assert envelope == ContextEnvelope(
        execution_mode=ExecutionMode.TASK_EXECUTION,
        execution_id=str(params.execution_id),
        task_id=str(params.task_id),
        raw_output_prefix="memory://raw/",
        output_metadata_prefix="memory://meta/",
        data_config=DataConfig(s3=S3Config(endpoint="http://store:9000")),
        credentials=("s3.access_key_id",),
        traceparent=derived_traceparent(str(params.execution_id), str(params.task_id)),
    )


def test_unknown_fields_of_the_same_major_are_ignored() -> None:
    document = json.loads(_full().to_json())
    document["version"] = "1.7"
    document["something_new"] = {"nested": [1, 2]}
    assert ContextEnvelope.from_json(json.dumps(document)) == _full()


def _with(**changes: object) -> str:
    document = json.loads(_full().to_json())
    for path, value in changes.items():
        *parents, last = path.split("__")
        target = document
        for part in parents:  # a section at its default is not written: add it
            target = target.setdefault(part, {})
        target[last] = value
    return json.dumps(document)


@pytest.mark.parametrize(
    ("text", "field"),
    [
        (_with(version="2.0"), "version"),
        (_with(version="0.9"), "version"),
        (_with(version=1), "version"),
        (_with(execution_mode="1"), "execution_mode"),
        (_with(execution_mode=99), "execution_mode"),
        (_with(execution_mode=True), "execution_mode"),
        (_with(execution_id="ex:only-two"), "execution_id"),
        (_with(task_id=3), "task_id"),
        (_with(raw_output_prefix=["s3://x"]), "raw_output_prefix"),
        (_with(custom_context=[]), "custom_context"),
        (_with(custom_context={"k": 1}), "custom_context"),
        (_with(custom_context={f"k{i}": "v" for i in range(1000)}), "custom_context"),
        (_with(traceparent="00-xyz"), "traceparent"),
        (_with(tracestate="a=\u0001"), "tracestate"),
        (_with(credentials=["platform.client_credentials_secret"]), "credentials"),
        (_with(credentials="s3.secret_access_key"), "credentials"),
        (_with(data_config__s3__retries=10**30), "data_config.s3.retries"),
        (_with(data_config__s3__retries=True), "data_config.s3.retries"),
        (_with(data_config__s3__backoff_seconds=float("inf")), "backoff_seconds"),
        (_with(data_config__s3__backoff_seconds=-1), "backoff_seconds"),
        (_with(data_config__gcs="x"), "gcs"),
        (_with(data_config__azure__account_name=1), "data_config.azure.account_name"),
        ("[]", "$"),
        ("{", "$"),
        ('{"version": "1.0"' + "}" * 2, "$"),
        ("[" * 100_000 + "]" * 100_000, "$"),
        ('{"version": "1.0", "retries": ' + "9" * 5000 + "}", "$"),
        (" " * (MAX_ENVELOPE_BYTES + 1), "$"),
    ],
)
def test_bad_envelopes_are_refused_naming_the_field(text: str, field: str) -> None:
    with pytest.raises(EnvelopeError) as caught:
        ContextEnvelope.from_json(text)
    assert field in str(caught.value)
    assert isinstance(caught.value, ValueError)
    assert len(str(caught.value)) < 1000


def test_a_multibyte_envelope_is_measured_in_bytes() -> None:
    text = '{"version": "1.0", "x": "' + "€" * (MAX_ENVELOPE_BYTES // 3) + '"}'
    with pytest.raises(EnvelopeError, match="bytes"):
        ContextEnvelope.from_json(text)


def test_settings_that_do_not_decode_are_an_envelope_error_when_asked_for() -> None:
    envelope = ContextEnvelope.from_json(_with(serialized_context="not base64!"))
    with pytest.raises(EnvelopeError, match="serialized_context"):
        _ = envelope.serialization_settings


def test_a_tracestate_needs_a_traceparent() -> None:
    with pytest.raises(EnvelopeError, match="tracestate"):
        ContextEnvelope(tracestate="a=b")


@given(st.sampled_from(list(ExecutionMode)))
def test_every_mode_round_trips(mode: ExecutionMode) -> None:
    envelope = ContextEnvelope(execution_mode=mode)
    assert ContextEnvelope.from_json(envelope.to_json()).execution_mode is mode


def test_a_settings_free_context_has_no_settings() -> None:
    envelope = envelope_of(_context())
    assert envelope.serialization_settings is None
    assert SERIALIZED_CONTEXT_ENV_VAR not in envelope.to_env()
    assert ENVELOPE_ENV_VAR in envelope.to_env()


@pytest.mark.parametrize(
    "text",
    [
        '{"version": "1.0", "raw_output_prefix": "\\ud800"}',
        '{"version": "1.0", "custom_context": {"k": "\\udfff"}}',
    ],
)
def test_strings_that_are_not_utf8_are_refused(text: str) -> None:
    with pytest.raises(EnvelopeError, match="surrogate"):
        ContextEnvelope.from_json(text)


# -- the first half of the module, held by mutation testing (issue 16) ---------------------------


def _padded(size: int, fill: str) -> str:
    """An envelope text of ``size`` UTF-8 bytes: the empty envelope and an unknown field padded
    with ``fill`` (then ASCII, to the byte)."""
    head, tail = '{"version":"1.0","pad":"', '"}'
    count, rest = divmod(size - len(head) - len(tail), len(fill.encode()))
    return head + fill * count + "a" * rest + tail


def _refusal(text: str | bytes) -> tuple[str, str]:
    with pytest.raises(EnvelopeError) as caught:
        ContextEnvelope.from_json(text)
    return caught.value.field, caught.value.reason


@pytest.mark.parametrize("fill", ["a", "€"])
def test_an_envelope_of_exactly_the_bound_is_read_and_one_byte_more_is_refused(fill: str) -> None:
    largest = _padded(MAX_ENVELOPE_BYTES, fill)
    assert len(largest.encode()) == MAX_ENVELOPE_BYTES
    assert ContextEnvelope.from_json(largest) == ContextEnvelope()
    assert ContextEnvelope.from_json(largest.encode()) == ContextEnvelope()
    over = _padded(MAX_ENVELOPE_BYTES + 1, fill)
    assert len(over.encode()) == MAX_ENVELOPE_BYTES + 1
    refused = ("$", f"is over {MAX_ENVELOPE_BYTES} bytes")
    assert _refusal(over) == refused
    assert _refusal(over.encode()) == refused


def test_a_text_of_the_bound_in_characters_but_over_it_in_bytes_is_refused() -> None:
    largest = _padded(MAX_ENVELOPE_BYTES, "a")
    text = largest[:-3] + "€" + largest[-2:]  # the last "a" of the padding, 3 bytes
    assert (len(text), len(text.encode())) == (MAX_ENVELOPE_BYTES, MAX_ENVELOPE_BYTES + 2)
    assert _refusal(text) == ("$", f"is over {MAX_ENVELOPE_BYTES} bytes")


def test_a_text_over_the_bound_in_characters_is_refused_without_encoding_it() -> None:
    text = "€" * (4 * MAX_ENVELOPE_BYTES)  # 12 MiB in UTF-8
    tracemalloc.start()
    try:
        tracemalloc.reset_peak()
        before = tracemalloc.get_traced_memory()[0]
        refused = _refusal(text)
        extra = tracemalloc.get_traced_memory()[1] - before
    finally:
        tracemalloc.stop()
    assert refused == ("$", f"is over {MAX_ENVELOPE_BYTES} bytes")
    assert extra < 1 << 20


def test_text_that_is_not_json_is_refused_with_the_parsers_reason() -> None:
    assert _refusal("{") == (
        "$",
        "is not JSON (JSONDecodeError: Expecting property name enclosed in double quotes: "
        "line 1 column 2 (char 1))",
    )


@pytest.mark.parametrize(
    ("text", "kind"), [("[]", "an array"), ('"{}"', "a string"), ("1.5", "a number")]
)
def test_a_document_that_is_not_an_object_is_refused_naming_its_kind(text: str, kind: str) -> None:
    assert _refusal(text) == ("$", f"must be a JSON object, not {kind}")


def test_a_tracestate_without_a_traceparent_is_refused_by_name() -> None:
    with pytest.raises(EnvelopeError) as caught:
        ContextEnvelope(tracestate="a=b")
    assert (caught.value.field, caught.value.reason) == (
        "tracestate",
        "is given without a traceparent",
    )
    assert _refusal('{"version":"1.0","tracestate":"a=b"}') == (
        "tracestate",
        "is given without a traceparent",
    )


def test_an_unknown_credential_name_is_refused_naming_the_first() -> None:
    with pytest.raises(EnvelopeError) as caught:
        ContextEnvelope(credentials=("s3.access_key_id", "password", "token"))
    assert (caught.value.field, caught.value.reason) == (
        "credentials",
        "'password' is not one of s3.access_key_id, s3.secret_access_key, "
        "azure.account_key, azure.client_secret",
    )


def _with_ids(execution_id: str | None = None, task_id: str | None = None) -> ContextEnvelope:
    return ContextEnvelope(execution_id=execution_id, task_id=task_id)


@pytest.mark.parametrize(
    ("field", "value", "parse"),
    [
        ("execution_id", "ex:only-two", parse_workflow_execution_identifier),
        ("task_id", "TASK:only-three:x", parse_identifier),
    ],
)
def test_an_id_that_does_not_parse_is_refused_with_the_parsers_reason(
    field: str, value: str, parse: Callable[[str], Result[object, IdentifierError]]
) -> None:
    problem = parse(value)
    assert isinstance(problem, Failure)
    reason: str = problem.failure().reason
    with pytest.raises(EnvelopeError) as caught:
        _with_ids(**{field: value})
    assert (caught.value.field, caught.value.reason) == (field, reason)
    assert _refusal(json.dumps({"version": "1.0", field: value})) == (field, reason)


# -- what the readers refuse, word for word, and the bounds they take -----------------------------
# (issue 16: the decoders' type checks and bounds, each pinned by its message)


def _dict_refusal(document: object) -> tuple[str, str]:
    """The field and reason ``from_dict`` refuses ``document`` with."""
    with pytest.raises(EnvelopeError) as caught:
        ContextEnvelope.from_dict(document)
    return caught.value.field, caught.value.reason


def _v1(**fields: object) -> dict[str, object]:
    return {"version": "1.0", **fields}


def _s3(**values: object) -> dict[str, object]:
    return _v1(data_config={"s3": values})


_MUST = "must be a"


@pytest.mark.parametrize(
    ("document", "field", "reason"),
    [
        (None, "$", "must be a JSON object, not null"),
        (5, "$", "must be a JSON object, not a number"),
        ([], "$", "must be a JSON object, not an array"),
        ({}, "version", "must be a 'major.minor' string, not None"),
        ({"version": 1}, "version", "must be a 'major.minor' string, not 1"),
        ({"version": "1"}, "version", "must be a 'major.minor' string, not '1'"),
        ({"version": "1.0.0"}, "version", "must be a 'major.minor' string, not '1.0.0'"),
        (_v1(task_id=3), "task_id", f"{_MUST} string, not a number"),
        (_v1(task_id=3.5), "task_id", f"{_MUST} string, not a number"),
        (_v1(execution_id=True), "execution_id", f"{_MUST} string, not a boolean"),
        (_v1(raw_output_prefix=["x"]), "raw_output_prefix", f"{_MUST} string, not an array"),
        (
            _v1(output_metadata_prefix={}),
            "output_metadata_prefix",
            f"{_MUST} string, not an object",
        ),
        (_v1(serialized_context=1), "serialized_context", f"{_MUST} string, not a number"),
        (_v1(traceparent=False), "traceparent", f"{_MUST} string, not a boolean"),
        (_v1(tracestate=0), "tracestate", f"{_MUST} string, not a number"),
        (_v1(execution_mode="1"), "execution_mode", f"{_MUST} number, not a string"),
        (_v1(execution_mode=True), "execution_mode", f"{_MUST} number, not a boolean"),
        (_v1(execution_mode=1.0), "execution_mode", f"{_MUST} number, not a number"),
        (_v1(execution_mode=99), "execution_mode", "99 is not an execution mode"),
        (_v1(credentials="x"), "credentials", f"{_MUST}n array, not a string"),
        (_v1(credentials=[1]), "credentials[0]", f"{_MUST} string, not a number"),
        (
            _v1(credentials=["s3.access_key_id", 2.5]),
            "credentials[1]",
            f"{_MUST} string, not a number",
        ),
        (_v1(custom_context=[]), "custom_context", f"{_MUST}n object, not an array"),
        (_v1(data_config="x"), "data_config", f"{_MUST}n object, not a string"),
        (_v1(data_config={"s3": []}), "data_config.s3", f"{_MUST}n object, not an array"),
        (_v1(data_config={"gcs": "x"}), "data_config.gcs", f"{_MUST}n object, not a string"),
        (_v1(data_config={"azure": 1}), "data_config.azure", f"{_MUST}n object, not a number"),
        (
            _v1(data_config={"generic": True}),
            "data_config.generic",
            f"{_MUST}n object, not a boolean",
        ),
        (_s3(enable_debug=1), "data_config.s3.enable_debug", f"{_MUST} boolean, not a number"),
        (_s3(endpoint=1), "data_config.s3.endpoint", f"{_MUST} string, not a number"),
        (
            _s3(addressing_style=[]),
            "data_config.s3.addressing_style",
            f"{_MUST} string, not an array",
        ),
        (_s3(retries="3"), "data_config.s3.retries", f"{_MUST} number, not a string"),
        (_s3(retries=True), "data_config.s3.retries", f"{_MUST} number, not a boolean"),
        (_s3(retries=-1), "data_config.s3.retries", "must be within 0..1000"),
        (_s3(retries=1001), "data_config.s3.retries", "must be within 0..1000"),
        (
            _s3(backoff_seconds="5"),
            "data_config.s3.backoff_seconds",
            f"{_MUST} number, not a string",
        ),
        (
            _s3(backoff_seconds=True),
            "data_config.s3.backoff_seconds",
            f"{_MUST} number, not a boolean",
        ),
        (
            _s3(backoff_seconds=[]),
            "data_config.s3.backoff_seconds",
            f"{_MUST} number, not an array",
        ),
        (_s3(backoff_seconds=-0.5), "data_config.s3.backoff_seconds", "must be within 0..86400"),
        (
            _s3(backoff_seconds=86_400.5),
            "data_config.s3.backoff_seconds",
            "must be within 0..86400",
        ),
        (
            _s3(backoff_seconds=float("nan")),
            "data_config.s3.backoff_seconds",
            "must be within 0..86400",
        ),
        (
            _s3(backoff_seconds=float("inf")),
            "data_config.s3.backoff_seconds",
            "must be within 0..86400",
        ),
        (
            _v1(data_config={"gcs": {"gsutil_parallelism": "y"}}),
            "data_config.gcs.gsutil_parallelism",
            f"{_MUST} boolean, not a string",
        ),
        (
            _v1(data_config={"azure": {"account_name": 1}}),
            "data_config.azure.account_name",
            f"{_MUST} string, not a number",
        ),
        (
            _v1(data_config={"azure": {"tenant_id": True}}),
            "data_config.azure.tenant_id",
            f"{_MUST} string, not a boolean",
        ),
        (
            _v1(data_config={"azure": {"client_id": {}}}),
            "data_config.azure.client_id",
            f"{_MUST} string, not an object",
        ),
        (
            _v1(data_config={"generic": {"attach_execution_metadata": 0}}),
            "data_config.generic.attach_execution_metadata",
            f"{_MUST} boolean, not a number",
        ),
        (
            _v1(raw_output_prefix="\ud800"),
            "raw_output_prefix",
            "holds a lone surrogate: not UTF-8 text",
        ),
        (_v1(credentials=["\udfff"]), "credentials[0]", "holds a lone surrogate: not UTF-8 text"),
    ],
)
def test_each_wrong_field_is_refused_with_its_path_and_what_it_must_be(
    document: object, field: str, reason: str
) -> None:
    assert _dict_refusal(document) == (field, reason)


_EVERY_VALUE_NULL: dict[str, object] = {
    "version": "1.0",
    **dict.fromkeys(
        [
            "execution_mode",
            "execution_id",
            "task_id",
            "raw_output_prefix",
            "output_metadata_prefix",
            "serialized_context",
            "credentials",
            "custom_context",
            "traceparent",
            "tracestate",
        ]
    ),
    "data_config": {
        "s3": dict.fromkeys(
            ["enable_debug", "endpoint", "retries", "backoff_seconds", "addressing_style"]
        ),
        "gcs": {"gsutil_parallelism": None},
        "azure": dict.fromkeys(["account_name", "tenant_id", "client_id"]),
        "generic": {"attach_execution_metadata": None},
    },
}


@pytest.mark.parametrize(
    "document",
    [_EVERY_VALUE_NULL, {**_EVERY_VALUE_NULL, "data_config": None}, _s3(backoff_seconds=None)],
)
def test_a_null_value_is_an_absent_one(document: dict[str, object]) -> None:
    assert ContextEnvelope.from_dict(document) == ContextEnvelope()
    assert ContextEnvelope.from_json(json.dumps(document)) == ContextEnvelope()


@pytest.mark.parametrize(
    ("version", "reason"),
    [
        (
            "2.0",
            "2.0 is a newer major version than this ctxcore reads (1.0);"
            " upgrade ctxcore on the worker",
        ),
        (
            "0.9",
            "0.9 is an older major version than this ctxcore reads (1.0);"
            " upgrade ctxcore on the sender",
        ),
    ],
)
def test_another_major_version_says_which_side_to_upgrade(version: str, reason: str) -> None:
    assert _dict_refusal({"version": version}) == ("version", reason)


@pytest.mark.parametrize("version", ["1.0", "1.1", "1.9999", "01.0", "0001.7"])
def test_every_minor_of_this_major_is_read(version: str) -> None:
    assert ContextEnvelope.from_dict({"version": version}) == ContextEnvelope()
