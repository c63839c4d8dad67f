"""W5: add N nodes to one CompilationState (a new state per add), N = 1k, 10k, 100k."""

from __future__ import annotations

from functools import partial

from benchmarks._timing import median_seconds
from ctxcore import CompilationState, Node, NodeMetadata

WORKLOAD = "W5"
_METADATA = NodeMetadata(name="n")


def _prebuilt(n: int) -> list[Node]:
    return [Node(f"node-{i}", _METADATA) for i in range(n)]


def _add(nodes: list[Node]) -> CompilationState:
    state = CompilationState("wf")
    for node in nodes:
        state = state.add_node(node)
    return state


def _construct_and_add(n: int) -> CompilationState:
    state = CompilationState("wf")
    for i in range(n):
        state = state.add_node(Node(f"Node_{i}", _METADATA))
    return state


def run() -> dict[str, object]:
    result: dict[str, object] = {}
    add_us: dict[int, float] = {}
    for n in (1_000, 10_000, 100_000):
        nodes = _prebuilt(n)
        repeat = 5 if n < 100_000 else 3
        add_us[n] = median_seconds(partial(_add, nodes), repeat=repeat) / n * 1e6
        result[f"add_us_per_node_{n}"] = round(add_us[n], 3)
    construct_us = median_seconds(lambda: _construct_and_add(10_000), repeat=5) / 10_000 * 1e6
    growth = (add_us[100_000] * 100_000) / (add_us[10_000] * 10_000)
    result.update(
        construct_and_add_us_per_node=round(construct_us, 3),
        t100k_over_t10k=round(growth, 2),
        target_met=max(add_us.values()) <= 1.5 and construct_us <= 3.5 and growth <= 11,
    )
    return result
