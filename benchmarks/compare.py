"""``make bench-compare``: the same workloads on ctxcore and on flytekit, alternating, with
paired ratios (ctxcore / flytekit; below 1 is ahead).

``python -m benchmarks.compare FLYTEKIT_PYTHON [ROUNDS]`` drives; each round runs one fresh
interpreter per side (``--side ctxcore`` here, ``--side flytekit`` with the given interpreter)
and the ratio of each round's pair is taken, then the median over rounds: paired, because the
machines are shared and noisy.
"""

from __future__ import annotations

import importlib
import json
import os
import statistics
import subprocess
import sys
from typing import Any

from benchmarks._isolation import without_config
from benchmarks._timing import per_op_us

_ROUNDS = 5


def _env_only() -> None:
    """No FLYTE* variable, HOME and the working directory in an empty directory."""
    env, home = without_config()
    os.environ.clear()
    os.environ.update(env)
    os.chdir(home)


def _measure(side: str) -> dict[str, float]:
    # Both sides duck-typed through importlib (``Any``): flytekit has no types to check here.
    _env_only()
    if side == "ctxcore":
        ours: Any = importlib.import_module("ctxcore")
        manager, config = ours.FlyteContextManager, ours.Config
        compilation_state, metadata, node_class = (
            ours.CompilationState,
            ours.NodeMetadata,
            ours.Node,
        )
        execution = ours.ExecutionState("/tmp/work")
        mode = ours.ExecutionMode.LOCAL_TASK_EXECUTION

        def new_node(i: int) -> Any:
            return node_class(f"Node_{i}", metadata(name="n"))

        def add(state: Any, node: Any) -> Any:
            return state.add_node(node)
    else:
        context_manager: Any = importlib.import_module("flytekit.core.context_manager")
        manager = context_manager.FlyteContextManager
        config = importlib.import_module("flytekit.configuration").Config
        compilation_state = context_manager.CompilationState
        metadata = importlib.import_module("flytekit.models.core.workflow").NodeMetadata
        node_class = importlib.import_module("flytekit.core.node").Node
        execution = context_manager.ExecutionState(working_dir="/tmp/work")
        mode = context_manager.ExecutionState.Mode.LOCAL_TASK_EXECUTION

        def new_node(i: int) -> Any:
            return node_class(f"Node_{i}", metadata(name="n"), [], [], None)

        def add(state: Any, node: Any) -> Any:
            state.add_node(node)  # in place: the reference's way
            return state

    def fresh_compilation() -> Any:
        return compilation_state(prefix="wf")

    config_auto = config.auto
    FlyteContextManager = manager
    FlyteContextManager.current_context()

    def with_context() -> None:
        with FlyteContextManager.with_context(FlyteContextManager.current_context().new_builder()):
            pass

    compilation = fresh_compilation()
    nodes = [new_node(i) for i in range(10_000)]

    def add_all() -> None:
        state = fresh_compilation()
        for node in nodes:
            state = add(state, node)

    def construct_and_add() -> None:
        state = fresh_compilation()
        for i in range(2_000):
            state = add(state, new_node(i))

    return {
        "W2_with_context_us": per_op_us(with_context, 20_000),
        "W4_execution_with_params_us": per_op_us(lambda: execution.with_params(mode=mode), 50_000),
        "W4_compilation_with_params_us": per_op_us(
            lambda: compilation.with_params(prefix="p"), 50_000
        ),
        "W5_add_us_per_node": per_op_us(add_all, 1) / 10_000,
        "W5_construct_and_add_us_per_node": per_op_us(construct_and_add, 1) / 2_000,
        "W8_env_only_ms": per_op_us(config_auto, 1_000) / 1000,
    }


def _run_side(python: str, side: str) -> dict[str, float]:
    out = subprocess.run(
        [python, "-m", "benchmarks.compare", "--side", side],
        check=True,
        capture_output=True,
        text=True,
        cwd=os.path.dirname(os.path.dirname(os.path.abspath(__file__))),
    ).stdout
    result: dict[str, float] = json.loads(out)
    return result


def main(argv: list[str]) -> int:
    if argv[:1] == ["--side"]:
        print(json.dumps(_measure(argv[1])))
        return 0
    flytekit_python = argv[0]
    rounds = int(argv[1]) if len(argv) > 1 else _ROUNDS
    ours: list[dict[str, float]] = []
    theirs: list[dict[str, float]] = []
    for _ in range(rounds):
        ours.append(_run_side(sys.executable, "ctxcore"))
        theirs.append(_run_side(flytekit_python, "flytekit"))
    table: dict[str, dict[str, float]] = {}
    for name in ours[0]:
        table[name] = {
            "ctxcore": round(statistics.median(r[name] for r in ours), 4),
            "flytekit": round(statistics.median(r[name] for r in theirs), 4),
            "ratio": round(
                statistics.median(a[name] / b[name] for a, b in zip(ours, theirs, strict=True)), 3
            ),
        }
    print(json.dumps(table, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
