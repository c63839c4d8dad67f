"""W5: add N nodes to one CompilationState (a new state per add), N = 1k, 10k, 100k; and the
garbage collector's time while every intermediate state of a 20,000-node build is kept.

``floor_add_us_per_node_N`` is the same loop with no record, no method and no attrs: a
plain object given a copy of a four-entry field dict with one cons cell changed, written
inline, over the same prebuilt nodes. It is the least a new state per add costs on this
interpreter, whatever the record; ``floor_t100k_over_t10k`` is its growth, to read
``t100k_over_t10k`` against (the collector walks the prebuilt nodes and every cell as the
chain grows, for the floor as for the record)."""

from __future__ import annotations

import gc
import time
from functools import partial

from benchmarks._timing import median_seconds
from ctxcore import CompilationState, Node, NodeMetadata

WORKLOAD = "W5"
_METADATA = NodeMetadata(name="n")
_ADD_TARGET_US = 0.25
_CONSTRUCT_TARGET_US = 2.0
_GROWTH_TARGET = 10.5
_GC_TARGET_MS = 50.0
_KEPT_NODES = 20_000


_new = object.__new__
_setattr = object.__setattr__


class _Bare:
    """A plain object with a field dict: a state with nothing of a record."""


def _floor(nodes: list[Node]) -> object:
    state = _new(_Bare)
    _setattr(
        state,
        "__dict__",
        {"prefix": "wf", "mode": 1, "task_resolver": None, "nodes": (None, None, 0)},
    )
    for node in nodes:
        fields = state.__dict__.copy()
        chain = fields["nodes"]
        fields["nodes"] = (node, chain, chain[2] + 1)
        state = _new(_Bare)
        _setattr(state, "__dict__", fields)
    return state


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


def _keep_every_state(nodes: list[Node]) -> list[CompilationState]:
    state = CompilationState("wf")
    kept = [state]
    for node in nodes:
        state = state.add_node(node)
        kept.append(state)
    return kept


def gc_ms_keeping_every_state(n: int = _KEPT_NODES) -> float:
    """Milliseconds the collector spends while a build of ``n`` nodes keeps every state (summed
    over its collections, through ``gc.callbacks``; the states are freed untimed)."""
    nodes = _prebuilt(n)
    spent = [0.0]
    started = [0.0]

    def callback(phase: str, _info: dict[str, int]) -> None:
        if phase == "start":
            started[0] = time.perf_counter()
        else:
            spent[0] += time.perf_counter() - started[0]

    gc.collect()
    gc.callbacks.append(callback)
    try:
        kept = _keep_every_state(nodes)
    finally:
        gc.callbacks.remove(callback)
    del kept
    gc.collect()
    return spent[0] * 1000


def run() -> dict[str, object]:
    result: dict[str, object] = {}
    add_us: dict[int, float] = {}
    floor_us: dict[int, float] = {}
    for n in (1_000, 10_000, 100_000):
        nodes = _prebuilt(n)
        repeat = 5 if n < 100_000 else 3
        add_us[n] = median_seconds(partial(_add, nodes), repeat=repeat) / n * 1e6
        floor_us[n] = median_seconds(partial(_floor, nodes), repeat=repeat) / n * 1e6
        result[f"add_us_per_node_{n}"] = round(add_us[n], 3)
        result[f"floor_add_us_per_node_{n}"] = round(floor_us[n], 3)
    result["floor_t100k_over_t10k"] = round(
        (floor_us[100_000] * 100_000) / (floor_us[10_000] * 10_000), 2
    )
    construct_us = median_seconds(lambda: _construct_and_add(10_000), repeat=5) / 10_000 * 1e6
    growth = (add_us[100_000] * 100_000) / (add_us[10_000] * 10_000)
    gc_ms = sorted(gc_ms_keeping_every_state() for _ in range(3))[1]
    result.update(
        construct_and_add_us_per_node=round(construct_us, 3),
        t100k_over_t10k=round(growth, 2),
        gc_ms_keeping_every_state_20k=round(gc_ms, 1),
        target_met=max(add_us.values()) <= _ADD_TARGET_US
        and construct_us <= _CONSTRUCT_TARGET_US
        and growth <= _GROWTH_TARGET
        and gc_ms <= _GC_TARGET_MS,
    )
    return result
