"""The demo: a small local workflow compiled and run through the real context stack."""

from __future__ import annotations

from typing import TextIO

from ctxcore.core.compilation import CompilationState
from ctxcore.core.execution import ExecutionMode
from ctxcore.core.node import Node, NodeMetadata
from ctxcore.shell.context_manager import FlyteContextManager

_STEPS = ("Extract_Rows", "cleanData", "train.model", "Report")


def _compile(prefix: str) -> CompilationState:
    state = CompilationState(prefix=prefix)
    previous: Node | None = None
    for step in _STEPS:
        node = Node(step, NodeMetadata(name=step))
        if previous is not None:
            node = previous >> node
        state = state.add_node(node)
        previous = node
    return state


def run_demo(out: TextIO) -> int:
    """Compile a four-node workflow, then run it in a local execution context."""
    root = FlyteContextManager.current_context()
    out.write(f"root context: level {root.level}, sandbox {root.file_access.local_sandbox_dir}\n")
    with FlyteContextManager.with_context(
        root.with_compilation_state(_compile("demo"))
    ) as compiling:
        state = compiling.compilation_state
        assert state is not None
        out.write(f"compiled {len(state.nodes)} nodes at level {compiling.level}:\n")
        for node in state.nodes:
            upstream = ", ".join(u.id for u in node.upstream_nodes) or "-"
            out.write(f"  {node.id:<12} after {upstream}\n")
    execution = root.new_execution_state().with_params(mode=ExecutionMode.LOCAL_WORKFLOW_EXECUTION)
    with FlyteContextManager.with_context(root.with_execution_state(execution)) as running:
        params = running.user_space_params
        assert params is not None
        out.write(
            f"running {params.execution_id} as {execution.mode.name if execution.mode else '-'}"
            f" (local: {execution.is_local_execution()}) in {params.working_directory}\n"
        )
    out.write(f"stack back to size {FlyteContextManager.size()}\n")
    return 0
