"""What the hand-off tests share: the caller's parameters (one execution, one task), its root
context, the check of what a worker saw, and an envelope with every field set."""

from __future__ import annotations

import datetime
import logging
import os
from pathlib import Path
from typing import Any

import attrs

from ctxcore import (
    ContextEnvelope,
    DataConfig,
    ExecutionMode,
    ExecutionParameters,
    ExecutionState,
    FileAccessProvider,
    FlyteContext,
    Identifier,
    S3Config,
    SecretsSource,
    WorkflowExecutionIdentifier,
)
from ctxcore.effects.stats import NullStats
from ctxcore.testing.strategies.serialization import reference_sample_settings

EXECUTION_ID = "ex:proj:dev:run1"
TASK_ID = "TASK:proj:dev:train:v1"


def handoff_params(
    raw_output_prefix: str,
    tmp_dir: str = "/nonexistent-user",
    *,
    output_metadata_prefix: str | None = None,
    secrets: SecretsSource | None = None,
) -> ExecutionParameters:
    """Parameters of execution ``EXECUTION_ID``, task ``TASK_ID``; nothing is created."""
    return ExecutionParameters(
        execution_date=datetime.datetime(2024, 1, 1, tzinfo=datetime.timezone.utc),
        tmp_dir=tmp_dir,
        stats=NullStats(),
        execution_id=WorkflowExecutionIdentifier.from_python_std(EXECUTION_ID),
        logging=logging.getLogger("handoff"),
        raw_output_prefix=raw_output_prefix,
        output_metadata_prefix=output_metadata_prefix,
        task_id=Identifier.from_python_std(TASK_ID),
        secrets=secrets,
    )


TRACEPARENT = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01"


def full_envelope(**changes: Any) -> ContextEnvelope:
    """An envelope with every field set (S3 raw outputs, the reference's sample settings),
    with ``changes`` applied."""
    envelope = ContextEnvelope(
        execution_mode=ExecutionMode.TASK_EXECUTION,
        execution_id=EXECUTION_ID,
        task_id=TASK_ID,
        raw_output_prefix="s3://bucket/raw/",
        output_metadata_prefix="s3://bucket/meta/",
        serialized_context=reference_sample_settings().serialized_context,
        data_config=DataConfig(s3=S3Config(endpoint="http://127.0.0.1:9000", retries=1)),
        credentials=("s3.secret_access_key",),
        custom_context={"team": "ml", "run": "€1"},
        traceparent=TRACEPARENT,
        tracestate="congo=t61rcWkgMzE",
    )
    return attrs.evolve(envelope, **changes)


CUSTOM_CONTEXT = {"team": "ml", "run": "r1"}


def caller_root(base: Path, data_config: DataConfig | None = None, raw: str = "") -> FlyteContext:
    """The caller's context: execution ``EXECUTION_ID``, task ``TASK_ID``, raw outputs under
    ``base / "raw"`` (or ``raw``), custom context ``CUSTOM_CONTEXT``."""
    raw_prefix = raw or str(base / "raw")
    access = FileAccessProvider(
        str(base / "sandbox"), raw_prefix, data_config=data_config or DataConfig(), env={}
    )
    params = handoff_params(access.raw_output_prefix, str(base / "user"))
    state = ExecutionState(
        str(base / "sandbox"), mode=ExecutionMode.TASK_EXECUTION, user_space_params=params
    )
    root = FlyteContext.Builder(file_access=access, execution_state=state).build()
    return root.with_custom_context(CUSTOM_CONTEXT).build()


def check_seen(
    result: dict[str, object],
    raw: Path,
    expected_trace: str | None,
    *,
    custom_context: dict[str, str] = CUSTOM_CONTEXT,
    same_process: bool = False,
) -> None:
    """``result`` (``tests.integrations.workers.seen``) is what ``caller_root`` would see, and
    its raw output landed under ``raw``."""
    assert (result["pid"] == os.getpid()) is same_process
    assert result["execution_id"] == EXECUTION_ID
    assert result["task_id"] == TASK_ID
    assert result["mode"] == "TASK_EXECUTION"
    assert result["custom_context"] == custom_context
    assert result["traceparent"] == expected_trace
    written = Path(str(result["written"]))
    assert written.is_relative_to(raw), written  # the caller's store, not a local fallback
    assert written.read_bytes() == b"hello"
