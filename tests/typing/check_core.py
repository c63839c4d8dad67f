"""What a user's type checker sees of the core and the context stack.

Checked by mypy and pyright (both strict), never run. ``assert_type`` pins a type; a line
ending in ``# type: ignore[...]  # pyright: ignore[...]`` must fail to type-check, and since
unneeded ignores are errors for both checkers, it fails the check if it stops failing.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

from returns.result import Result
from typing_extensions import assert_type

from ctxcore import (
    BranchEvalMode,
    CompilationState,
    ContextStackError,
    DefaultImages,
    ExecutionMode,
    ExecutionParameters,
    ExecutionState,
    FlyteContext,
    FlyteContextManager,
    Identifier,
    IdentifierError,
    Node,
    NodeExecutionIdentifier,
    NodeMetadata,
    OutputMetadata,
    OutputMetadataTracker,
    PythonVersion,
    ResourceType,
    SerializationSettings,
    StackOrigin,
    TaskExecutionIdentifier,
    WorkflowExecutionIdentifier,
    dnsify,
    parse_identifier,
    parse_workflow_execution_identifier,
    unwrap_or_raise,
)

# Execution state
state = ExecutionState("/tmp/work")
assert_type(state.with_params(mode=ExecutionMode.LOCAL_TASK_EXECUTION), ExecutionState)
assert_type(state.take_branch(), ExecutionState)
assert_type(state.branch_eval_mode, BranchEvalMode | None)
assert_type(state.mode, ExecutionMode | None)
assert_type(state.is_local_execution(), bool)
assert_type(ExecutionState.Mode.TASK_EXECUTION, Literal[ExecutionMode.TASK_EXECUTION])
reference_style_mode: ExecutionState.Mode = ExecutionMode.EAGER_EXECUTION
assert_type(state.user_space_params, ExecutionParameters | None)
state.mode = ExecutionMode.TASK_EXECUTION  # type: ignore[misc]  # pyright: ignore[reportAttributeAccessIssue]
state.with_params(mode=BranchEvalMode.BRANCH_ACTIVE)  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]
ExecutionState(working_dir=3)  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]

# Compilation state and nodes
node = Node("MyNode", NodeMetadata(name="n"))
compilation = CompilationState(prefix="wf").add_node(node)
assert_type(compilation, CompilationState)
assert_type(compilation.nodes, Sequence[Node])
assert_type(node >> Node("b", NodeMetadata(name="b")), Node)
assert_type(node.with_overrides(retries=3), Node)
assert_type(dnsify("My_Node"), str)
compilation.nodes.append(node)  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
node.with_overrides(retries="3")  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]
node.id = "other"  # type: ignore[misc]  # pyright: ignore[reportAttributeAccessIssue]
NodeMetadata(name="n", retries="3")  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]
NodeMetadata(name="n", timeot=None)  # type: ignore[call-arg]  # pyright: ignore[reportCallIssue]
NodeMetadata()  # type: ignore[call-arg]  # pyright: ignore[reportCallIssue]
node.metadata.name = "m"  # type: ignore[misc]  # pyright: ignore[reportAttributeAccessIssue]

# Identifiers: Result in the core, exceptions at the compatible face
parsed = parse_identifier("TASK:p:d:n:v")
assert_type(parsed, Result[Identifier, IdentifierError])
assert_type(unwrap_or_raise(parsed), Identifier)
assert_type(Identifier.from_python_std("tsk:p:d:n:v"), Identifier)
assert_type(
    parse_workflow_execution_identifier("ex:p:d:n"),
    Result[WorkflowExecutionIdentifier, IdentifierError],
)
assert_type(WorkflowExecutionIdentifier.from_python_std("ex:p:d:n"), WorkflowExecutionIdentifier)
assert_type(Identifier(ResourceType.TASK, "p", "d", "n", "v").resource_type, ResourceType)
parsed.unwrap().project = "x"  # type: ignore[misc]  # pyright: ignore[reportAttributeAccessIssue]
assert_type(parsed.unwrap(), WorkflowExecutionIdentifier)  # type: ignore[assert-type]  # pyright: ignore[reportAssertTypeFailure]
Identifier("TASK", "p", "d", "n", "v")  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]
execution = WorkflowExecutionIdentifier("p", "d", "n")
node_execution = NodeExecutionIdentifier("n0", execution)
task_execution = TaskExecutionIdentifier(parsed.unwrap(), node_execution, 0)
assert_type(task_execution.node_execution_id.execution_id, WorkflowExecutionIdentifier)
assert_type(task_execution.retry_attempt, int)
assert_type(
    NodeExecutionIdentifier.from_flyte_idl(node_execution.to_flyte_idl()), NodeExecutionIdentifier
)
NodeExecutionIdentifier("n0", "p:d:n")  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]
TaskExecutionIdentifier(parsed.unwrap(), node_execution, "0")  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]

# Images and the settings' schema
assert_type(DefaultImages.find_image_for(PythonVersion.PYTHON_3_9, "v0.32.0"), str)
assert_type(SerializationSettings.json_schema(), dict[str, object])
DefaultImages.find_image_for(3.9)  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]

# Output metadata
tracker = OutputMetadataTracker().add(node, OutputMetadata(artifact="a"))
assert_type(tracker, OutputMetadataTracker)
assert_type(tracker.get(node), OutputMetadata | None)

# Contexts and the stack
ctx = FlyteContextManager.current_context()
assert_type(ctx, FlyteContext)
builder = ctx.new_builder()
assert_type(builder, FlyteContext.Builder)
assert_type(builder.with_compilation_state(compilation), FlyteContext.Builder)
assert_type(ctx.with_execution_state(state), FlyteContext.Builder)
assert_type(builder.build(), FlyteContext)
assert_type(ctx.compilation_state, CompilationState | None)
assert_type(ctx.origin_stackframe, StackOrigin | None)
assert_type(FlyteContextManager.size(), int)
with FlyteContextManager.with_context(builder) as pushed:
    assert_type(pushed, FlyteContext)
ctx.level = 3  # type: ignore[misc]  # pyright: ignore[reportAttributeAccessIssue]
FlyteContextManager.push_context(builder)  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]
# The records' constructors are checked field by field (their __new__ takes anything).
FlyteContext(ctx.file_access, level="2")  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]
FlyteContext.Builder(ctx.file_access, origin_stackframe=None)  # type: ignore[call-arg]  # pyright: ignore[reportCallIssue]
error: RuntimeError = ContextStackError("x")

# What code running in a context can do with its file access and settings
assert_type(ctx.file_access.put_data("/tmp/a", "s3://bucket/a"), str)
assert_type(ctx.file_access.put_raw_data(b"bytes"), str)
assert_type(ctx.file_access.get_random_remote_path("a.txt"), str)
assert_type(ctx.file_access.exists("s3://bucket/a"), bool)
assert_type(ctx.serialization_settings, SerializationSettings | None)
ctx.file_access.put_data(1, "s3://bucket/a")  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]
