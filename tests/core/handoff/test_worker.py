"""A context envelope applied on a worker's own root, and the custom context builder."""

from __future__ import annotations

from typing import Any

import attrs
import pytest

from ctxcore import (
    MAX_CUSTOM_CONTEXT_ENTRIES,
    ContextEnvelope,
    DataConfig,
    EnvelopeError,
    ExecutionMode,
    ExecutionParameters,
    FileAccessProvider,
    FlyteContext,
    MissingCredentialsError,
    S3Config,
    TraceContext,
    WorkflowExecutionIdentifier,
    envelope_of,
    worker_builder,
)
from ctxcore.testing.memory import MemoryFileAccess, memory_file_access, memory_root
from ctxcore.testing.strategies.serialization import reference_sample_settings
from tests.integrations.contexts import TRACEPARENT as _PARENT
from tests.integrations.contexts import full_envelope, handoff_params


def _worker_root(data_config: DataConfig | None = None) -> FlyteContext:
    access = memory_file_access("memory://worker-raw/")
    if data_config is not None:
        access = access.with_raw_output("memory://worker-raw/", data_config)
    params = (
        ExecutionParameters.new_builder(handoff_params(access.raw_output_prefix, "/worker/user"))
        .with_params(execution_id=WorkflowExecutionIdentifier("local", "local", "local"))
        .build()
    )
    return attrs.evolve(memory_root(user_space_params=params), file_access=access)


def _envelope(**changes: Any) -> ContextEnvelope:
    memory: dict[str, Any] = {
        "raw_output_prefix": "memory://caller-raw/",
        "output_metadata_prefix": "memory://meta/",
        "data_config": DataConfig(s3=S3Config(retries=1)),
        "credentials": (),
        "custom_context": {"team": "ml"},
        "tracestate": "a=b",
    }
    return full_envelope(**{**memory, **changes})


def test_the_worker_context_is_its_root_with_the_envelope_applied() -> None:
    root = _worker_root()
    envelope = _envelope()
    context = worker_builder(root, envelope).build()
    params = context.user_space_params
    assert params is not None
    assert context.level == root.level + 1
    assert context.execution_state is not None
    assert context.execution_state.mode is ExecutionMode.TASK_EXECUTION
    assert str(params.execution_id) == "ex:proj:dev:run1"
    assert str(params.task_id) == "TASK:proj:dev:train:v1"
    assert params.raw_output_prefix == "memory://caller-raw/"
    assert params.output_metadata_prefix == "memory://meta/"
    assert params.tmp_dir == "/worker/user"  # the worker's own sandbox
    assert context.file_access.raw_output_prefix == "memory://caller-raw/"
    assert context.file_access.local_sandbox_dir == root.file_access.local_sandbox_dir
    assert context.serialization_settings == reference_sample_settings()
    assert context.custom_context == {"team": "ml"}
    assert context.trace_context == TraceContext(_PARENT, "a=b")
    assert envelope_of(context, DataConfig(s3=S3Config(retries=1))) == envelope


def test_the_worker_keeps_its_own_credentials() -> None:
    own = DataConfig(s3=S3Config(access_key_id="worker-id", secret_access_key="worker-key"))
    envelope = _envelope(
        raw_output_prefix="s3://bucket/raw/",
        data_config=DataConfig(s3=S3Config(endpoint="http://store:9000")),
        credentials=("s3.access_key_id", "s3.secret_access_key"),
    )
    access = worker_builder(_worker_root(own), envelope).build().file_access
    assert isinstance(access, FileAccessProvider)
    config = access.data_config
    assert config.s3.endpoint == "http://store:9000"
    assert config.s3.secret_access_key == "worker-key"


def test_a_worker_without_the_named_credentials_fails_on_first_use_of_the_store() -> None:
    envelope = _envelope(
        raw_output_prefix="s3://bucket/raw/", credentials=("s3.secret_access_key",)
    )
    context = worker_builder(_worker_root(), envelope).build()  # applying is fine
    access = context.file_access
    assert isinstance(access, FileAccessProvider)
    assert access.raw_output_prefix == "s3://bucket/raw/"  # not a local fallback
    with pytest.raises(MissingCredentialsError, match=r"s3\.secret_access_key") as caught:
        _ = access.raw_output_fs
    assert isinstance(caught.value, PermissionError)
    assert access.get_filesystem("memory") is not None


def test_credentials_for_another_store_do_not_matter() -> None:
    envelope = _envelope(credentials=("azure.account_key",))
    access = worker_builder(_worker_root(), envelope).build().file_access
    assert isinstance(access, FileAccessProvider)
    assert access.raw_output_fs is not None


def test_a_root_that_cannot_be_redirected_refuses_another_prefix() -> None:
    root = memory_root(MemoryFileAccess())
    with pytest.raises(EnvelopeError, match="raw_output_prefix"):
        worker_builder(root, _envelope(raw_output_prefix="s3://elsewhere/"))
    same = _envelope(
        raw_output_prefix=root.file_access.raw_output_prefix,
        serialized_context=None,
        **_NO_IDS,
    )
    assert worker_builder(root, same).build().file_access is root.file_access


_NO_IDS: dict[str, None] = {
    "execution_id": None,
    "task_id": None,
    "output_metadata_prefix": None,
}


@pytest.mark.parametrize("field", sorted(_NO_IDS))
def test_a_root_without_execution_parameters_refuses_ids_it_cannot_carry(field: str) -> None:
    # Dropping the caller's execution id would run the worker as no execution at all.
    root = memory_root(MemoryFileAccess())
    assert root.user_space_params is None
    prefix = root.file_access.raw_output_prefix
    carrying = _envelope(
        raw_output_prefix=prefix, **{**_NO_IDS, field: getattr(_envelope(), field)}
    )
    with pytest.raises(EnvelopeError, match=field):
        worker_builder(root, carrying)


def test_bad_settings_refuse_the_whole_envelope() -> None:
    with pytest.raises(EnvelopeError, match="serialized_context"):
        worker_builder(_worker_root(), _envelope(serialized_context="@@@"))


def test_with_custom_context_merges_and_bounds() -> None:
    root = _worker_root()
    first = root.with_custom_context({"a": "1", "b": "2"}).build()
    second = first.with_custom_context({"b": "3", "c": "4"}).build()
    assert second.custom_context == {"a": "1", "b": "3", "c": "4"}
    assert first.custom_context == {"a": "1", "b": "2"}
    assert root.custom_context == {}
    assert second.new_builder().build().custom_context == second.custom_context
    too_many = {f"k{i}": "v" for i in range(MAX_CUSTOM_CONTEXT_ENTRIES + 1)}
    with pytest.raises(EnvelopeError, match="custom_context"):
        root.with_custom_context(too_many)
