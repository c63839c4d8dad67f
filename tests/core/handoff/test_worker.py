"""A context envelope applied on a worker's own root, and the custom context builder."""

from __future__ import annotations

from typing import Any

import attrs
import pytest

from ctxcore import (
    MAX_CUSTOM_CONTEXT_ENTRIES,
    AzureBlobStorageConfig,
    ContextEnvelope,
    DataConfig,
    EnvelopeError,
    ExecutionMode,
    ExecutionParameters,
    ExecutionState,
    FileAccessProvider,
    FlyteContext,
    MissingCredentialsError,
    S3Config,
    TraceContext,
    WorkflowExecutionIdentifier,
    envelope_of,
    worker_builder,
)
from ctxcore.core.ports import FileSystem
from ctxcore.testing.memory import (
    MemoryFileAccess,
    MemoryFileSystems,
    memory_file_access,
    memory_root,
)
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
    assert root.execution_state is not None
    assert context.execution_state.working_dir == root.execution_state.working_dir
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
    own = DataConfig(
        s3=S3Config(access_key_id="worker-id", secret_access_key="worker-key"),
        azure=AzureBlobStorageConfig(account_key="worker-account", client_secret="worker-secret"),
    )
    envelope = _envelope(
        raw_output_prefix="s3://bucket/raw/",
        data_config=DataConfig(
            s3=S3Config(endpoint="http://store:9000"),
            azure=AzureBlobStorageConfig(account_name="caller-account"),
        ),
        credentials=("s3.access_key_id", "s3.secret_access_key", "azure.account_key"),
    )
    root = _worker_root(own)
    access = worker_builder(root, envelope).build().file_access
    assert isinstance(access, FileAccessProvider)
    assert access.data_config == DataConfig(
        s3=S3Config(
            endpoint="http://store:9000", access_key_id="worker-id", secret_access_key="worker-key"
        ),
        azure=AzureBlobStorageConfig(
            account_name="caller-account",
            account_key="worker-account",
            client_secret="worker-secret",
        ),
    )
    # The worker has every credential named: its store is not refused.
    assert isinstance(root.file_access, FileAccessProvider)
    assert access.filesystems is root.file_access.filesystems


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
    assert caught.value.store == "s3://bucket/raw/"
    assert caught.value.missing == ("s3.secret_access_key",)
    assert access.get_filesystem("memory") is not None


def test_credentials_for_another_store_do_not_matter() -> None:
    envelope = _envelope(credentials=("azure.account_key",))
    access = worker_builder(_worker_root(), envelope).build().file_access
    assert isinstance(access, FileAccessProvider)
    assert access.raw_output_fs is not None


def test_a_root_that_cannot_be_redirected_refuses_another_prefix() -> None:
    root = memory_root(MemoryFileAccess())
    with pytest.raises(EnvelopeError) as caught:
        worker_builder(root, _envelope(raw_output_prefix="s3://elsewhere/"))
    assert caught.value.field == "raw_output_prefix"
    assert caught.value.reason == (
        "this worker's root file access (MemoryFileAccess) cannot write under "
        "'s3://elsewhere/'; give the worker a root whose file access can be redirected"
    )
    same = _envelope(
        raw_output_prefix=root.file_access.raw_output_prefix.rstrip("/"),
        serialized_context=None,
        **_NO_IDS,
    )
    assert worker_builder(root, same).build().file_access is root.file_access


@pytest.mark.parametrize(
    ("own", "wanted"), [("memory://rawX/", "memory://raw/"), ("memory://raw/", "memory://rawX/")]
)
def test_only_trailing_slashes_may_differ_from_the_root_s_prefix(own: str, wanted: str) -> None:
    root = memory_root(MemoryFileAccess(raw_output_prefix=own))
    with pytest.raises(EnvelopeError, match="raw_output_prefix"):
        worker_builder(root, _envelope(raw_output_prefix=wanted, **_NO_IDS))


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
    with pytest.raises(EnvelopeError) as caught:
        worker_builder(root, carrying)
    assert caught.value.field == field
    assert caught.value.reason == (
        "this worker's root context has no execution parameters to carry it; give the worker "
        "a root with user_space_params"
    )


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


class _Recording:
    """File systems that note what they are asked for, and hand out the memory ones."""

    def __init__(self) -> None:
        self.inner = MemoryFileSystems()
        self.asked: list[tuple[str, dict[str, object]]] = []

    def filesystem(self, protocol: str, **options: object) -> FileSystem:
        self.asked.append((protocol, options))
        return self.inner.filesystem(protocol, **options)


def test_a_refused_store_leaves_every_other_protocol_as_it_was() -> None:
    recording = _Recording()
    root = attrs.evolve(
        _worker_root(),
        file_access=memory_file_access("memory://worker-raw/", filesystems=recording),
    )
    envelope = _envelope(raw_output_prefix="s3://bucket/raw/", credentials=("s3.access_key_id",))
    access = worker_builder(root, envelope).build().file_access
    assert isinstance(access, FileAccessProvider)
    with pytest.raises(MissingCredentialsError):
        access.filesystems.filesystem("s3a")
    access.filesystems.filesystem("memory", skip_instance_cache=True)
    assert recording.asked == [("memory", {"skip_instance_cache": True})]


@pytest.mark.parametrize(
    ("prefix", "refused"),
    [
        ("s3://bucket/raw/", True),
        ("s3://bucket/a://b/", True),  # the protocol is what comes before the first "://"
        ("s3", False),  # a local directory named s3
        ("memory://raw/", False),
    ],
)
def test_only_a_prefix_on_the_named_store_is_refused(prefix: str, refused: bool) -> None:
    root = _worker_root()
    envelope = _envelope(raw_output_prefix=prefix, credentials=("s3.secret_access_key",))
    access = worker_builder(root, envelope).build().file_access
    assert isinstance(access, FileAccessProvider)
    assert isinstance(root.file_access, FileAccessProvider)
    assert (access.filesystems is not root.file_access.filesystems) is refused


def test_the_envelope_s_ids_replace_the_root_s() -> None:
    root = _worker_root()
    assert root.user_space_params is not None
    assert str(root.user_space_params.task_id) == "TASK:proj:dev:train:v1"
    envelope = _envelope(task_id="TASK:proj:dev:other:v2")
    params = worker_builder(root, envelope).build().user_space_params
    assert params is not None
    assert str(params.task_id) == "TASK:proj:dev:other:v2"


def test_an_envelope_without_a_prefix_keeps_the_root_s_file_access() -> None:
    root = _worker_root()
    context = worker_builder(root, _envelope(raw_output_prefix=None)).build()
    assert context.file_access is root.file_access


def test_a_root_without_an_execution_state_gets_one_in_its_sandbox() -> None:
    access = memory_file_access("memory://worker-raw/", "/worker/sandbox")
    root = FlyteContext.Builder(file_access=access).build()
    assert root.execution_state is None
    envelope = _envelope(raw_output_prefix=None, **_NO_IDS)
    context = worker_builder(root, envelope).build()
    assert context.execution_state == ExecutionState(
        "/worker/sandbox/local_flytekit", mode=ExecutionMode.TASK_EXECUTION
    )
