"""``ctxcore.flyteidl``: the identifiers to and from flyteidl's real protobuf messages.

The round trips are property-tested both ways: record → message → record is the identity, and
so is message → record → message for every message the records can hold (``org`` empty: the
reference neither writes nor reads it). Bytes on the wire are compared too, so a field written
under the wrong number would show.
"""

from __future__ import annotations

import subprocess
import sys

import pytest
from flyteidl.core import identifier_pb2
from hypothesis import given
from hypothesis import strategies as st

from ctxcore import (
    FlyteIdlCodec,
    Identifier,
    IdentifierError,
    MissingExtraError,
    NodeExecutionIdentifier,
    ResourceType,
    TaskExecutionIdentifier,
    WorkflowExecutionIdentifier,
)
from ctxcore import flyteidl as codec
from ctxcore.testing.strategies.execution import (
    identifier_parts,
    identifiers,
    node_execution_identifiers,
    task_execution_identifiers,
    workflow_execution_identifiers,
)

_EX = WorkflowExecutionIdentifier("project", "development", "f6d9a2")
_TASK = Identifier(ResourceType.TASK, "project", "development", "wf.t1", "v7")


def test_the_messages_are_flyteidls_with_the_fields_the_reference_writes() -> None:
    node = NodeExecutionIdentifier("n0", _EX)
    task = TaskExecutionIdentifier(_TASK, node, 3)
    message = codec.to_flyte_idl(task)
    assert isinstance(task.to_flyte_idl(), identifier_pb2.TaskExecutionIdentifier)
    assert message == identifier_pb2.TaskExecutionIdentifier(
        task_id=identifier_pb2.Identifier(
            resource_type=identifier_pb2.TASK,
            project="project",
            domain="development",
            name="wf.t1",
            version="v7",
        ),
        node_execution_id=identifier_pb2.NodeExecutionIdentifier(
            node_id="n0",
            execution_id=identifier_pb2.WorkflowExecutionIdentifier(
                project="project", domain="development", name="f6d9a2"
            ),
        ),
        retry_attempt=3,
    )
    assert TaskExecutionIdentifier.from_flyte_idl(message) == task
    precise: identifier_pb2.Identifier = codec.to_flyte_idl(_TASK)
    assert precise == _TASK.to_flyte_idl()


@given(identifiers())
def test_identifier_round_trips(value: Identifier) -> None:
    message = codec.to_flyte_idl(value)
    assert isinstance(value.to_flyte_idl(), identifier_pb2.Identifier)
    assert Identifier.from_flyte_idl(message) == value
    parsed = identifier_pb2.Identifier.FromString(message.SerializeToString())
    assert Identifier.from_flyte_idl(parsed) == value


@given(workflow_execution_identifiers())
def test_workflow_execution_identifier_round_trips(value: WorkflowExecutionIdentifier) -> None:
    message = value.to_flyte_idl()
    assert isinstance(message, identifier_pb2.WorkflowExecutionIdentifier)
    assert WorkflowExecutionIdentifier.from_flyte_idl(message) == value


@given(node_execution_identifiers())
def test_node_execution_identifier_round_trips(value: NodeExecutionIdentifier) -> None:
    message = value.to_flyte_idl()
    assert isinstance(message, identifier_pb2.NodeExecutionIdentifier)
    assert NodeExecutionIdentifier.from_flyte_idl(message) == value


@given(task_execution_identifiers())
def test_task_execution_identifier_round_trips(value: TaskExecutionIdentifier) -> None:
    message = codec.to_flyte_idl(value)
    assert isinstance(value.to_flyte_idl(), identifier_pb2.TaskExecutionIdentifier)
    wire = identifier_pb2.TaskExecutionIdentifier.FromString(message.SerializeToString())
    assert TaskExecutionIdentifier.from_flyte_idl(wire) == value


def _workflow_execution_messages() -> st.SearchStrategy[identifier_pb2.WorkflowExecutionIdentifier]:
    return st.builds(
        identifier_pb2.WorkflowExecutionIdentifier,
        project=identifier_parts(),
        domain=identifier_parts(),
        name=identifier_parts(),
    )


def _task_execution_messages() -> st.SearchStrategy[identifier_pb2.TaskExecutionIdentifier]:
    ids = st.builds(
        identifier_pb2.Identifier,
        resource_type=st.sampled_from([int(t) for t in ResourceType]),
        project=identifier_parts(),
        domain=identifier_parts(),
        name=identifier_parts(),
        version=identifier_parts(),
    )
    nodes = st.builds(
        identifier_pb2.NodeExecutionIdentifier,
        node_id=identifier_parts(),
        execution_id=_workflow_execution_messages(),
    )
    return st.builds(
        identifier_pb2.TaskExecutionIdentifier,
        task_id=ids,
        node_execution_id=nodes,
        retry_attempt=st.integers(0, 2**32 - 1),
    )


@given(_task_execution_messages())
def test_messages_round_trip_through_the_records(
    message: identifier_pb2.TaskExecutionIdentifier,
) -> None:
    record = TaskExecutionIdentifier.from_flyte_idl(message)
    assert record.to_flyte_idl() == message
    assert codec.to_flyte_idl(record).SerializeToString(
        deterministic=True
    ) == message.SerializeToString(deterministic=True)


def test_the_org_field_is_not_kept_as_in_the_reference() -> None:
    message = identifier_pb2.WorkflowExecutionIdentifier(project="p", domain="d", name="n", org="o")
    record = WorkflowExecutionIdentifier.from_flyte_idl(message)
    assert record == WorkflowExecutionIdentifier("p", "d", "n")
    assert codec.to_flyte_idl(record).org == ""


def test_a_message_of_another_type_is_refused() -> None:
    with pytest.raises(TypeError, match=r"Identifier\.from_flyte_idl expects a flyteidl"):
        Identifier.from_flyte_idl(_EX.to_flyte_idl())  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]
    with pytest.raises(TypeError, match=r"expects a flyteidl\.core\.identifier_pb2\.Node"):
        codec.from_flyte_idl(NodeExecutionIdentifier, _EX)
    with pytest.raises(TypeError, match="converts identifier records"):
        codec.from_flyte_idl(str, _EX)  # type: ignore[arg-type]  # pyright: ignore[reportCallIssue, reportArgumentType]
    with pytest.raises(TypeError, match="expects an identifier record"):
        codec.to_flyte_idl("ex:p:d:n")  # type: ignore[call-overload]  # pyright: ignore[reportCallIssue, reportArgumentType]


def test_a_resource_type_ctxcore_does_not_know_is_an_identifier_error() -> None:
    message = identifier_pb2.Identifier(resource_type=99, project="p")
    with pytest.raises(IdentifierError, match=r"Received: 99\. The resource type"):
        Identifier.from_flyte_idl(message)


def test_the_codec_is_the_port() -> None:
    port: FlyteIdlCodec = codec
    assert port.to_flyte_idl(_EX) == _EX.to_flyte_idl()


def test_without_the_extra_the_conversions_name_it(monkeypatch: pytest.MonkeyPatch) -> None:
    # None in sys.modules makes the import fail, as it does where flyteidl is not installed.
    monkeypatch.setitem(sys.modules, "flyteidl.core.identifier_pb2", None)
    with pytest.raises(MissingExtraError, match=r"pip install 'ctxcore\[flyteidl\]'") as raised:
        _EX.to_flyte_idl()
    assert isinstance(raised.value, ImportError)
    assert (raised.value.extra, raised.value.module) == ("flyteidl", "flyteidl.core.identifier_pb2")
    with pytest.raises(MissingExtraError):
        TaskExecutionIdentifier.from_flyte_idl(object())  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]


def test_importing_ctxcore_does_not_import_flyteidl() -> None:
    code = "import ctxcore, sys; ctxcore.Identifier; print('flyteidl' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
