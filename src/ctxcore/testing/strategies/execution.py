"""Hypothesis strategies for execution: identifiers, execution modes, states and parameters.

Each strategy generates only valid values, and each field can be pinned by passing a strategy
for it as a keyword argument::

    execution_states(mode=st.just(ExecutionMode.TASK_EXECUTION))

Fields that hold arbitrary objects (``flyte_entity``, ``task_resolver``, ``artifact``, ...)
get small value-equal objects, so generated records compare equal to their deep copies.
"""

from __future__ import annotations

import datetime
import logging
import string
from collections.abc import Mapping, Sequence

from hypothesis import strategies as st

from ctxcore.core.execution.decks import Deck
from ctxcore.core.execution.parameters import ExecutionParameters
from ctxcore.core.execution.state import BranchEvalMode, ExecutionMode, ExecutionState
from ctxcore.core.identifiers import (
    MAX_RETRY_ATTEMPT,
    Identifier,
    NodeExecutionIdentifier,
    ResourceType,
    TaskExecutionIdentifier,
    WorkflowExecutionIdentifier,
)
from ctxcore.core.ports import CheckpointLike, StatsClient
from ctxcore.effects.stats import RecordingStats
from ctxcore.testing.strategies._base import (
    SearchStrategy,
    call,
    datetimes,
    non_empty_text,
    opaque_values,
    pick,
    text,
)

__all__ = [
    "branch_eval_modes",
    "execution_modes",
    "execution_parameters",
    "execution_states",
    "identifier_parts",
    "identifiers",
    "node_execution_identifiers",
    "task_execution_identifiers",
    "workflow_execution_identifiers",
]


def execution_modes() -> SearchStrategy[ExecutionMode]:
    """Any of the seven execution modes."""
    return st.sampled_from(ExecutionMode)


def branch_eval_modes() -> SearchStrategy[BranchEvalMode]:
    """``BRANCH_ACTIVE`` or ``BRANCH_SKIPPED``."""
    return st.sampled_from(BranchEvalMode)


def identifier_parts() -> SearchStrategy[str]:
    """One project/domain/name/version: any text without ``:`` (possibly empty)."""
    return st.text(st.characters(codec="utf-8", exclude_characters=":"), max_size=20)


def workflow_execution_identifiers(
    *,
    project: SearchStrategy[str] | None = None,
    domain: SearchStrategy[str] | None = None,
    name: SearchStrategy[str] | None = None,
) -> SearchStrategy[WorkflowExecutionIdentifier]:
    """``WorkflowExecutionIdentifier`` whose string form parses back."""
    return st.builds(
        WorkflowExecutionIdentifier,
        project=pick(project, identifier_parts()),
        domain=pick(domain, identifier_parts()),
        name=pick(name, identifier_parts()),
    )


def identifiers(
    *,
    resource_type: SearchStrategy[ResourceType] | None = None,
    project: SearchStrategy[str] | None = None,
    domain: SearchStrategy[str] | None = None,
    name: SearchStrategy[str] | None = None,
    version: SearchStrategy[str] | None = None,
) -> SearchStrategy[Identifier]:
    """``Identifier`` of any resource type whose string form parses back."""
    return st.builds(
        Identifier,
        resource_type=pick(resource_type, st.sampled_from(ResourceType)),
        project=pick(project, identifier_parts()),
        domain=pick(domain, identifier_parts()),
        name=pick(name, identifier_parts()),
        version=pick(version, identifier_parts()),
    )


def node_execution_identifiers(
    *,
    node_id: SearchStrategy[str] | None = None,
    execution_id: SearchStrategy[WorkflowExecutionIdentifier] | None = None,
) -> SearchStrategy[NodeExecutionIdentifier]:
    """``NodeExecutionIdentifier`` of any node in any execution."""
    return st.builds(
        NodeExecutionIdentifier,
        node_id=pick(node_id, identifier_parts()),
        execution_id=pick(execution_id, workflow_execution_identifiers()),
    )


def task_execution_identifiers(
    *,
    task_id: SearchStrategy[Identifier] | None = None,
    node_execution_id: SearchStrategy[NodeExecutionIdentifier] | None = None,
    retry_attempt: SearchStrategy[int] | None = None,
) -> SearchStrategy[TaskExecutionIdentifier]:
    """``TaskExecutionIdentifier`` with any retry attempt flyteidl can carry (a ``uint32``)."""
    return st.builds(
        TaskExecutionIdentifier,
        task_id=pick(task_id, identifiers()),
        node_execution_id=pick(node_execution_id, node_execution_identifiers()),
        retry_attempt=pick(retry_attempt, st.integers(0, MAX_RETRY_ATTEMPT)),
    )


def execution_parameters(
    *,
    execution_date: SearchStrategy[datetime.datetime] | None = None,
    tmp_dir: SearchStrategy[str] | None = None,
    stats: SearchStrategy[StatsClient] | None = None,
    execution_id: SearchStrategy[WorkflowExecutionIdentifier | None] | None = None,
    logging_: SearchStrategy[logging.Logger] | None = None,
    raw_output_prefix: SearchStrategy[str] | None = None,
    output_metadata_prefix: SearchStrategy[str | None] | None = None,
    checkpoint: SearchStrategy[CheckpointLike | None] | None = None,
    decks: SearchStrategy[Sequence[Deck]] | None = None,
    task_id: SearchStrategy[Identifier | None] | None = None,
    enable_deck: SearchStrategy[bool] | None = None,
    attributes: SearchStrategy[Mapping[str, object]] | None = None,
) -> SearchStrategy[ExecutionParameters]:
    """``ExecutionParameters`` with recording stats, a named logger and upper-case task
    attributes (``logging_`` pins the logger; ``attributes`` the ``**kwargs``)."""
    attribute_names = st.text(string.ascii_uppercase + "_", min_size=1, max_size=8)

    def build(
        execution_date: datetime.datetime,
        tmp_dir: str,
        stats: StatsClient,
        execution_id: WorkflowExecutionIdentifier | None,
        logger: logging.Logger,
        raw_output_prefix: str,
        output_metadata_prefix: str | None,
        checkpoint: CheckpointLike | None,
        decks: Sequence[Deck],
        task_id: Identifier | None,
        enable_deck: bool,
        attributes: Mapping[str, object],
    ) -> ExecutionParameters:
        return call(
            ExecutionParameters,
            execution_date,
            tmp_dir,
            stats,
            execution_id,
            logger,
            raw_output_prefix,
            output_metadata_prefix,
            checkpoint,
            decks,
            task_id,
            enable_deck,
            **attributes,
        )

    return st.builds(
        build,
        pick(execution_date, datetimes()),
        pick(tmp_dir, non_empty_text()),
        pick(stats, st.builds(RecordingStats)),
        pick(execution_id, st.none() | workflow_execution_identifiers()),
        pick(logging_, st.sampled_from(["user_space", "developer"]).map(logging.getLogger)),
        pick(raw_output_prefix, non_empty_text()),
        pick(output_metadata_prefix, st.none() | text()),
        pick(checkpoint, st.none()),
        pick(decks, st.lists(st.builds(Deck, text(10), text(20)), max_size=3)),
        pick(task_id, st.none() | identifiers()),
        pick(enable_deck, st.booleans()),
        pick(attributes, st.dictionaries(attribute_names, opaque_values(), max_size=3)),
    )


def execution_states(
    *,
    working_dir: SearchStrategy[str] | None = None,
    mode: SearchStrategy[ExecutionMode | None] | None = None,
    engine_dir: SearchStrategy[str | None] | None = None,
    branch_eval_mode: SearchStrategy[BranchEvalMode | None] | None = None,
    user_space_params: SearchStrategy[ExecutionParameters | None] | None = None,
) -> SearchStrategy[ExecutionState]:
    """``ExecutionState`` with a non-empty working directory (``engine_dir`` ``None`` means the
    default ``<working_dir>/engine_dir``)."""
    return st.builds(
        ExecutionState,
        working_dir=pick(working_dir, non_empty_text()),
        mode=pick(mode, st.none() | execution_modes()),
        engine_dir=pick(engine_dir, st.none() | non_empty_text()),
        branch_eval_mode=pick(branch_eval_mode, st.none() | branch_eval_modes()),
        user_space_params=pick(user_space_params, st.none() | execution_parameters()),
    )
