"""Identifiers: the reference's string forms and parse errors (§11), and round trips."""

from __future__ import annotations

import pickle
from typing import Any, cast

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st
from returns.pipeline import is_successful
from returns.result import Success

from ctxcore import (
    FlyteIdlCodec,
    Identifier,
    IdentifierError,
    NodeExecutionIdentifier,
    ResourceType,
    TaskExecutionIdentifier,
    WorkflowExecutionIdentifier,
    parse_identifier,
    parse_workflow_execution_identifier,
    using_ambient,
)
from ctxcore.core.identifiers import MAX_IDENTIFIER_LENGTH, MAX_RECEIVED_CHARS, MAX_RETRY_ATTEMPT
from ctxcore.testing import FakeAmbient
from ctxcore.testing.strategies.execution import (
    identifiers,
    task_execution_identifiers,
    workflow_execution_identifiers,
)

_EX_FORMAT = (
    "Value error!  Received: {value}. The provided string was not in a parseable format. The "
    "string for an identifier must be in the format ex:project:domain:name."
)
_EX_PREFIX = (
    "Value error!  Received: {value}. The provided string could not be parsed. The first "
    "element of an execution identifier must be 'ex'."
)


def test_resource_types() -> None:
    assert {t.name: t.value for t in ResourceType} == {
        "UNSPECIFIED": 0,
        "TASK": 1,
        "WORKFLOW": 2,
        "LAUNCH_PLAN": 3,
        "DATASET": 4,
    }


# -- WorkflowExecutionIdentifier ---------------------------------------------------------------


def test_execution_id_string() -> None:
    assert str(WorkflowExecutionIdentifier("local", "local", "local")) == "ex:local:local:local"
    assert str(WorkflowExecutionIdentifier("p", "d", "n")) == "ex:p:d:n"


def test_execution_id_parses() -> None:
    assert WorkflowExecutionIdentifier.from_python_std("ex:p:d:n") == (
        WorkflowExecutionIdentifier("p", "d", "n")
    )
    assert parse_workflow_execution_identifier("ex:p:d:n") == Success(
        WorkflowExecutionIdentifier("p", "d", "n")
    )


@pytest.mark.parametrize("value", ["ex:p:d", "ex:p:d:n:x", "", "ex"])
def test_execution_id_wrong_part_count(value: str) -> None:
    with pytest.raises(IdentifierError) as info:
        WorkflowExecutionIdentifier.from_python_std(value)
    assert str(info.value) == _EX_FORMAT.format(value=value)
    assert isinstance(info.value, ValueError)
    failure = parse_workflow_execution_identifier(value).failure()
    assert (failure.value, str(failure)) == (value, _EX_FORMAT.format(value=value))


def test_execution_id_wrong_prefix() -> None:
    with pytest.raises(ValueError, match="first element of an execution identifier") as info:
        WorkflowExecutionIdentifier.from_python_std("xx:p:d:n")
    assert isinstance(info.value, IdentifierError)
    assert str(info.value) == _EX_PREFIX.format(value="xx")


def test_execution_id_too_long_is_refused() -> None:
    value = "ex:p:d:" + "n" * 5000
    assert not is_successful(parse_workflow_execution_identifier(value))
    with pytest.raises(IdentifierError, match="at most"):
        WorkflowExecutionIdentifier.from_python_std(value)


@pytest.mark.parametrize(
    "value",
    ["x" * MAX_IDENTIFIER_LENGTH, "y" * 4000 + ":p:d:n", ":" * 4000],
)
def test_errors_show_a_cut_of_a_long_string(value: str) -> None:
    for result in (parse_identifier(value), parse_workflow_execution_identifier(value)):
        error = result.failure()
        assert len(str(error)) <= MAX_RECEIVED_CHARS + 250
        assert len(repr(error)) <= MAX_RECEIVED_CHARS + 350
        assert len(error.value) <= MAX_RECEIVED_CHARS + len(" ... (10000 characters)")


@pytest.mark.parametrize("value", [None, 3, b"ex:p:d:n", ["ex", "p", "d", "n"]])
def test_what_is_not_a_string_is_an_identifier_error(value: object) -> None:
    for parse in (parse_identifier, parse_workflow_execution_identifier):
        error = parse(value).failure()  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]
        assert isinstance(error, IdentifierError)
        assert f"must be a string, not {type(value).__name__}" in str(error)


def test_short_string() -> None:
    assert WorkflowExecutionIdentifier("p", "d", "n").short_string() == (
        "Flyte Serialized object (WorkflowExecutionIdentifier):\n"
        "  project: p\n"
        "  domain: d\n"
        "  name: n"
    )
    assert WorkflowExecutionIdentifier("p", "", "n").short_string() == (
        "Flyte Serialized object (WorkflowExecutionIdentifier):\n  project: p\n  name: n"
    )
    assert WorkflowExecutionIdentifier("", "", "").short_string() == (
        "Flyte Serialized object (WorkflowExecutionIdentifier):"
    )


def test_verbose_string() -> None:
    assert WorkflowExecutionIdentifier("p", "d", "n").verbose_string() == (
        'project: "p"\ndomain: "d"\nname: "n"\n'
    )


def test_is_empty() -> None:
    assert WorkflowExecutionIdentifier("", "", "").is_empty
    assert not WorkflowExecutionIdentifier("", "", "n").is_empty


def test_promote_from_model() -> None:
    class Model:
        project = "p"
        domain = "d"
        name = "n"

    assert WorkflowExecutionIdentifier.promote_from_model(Model()) == (
        WorkflowExecutionIdentifier("p", "d", "n")
    )


# -- Identifier --------------------------------------------------------------------------------


def test_identifier_string() -> None:
    task = Identifier(ResourceType.TASK, "local", "local", "local", "local")
    assert str(task) == "TASK:local:local:local:local"
    assert task.resource_type_name() == "TASK"
    assert str(Identifier(ResourceType.LAUNCH_PLAN, "p", "d", "n", "v")) == "LAUNCH_PLAN:p:d:n:v"


@pytest.mark.parametrize(
    ("short", "resource_type"),
    [("tsk", ResourceType.TASK), ("wf", ResourceType.WORKFLOW), ("lp", ResourceType.LAUNCH_PLAN)],
)
def test_identifier_short_forms(short: str, resource_type: ResourceType) -> None:
    assert Identifier.from_python_std(f"{short}:p:d:n:v") == Identifier(
        resource_type, "p", "d", "n", "v"
    )


@pytest.mark.parametrize("value", ["tsk:p:d:n", "tsk:p:d:n:v:x", "", "TASK"])
def test_identifier_wrong_part_count_is_a_value_error(value: str) -> None:
    # The reference raised TypeError here (§15.18); ctxcore raises its typed ValueError.
    with pytest.raises(IdentifierError) as info:
        Identifier.from_python_std(value)
    assert isinstance(info.value, ValueError)
    assert str(info.value).startswith(f"Value error!  Received: {value}. ")
    assert "type:project:domain:name:version" in str(info.value)


@pytest.mark.parametrize("type_name", ["task", "xyz", "", "ex"])
def test_identifier_unknown_type(type_name: str) -> None:
    with pytest.raises(IdentifierError) as info:
        Identifier.from_python_std(f"{type_name}:p:d:n:v")
    assert isinstance(info.value, ValueError)
    assert str(info.value).startswith(f"Value error!  Received: {type_name}. ")
    assert parse_identifier(f"{type_name}:p:d:n:v").failure().value == type_name


def test_identifier_is_empty() -> None:
    assert Identifier(ResourceType.UNSPECIFIED, "", "", "", "").is_empty
    assert not Identifier(ResourceType.TASK, "", "", "", "").is_empty


def test_identifier_error_pickles() -> None:
    error = IdentifierError("v", "why")
    copy = pickle.loads(pickle.dumps(error))
    assert type(copy) is IdentifierError
    assert (copy.value, copy.reason, str(copy)) == ("v", "why", str(error))


# -- round trips -------------------------------------------------------------------------------


@given(workflow_execution_identifiers())
def test_execution_id_string_round_trip(identifier: WorkflowExecutionIdentifier) -> None:
    text = str(identifier)
    assert text.startswith("ex:")
    assert WorkflowExecutionIdentifier.from_python_std(text) == identifier
    assert str(WorkflowExecutionIdentifier.from_python_std(text)) == text


@given(identifiers())
def test_identifier_string_round_trip(identifier: Identifier) -> None:
    text = str(identifier)
    assert text.split(":")[0] == identifier.resource_type.name
    assert Identifier.from_python_std(text) == identifier


@given(st.text(max_size=60))
def test_parsers_are_total(text: str) -> None:
    # Whatever the input, the core parsers return a Result: never raise.
    for result in (parse_identifier(text), parse_workflow_execution_identifier(text)):
        if is_successful(result):
            assert str(result.unwrap()).count(":") == text.count(":")
        else:
            assert isinstance(result.failure(), IdentifierError)


@given(st.text(max_size=60))
def test_parse_then_print_is_the_identity_on_success(text: str) -> None:
    result = parse_workflow_execution_identifier(text)
    if is_successful(result):
        assert str(result.unwrap()) == text


# -- node and task execution identifiers, and the conversions to flyteidl --------------------------

_EX = WorkflowExecutionIdentifier("p", "d", "exec-1")
_TASK = Identifier(ResourceType.TASK, "p", "d", "my.task", "v1")


def test_node_and_task_execution_identifiers_are_the_references_records() -> None:
    node = NodeExecutionIdentifier("n0", _EX)
    task = TaskExecutionIdentifier(_TASK, node, 2)
    assert (node.node_id, node.execution_id) == ("n0", _EX)
    assert (task.task_id, task.node_execution_id, task.retry_attempt) == (_TASK, node, 2)
    assert task == TaskExecutionIdentifier(_TASK, NodeExecutionIdentifier("n0", _EX), 2)
    assert hash(task) == hash(TaskExecutionIdentifier(_TASK, node, 2))
    assert pickle.loads(pickle.dumps(task)) == task
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        task.retry_attempt = 3  # type: ignore[misc]  # pyright: ignore[reportAttributeAccessIssue]


@pytest.mark.parametrize("attempt", [-1, MAX_RETRY_ATTEMPT + 1, True, 1.0, "1", None])
def test_a_retry_attempt_flyteidl_cannot_carry_is_refused(attempt: object) -> None:
    node = NodeExecutionIdentifier("n0", _EX)
    with pytest.raises(IdentifierError, match="A retry attempt is an int from 0 to 4294967295"):
        TaskExecutionIdentifier(_TASK, node, attempt)  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]


@given(task_execution_identifiers())
def test_generated_task_execution_identifiers_are_valid(task: TaskExecutionIdentifier) -> None:
    assert attrs.evolve(task) == task


class _Codec:
    """A codec that records what the core hands it: the records ask the ambient, nothing else."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, object]] = []

    def to_flyte_idl(self, value: object) -> object:
        self.calls.append(("to", value))
        return ("message", value)

    def from_flyte_idl(self, kind: type, message: object) -> object:
        self.calls.append(("from", kind))
        return message


def test_the_conversions_go_to_the_ambients_codec() -> None:
    codec = _Codec()
    node = NodeExecutionIdentifier("n0", _EX)
    task = TaskExecutionIdentifier(_TASK, node, 0)
    with using_ambient(FakeAmbient(flyte_idl_codec=cast("FlyteIdlCodec", codec))):
        for record in (_EX, _TASK, node, task):
            assert cast(object, record.to_flyte_idl()) == ("message", record)
        kinds = (WorkflowExecutionIdentifier, Identifier, NodeExecutionIdentifier)
        for kind in (*kinds, TaskExecutionIdentifier):
            assert cast(object, kind.from_flyte_idl(cast("Any", "m"))) == "m"
    assert codec.calls == [
        ("to", _EX),
        ("to", _TASK),
        ("to", node),
        ("to", task),
        ("from", WorkflowExecutionIdentifier),
        ("from", Identifier),
        ("from", NodeExecutionIdentifier),
        ("from", TaskExecutionIdentifier),
    ]
