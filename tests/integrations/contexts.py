"""What the hand-off tests share: the caller's parameters (one execution, one task) and an
envelope with every field set."""

from __future__ import annotations

import datetime
import logging
from typing import Any

import attrs

from ctxcore import (
    ContextEnvelope,
    DataConfig,
    ExecutionMode,
    ExecutionParameters,
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
