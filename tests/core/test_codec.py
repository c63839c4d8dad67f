"""Every core record round-trips through the cattrs converter of ``ctxcore.core.codec``."""

from __future__ import annotations

import datetime
import json
import logging

import cattrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from ctxcore import (
    CompilationState,
    ExecutionParameters,
    ExecutionState,
    FlyteContext,
    Identifier,
    Node,
    NodeMetadata,
    OutputMetadata,
    OutputMetadataTracker,
    Resources,
    StackOrigin,
    WorkflowExecutionIdentifier,
)
from ctxcore.core.codec import get_converter, make_converter
from ctxcore.effects.stats import RecordingStats
from ctxcore.testing.memory import MemoryFileAccess
from ctxcore.testing.strategies.compilation import (
    compilation_states,
    node_metadata,
    nodes,
    resource_requirements,
    resources,
)
from ctxcore.testing.strategies.context import (
    context_builders,
    contexts,
    output_metadata,
    output_metadata_trackers,
    stack_origins,
)
from ctxcore.testing.strategies.execution import (
    execution_parameters,
    execution_states,
    identifiers,
    workflow_execution_identifiers,
)

_RECORDS: dict[str, st.SearchStrategy[object]] = {
    "ExecutionState": execution_states(),
    "ExecutionParameters": execution_parameters(),
    "CompilationState": compilation_states(),
    "Node": nodes(),
    "NodeMetadata": node_metadata(),
    "Resources": resources(),
    "ResourceRequirements": resource_requirements(),
    "WorkflowExecutionIdentifier": workflow_execution_identifiers(),
    "Identifier": identifiers(),
    "OutputMetadata": output_metadata(),
    "OutputMetadataTracker": output_metadata_trackers(),
    "StackOrigin": stack_origins(),
    "FlyteContext": contexts(),
    "FlyteContext.Builder": context_builders(),
}


@pytest.mark.parametrize("name", sorted(_RECORDS))
@given(data=st.data())
def test_every_record_round_trips(name: str, data: st.DataObject) -> None:
    record = data.draw(_RECORDS[name])
    converter = get_converter()
    assert converter.structure(converter.unstructure(record), type(record)) == record


# Records made only of data unstructure to JSON and come back from it (fields typed ``object``
# pass through as they are, so a tuple there would come back a list).
_DATA_RECORDS: st.SearchStrategy[object] = st.one_of(
    execution_states(user_space_params=st.none()),
    node_metadata(),
    resources(),
    resource_requirements(),
    workflow_execution_identifiers(),
    identifiers(),
    stack_origins(),
)


@given(_DATA_RECORDS)
def test_data_records_round_trip_through_json(record: object) -> None:
    converter = get_converter()
    text = json.dumps(converter.unstructure(record))
    assert converter.structure(json.loads(text), type(record)) == record


def test_unstructured_forms() -> None:
    converter = get_converter()
    when = datetime.datetime(2024, 5, 6, 7, 8, 9, tzinfo=datetime.timezone.utc)
    assert converter.unstructure(when) == "2024-05-06T07:08:09+00:00"
    assert converter.unstructure(datetime.timedelta(seconds=1, microseconds=2)) == 1_000_002
    assert converter.unstructure(Resources(cpu=("1", 2))) == {
        "cpu": ["1", 2],
        "mem": None,
        "gpu": None,
        "ephemeral_storage": None,
    }
    state = ExecutionState("/w")
    assert converter.unstructure(state) == {
        "working_dir": "/w",
        "mode": None,
        "engine_dir": "/w/engine_dir",
        "branch_eval_mode": None,
        "user_space_params": None,
    }


def test_the_shared_converter_is_built_once() -> None:
    assert get_converter() is get_converter()
    assert make_converter() is not get_converter()


@pytest.mark.parametrize("timeout", ["10 seconds", True, 1.5])
def test_a_timeout_must_be_microseconds(timeout: object) -> None:
    with pytest.raises(cattrs.errors.ClassValidationError):
        get_converter().structure({"name": "n", "timeout": timeout}, NodeMetadata)


def test_a_datetime_must_be_an_iso_string() -> None:
    with pytest.raises(cattrs.errors.ClassValidationError):
        get_converter().structure({"artifact": "a", "time_partition": 12}, OutputMetadata)


@pytest.mark.parametrize("cpu", [["1", "2", "3"], [True, "1"], {"a": 1}])
def test_a_resource_must_be_a_quantity_or_a_pair(cpu: object) -> None:
    with pytest.raises(cattrs.errors.ClassValidationError):
        get_converter().structure({"cpu": cpu}, Resources)


def test_identifiers_unstructure_as_fields() -> None:
    converter = get_converter()
    assert converter.unstructure(WorkflowExecutionIdentifier("p", "d", "n")) == {
        "project": "p",
        "domain": "d",
        "name": "n",
    }
    assert converter.structure(
        {"resource_type": 1, "project": "p", "domain": "d", "name": "n", "version": "v"},
        Identifier,
    ) == Identifier.from_python_std("TASK:p:d:n:v")


def execution_parameters_example() -> ExecutionParameters:
    return ExecutionParameters(
        datetime.datetime(2024, 1, 1, tzinfo=datetime.timezone.utc),
        "/tmp/u",
        RecordingStats(),
        WorkflowExecutionIdentifier("p", "d", "n"),
        logging.getLogger("user_space"),
        "s3://bucket/raw/",
        FAVOURITE="blue",
    )


def test_handles_pass_through_unchanged() -> None:
    converter = get_converter()
    params = execution_parameters_example()
    data = converter.unstructure(params)
    assert isinstance(data, dict)
    assert data["stats"] is params.stats
    assert data["logging"] is params.logging
    assert converter.structure(data, ExecutionParameters) == params


def test_nested_records() -> None:
    converter = get_converter()
    node = Node("A", NodeMetadata("a", timeout=datetime.timedelta(minutes=1)))
    state = CompilationState("p", nodes=[node, Node("b", NodeMetadata("b"), upstream_nodes=[node])])
    tracker = OutputMetadataTracker().add([1], OutputMetadata("art"))
    ctx = FlyteContext(
        MemoryFileAccess(),
        level=2,
        compilation_state=state,
        execution_state=ExecutionState("/w", user_space_params=execution_parameters_example()),
        origin_stackframe=StackOrigin("f", 1, "x.py"),
        output_metadata_tracker=tracker,
    )
    assert converter.structure(converter.unstructure(ctx), FlyteContext) == ctx
