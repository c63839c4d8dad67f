"""The demo: a small local workflow compiled and run end to end through the real stack.

It compiles four nodes, runs them in a local execution mode with user-space parameters,
writes each output under the raw-output prefix, saves a checkpoint and restores it in a
second attempt, reads a secret from the environment, records stats and a timeline, and
writes the decks as one HTML report.
"""

from __future__ import annotations

import json
import os
import tempfile
import time
from collections.abc import Generator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import TextIO

import attrs

from ctxcore.core.compilation.node import Node, NodeMetadata
from ctxcore.core.compilation.state import CompilationState
from ctxcore.core.execution.decks import Deck
from ctxcore.core.execution.parameters import ExecutionParameters
from ctxcore.core.execution.state import ExecutionMode
from ctxcore.effects.environment import process_environment
from ctxcore.effects.stats import RecordingStats
from ctxcore.shell.checkpoint import SyncCheckpoint
from ctxcore.shell.context_stack import FlyteContextManager
from ctxcore.shell.file_access import FileAccessProvider
from ctxcore.shell.root import default_root_context, local_file_access_provider
from ctxcore.shell.secrets import SecretsManager
from ctxcore.shell.timing import timeit

_STEPS = ("Extract_Rows", "cleanData", "train.model", "Report")
_SECRET = ("demo", "token")
_STAGES = 6


@attrs.frozen
class DemoResult:
    """What the demo wrote and measured."""

    output_dir: str
    outputs: tuple[tuple[str, str], ...]
    checkpoint: str
    report: str
    counters: Mapping[str, float]
    timeline: tuple[tuple[str, float], ...]
    secret_length: int


class _Progress:
    """One line per stage on ``out``: ``[n/N] what ... done in 0.01s``."""

    def __init__(self, out: TextIO) -> None:
        self._out = out
        self._stage = 0

    @contextmanager
    def stage(self, what: str) -> Generator[None]:
        self._stage += 1
        self._out.write(f"[{self._stage}/{_STAGES}] {what} ...")
        self._out.flush()
        start = time.perf_counter()
        yield
        self._out.write(f" done in {time.perf_counter() - start:.3f}s\n")


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


def _run_node(node: Node, upstream: bytes, params: ExecutionParameters) -> bytes:
    """A stand-in for user code: derive this node's output from its input."""
    params.stats.incr("demo.nodes", tags={"node": node.id})
    params.stats.gauge("demo.input_bytes", len(upstream))
    return json.dumps(
        {"node": node.id, "input": len(upstream), "upstream": [u.id for u in node.upstream_nodes]}
    ).encode()


def demo(output_dir: str, out: TextIO, *, env: Mapping[str, str] | None = None) -> DemoResult:
    """Run the demo workflow with everything under ``output_dir``."""
    progress = _Progress(out)
    environment = dict(process_environment() if env is None else env)
    environment.setdefault("_FSEC_DEMO_TOKEN", "demo-token-from-the-environment")
    environment["FLYTE_SDK_LOCAL_SANDBOX"] = output_dir
    stats = RecordingStats()

    with progress.stage("building the root context"):
        file_access = local_file_access_provider(env=environment)
        root = default_root_context(env=environment, file_access=file_access)
        base_params = root.user_space_params
        assert base_params is not None
        params = (
            base_params.builder()
            .with_params(stats=stats, secrets=SecretsManager(env=environment))
            .build()
        )

    with (
        progress.stage("compiling the workflow"),
        FlyteContextManager.with_context(root.with_compilation_state(_compile("demo"))) as ctx,
    ):
        compiled = ctx.compilation_state
        assert compiled is not None
        nodes = tuple(compiled.nodes)

    execution = root.new_execution_state().with_params(
        mode=ExecutionMode.LOCAL_WORKFLOW_EXECUTION, user_space_params=params
    )
    outputs: list[tuple[str, str]] = []
    with FlyteContextManager.with_context(root.with_execution_state(execution)) as running:
        access = running.file_access
        assert isinstance(access, FileAccessProvider)
        with progress.stage(f"running {len(nodes)} nodes locally"):
            data = b""
            for node in nodes:
                with timeit(f"node {node.id}"):
                    data = _run_node(node, data, params)
                    where = access.put_raw_data(data, file_name=f"{node.id}.json")
                outputs.append((node.id, where))

        with progress.stage("saving and restoring a checkpoint"):
            checkpoint_dir = access.get_random_local_directory()
            SyncCheckpoint(checkpoint_dir, file_access=access).write(data)
            retry = SyncCheckpoint(
                access.get_random_local_path("retry"), checkpoint_dir, file_access=access
            )
            restored = retry.read()
            if restored != data:
                raise RuntimeError("the restored checkpoint differs from the saved one")

        with progress.stage("reading a secret from the environment"):
            secret = params.secrets.get(*_SECRET)

        with progress.stage("writing the decks report"):
            report = os.path.join(output_dir, "report.html")
            summary = Deck(
                "default",
                "<ul>" + "".join(f"<li>{n}: {w}</li>" for n, w in outputs) + "</ul>",
            )
            page_context = running.with_execution_state(
                execution.with_params(
                    user_space_params=params.builder().with_params(decks=[summary]).build()
                )
            ).build()
            Path(report).write_text(page_context.get_deck(), encoding="utf-8")

    return DemoResult(
        output_dir=output_dir,
        outputs=tuple(outputs),
        checkpoint=checkpoint_dir,
        report=report,
        counters=stats.counters(),
        timeline=tuple((e.name, e.wall_time) for e in params.timeline_deck.entries),
        secret_length=len(secret),
    )


def run_demo(out: TextIO, *, output: str | None = None) -> int:
    """The ``demo`` command: run, then print a readable summary with the paths written."""
    output_dir = os.path.abspath(output) if output else tempfile.mkdtemp(prefix="ctxcore-demo-")
    os.makedirs(output_dir, exist_ok=True)
    result = demo(output_dir, out)
    out.write("\nctxcore demo: a four-node workflow, compiled and run locally\n")
    out.write(f"  output directory  {result.output_dir}\n")
    for node_id, where in result.outputs:
        out.write(f"  output of {node_id:<13} {where}\n")
    out.write(f"  checkpoint        {result.checkpoint} (saved, then restored by a retry)\n")
    out.write(f"  secret demo.token read from the environment ({result.secret_length} chars)\n")
    counters = ", ".join(f"{name}={value:g}" for name, value in sorted(result.counters.items()))
    out.write(f"  stats             {counters}\n")
    out.write(f"  timeline          {len(result.timeline)} timed steps\n")
    for name, seconds in result.timeline:
        out.write(f"    {name:<50} {seconds * 1000:8.2f} ms\n")
    out.write(f"  report            {result.report}\n")
    return 0
