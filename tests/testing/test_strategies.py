"""The strategies of ``ctxcore.testing``: pinned fields stay pinned, values are valid."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st
from pyrsistent import pmap

from ctxcore import (
    CompilationState,
    ExecutionMode,
    ExecutionState,
    FileAccess,
    FlyteContext,
    Node,
    OutputMetadata,
)
from ctxcore.testing.memory import MemoryFileAccess
from ctxcore.testing.strategies.compilation import compilation_states, nodes
from ctxcore.testing.strategies.context import context_builders, contexts, output_metadata
from ctxcore.testing.strategies.execution import execution_states


@given(execution_states(mode=st.just(ExecutionMode.TASK_EXECUTION), engine_dir=st.none()))
def test_execution_states_pin_fields(state: ExecutionState) -> None:
    assert state.mode is ExecutionMode.TASK_EXECUTION
    assert state.engine_dir.endswith("/engine_dir")
    assert state.working_dir


@given(output_metadata(time_partition=st.none(), dynamic_partitions=st.just({"a": "b"})))
def test_output_metadata_pins_fields(md: OutputMetadata) -> None:
    assert md.time_partition is None
    assert md.dynamic_partitions == pmap({"a": "b"})


def _depth(node: Node) -> int:
    return 1 + max((_depth(n) for n in node.upstream_nodes), default=0)


@given(nodes(max_upstream=0))
def test_nodes_without_upstream(node: Node) -> None:
    assert node.upstream_nodes == ()


@given(nodes(max_upstream=2))
def test_nodes_upstream_is_bounded(node: Node) -> None:
    def check(n: Node) -> None:
        assert len(n.upstream_nodes) <= 2
        for up in n.upstream_nodes:
            check(up)

    check(node)


def test_nodes_do_reach_upstream() -> None:
    seen: list[int] = []

    @given(nodes(max_upstream=2))
    def collect(node: Node) -> None:
        seen.append(_depth(node))

    collect()
    assert max(seen) >= 2


@given(compilation_states(max_nodes=2))
def test_compilation_states_bounded(state: CompilationState) -> None:
    assert len(state.nodes) <= 2


@given(contexts(level=st.just(1), execution_state=st.none()))
def test_contexts_pin_fields(ctx: FlyteContext) -> None:
    assert ctx.level == 1
    assert ctx.execution_state is None
    assert isinstance(ctx.file_access, FileAccess)


@given(context_builders(file_access=st.just(MemoryFileAccess("/x"))))
def test_builders_pin_fields(builder: FlyteContext.Builder) -> None:
    assert builder.file_access == MemoryFileAccess("/x")


def test_memory_file_access_is_deterministic() -> None:
    a, b = MemoryFileAccess("/s"), MemoryFileAccess("/s")
    paths = [a.get_random_local_path() for _ in range(3)]
    assert paths == [b.get_random_local_path() for _ in range(3)]
    assert paths[0] == "/s/" + "0" * 31 + "1"
    assert a.get_random_local_path("dir/file.txt").endswith("/file.txt")
    assert len(set(paths)) == 3
    assert a == b
    assert MemoryFileAccess("/s") != MemoryFileAccess("/t")
