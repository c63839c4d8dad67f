"""The demo: a small local workflow compiled and run end to end through the real stack.

It compiles four nodes, runs them in a local execution mode with user-space parameters, on an
engine (``ENGINES``): in this process, or on a process pool, a Dask cluster or Ray, each node
then running in a worker in the caller's context handed over to it (``bind_portable`` and the
integrations). Each node writes its output under the caller's raw-output prefix and says which
worker ran it and what context it saw. Then the demo saves a checkpoint and restores it in a
second attempt, reads a secret from the environment, records stats and a timeline, and writes
one HTML report (``ctxcore.cli.demo_report``).

Every engine is started on this machine only, bound to 127.0.0.1, and stopped at the end.
"""

from __future__ import annotations

import contextlib
import importlib
import itertools
import json
import os
import socket
import tempfile
import time
import uuid
from collections.abc import Callable, Generator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Final, Literal, TextIO, cast, get_args

import attrs

from ctxcore.cli.demo_report import ContextView, DemoReport, NodeRow, Step, Worker, render_report
from ctxcore.core._repr import fields_repr
from ctxcore.core.compilation.node import Node, NodeMetadata
from ctxcore.core.compilation.state import CompilationState
from ctxcore.core.execution.decks import TimelineEntry
from ctxcore.core.execution.state import ExecutionMode
from ctxcore.core.handoff.envelope import ContextEnvelope
from ctxcore.core.identifiers import WorkflowExecutionIdentifier
from ctxcore.effects.environment import process_environment
from ctxcore.effects.stats import RecordingStats
from ctxcore.shell.checkpoint import SyncCheckpoint
from ctxcore.shell.context_stack import FlyteContextManager
from ctxcore.shell.file_access import FileAccessProvider
from ctxcore.shell.root import default_root_context, local_file_access_provider
from ctxcore.shell.secrets import SecretsManager
from ctxcore.shell.timing import timeit

Engine = Literal["local", "processes", "dask", "ray"]
"""Where the nodes run: this process, a spawn process pool, a Dask ``LocalCluster`` of worker
processes, or a local Ray instance."""

ENGINES: Final[tuple[Engine, ...]] = get_args(Engine)

_STEPS = ("Extract_Rows", "cleanData", "train.model", "Report")
_SECRET = ("demo", "token")
_WORKERS = 2
_RESULT_TIMEOUT = 300.0  # seconds a node's result may take on an engine (Ray starts slowly)


@attrs.frozen
class DemoResult:
    """What the demo wrote and measured."""

    __repr__ = fields_repr

    output_dir: str
    outputs: tuple[tuple[str, str], ...]
    checkpoint: str
    report: str
    counters: Mapping[str, float]
    timeline: tuple[tuple[str, float], ...]
    secret_length: int
    nodes: tuple[NodeRow, ...]
    caller: ContextView


@attrs.frozen
class NodeRun:
    """What a node returns from its worker: its output, where it wrote it, the worker, what
    context it saw there, and how long it took there (ms)."""

    __repr__ = fields_repr

    output: bytes
    written: str
    worker: Worker
    seen: ContextView
    worker_ms: float


class _Progress:
    """One line per stage on ``out``: ``[n/N] what ... done in 0.01s``."""

    def __init__(self, out: TextIO, stages: int) -> None:
        self._out = out
        self._stage = 0
        self._stages = stages

    @contextmanager
    def stage(self, what: str) -> Generator[None]:
        self._stage += 1
        self._out.write(f"[{self._stage}/{self._stages}] {what} ...")
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


def _view(envelope: ContextEnvelope) -> ContextView:
    """The four fields of a context the report checks, from its envelope (which derives the
    trace id from the execution id when the context has no trace of its own)."""
    trace = envelope.trace_context
    return ContextView(
        execution_id=envelope.execution_id or "",
        raw_output_prefix=envelope.raw_output_prefix or "",
        custom_context=tuple(sorted(envelope.custom_context.items())),
        trace_id="" if trace is None else trace.trace_id,
    )


def run_node(node_id: str, upstream_ids: tuple[str, ...], upstream: bytes) -> NodeRun:
    """A stand-in for user code, run by the engine's worker in the caller's context: derive
    this node's output from its input and write it under the context's raw-output prefix.

    Module-level and given plain data only, so that every engine can pickle it by name.
    """
    start = time.perf_counter()
    text = json.dumps({"node": node_id, "input": len(upstream), "upstream": list(upstream_ids)})
    data = text.encode()
    access = FlyteContextManager.current_context().file_access
    assert isinstance(access, FileAccessProvider)
    written = access.put_raw_data(data, file_name=f"{node_id}.json")
    return NodeRun(
        output=data,
        written=str(written),
        worker=Worker(os.getpid(), socket.gethostname()),
        seen=_view(FlyteContextManager.envelope()),
        worker_ms=(time.perf_counter() - start) * 1000,
    )


_NodeCall = Callable[[str, tuple[str, ...], bytes], NodeRun]


def _worker_sandbox(sandbox: str) -> None:
    """A pool worker's set-up: its own root goes under ``sandbox``, not the default place."""
    os.environ["FLYTE_SDK_LOCAL_SANDBOX"] = sandbox


# Each engine runs the nodes on _WORKERS worker processes in turn, started (and this module
# imported there) before the first node: the report then shows several workers, each of which
# must see the caller's context, and the nodes' bars measure the hand-off, not a worker's start.


def _started() -> int:
    """The process id of the worker that runs it: asked of each worker before the first node,
    which then finds the worker running with this module imported (it travels by name)."""
    return os.getpid()


@contextmanager
def _process_pool(sandbox: str) -> Generator[_NodeCall]:
    # spawn: a worker starts from nothing, so what it sees came by the envelope (a forked one
    # would inherit the caller's context stack and prove nothing). One pool per worker: a
    # pool of several gives a task to whichever worker is idle, here always the same one.
    import concurrent.futures  # only for this engine: ~10 ms that other commands do not pay
    import multiprocessing

    spawn = multiprocessing.get_context("spawn")
    with contextlib.ExitStack() as stack:
        pools = [
            stack.enter_context(
                concurrent.futures.ProcessPoolExecutor(
                    1, mp_context=spawn, initializer=_worker_sandbox, initargs=(sandbox,)
                )
            )
            for _ in range(_WORKERS)
        ]
        started = [pool.submit(_started) for pool in pools]
        for pid in started:
            pid.result(_RESULT_TIMEOUT)
        turn = itertools.count()

        def call(node_id: str, upstream_ids: tuple[str, ...], upstream: bytes) -> NodeRun:
            bound = FlyteContextManager.bind_portable(run_node)
            pool = pools[next(turn) % _WORKERS]
            return pool.submit(bound, node_id, upstream_ids, upstream).result(_RESULT_TIMEOUT)

        yield call


@contextmanager
def _dask(sandbox: str) -> Generator[_NodeCall]:
    from distributed import Client, LocalCluster

    from ctxcore.integrations import dask as ctx_dask

    with (
        LocalCluster(
            n_workers=_WORKERS,
            processes=True,
            threads_per_worker=1,
            host="127.0.0.1",
            dashboard_address=None,
            worker_dashboard_address=None,
            # Without a dashboard the scheduler still serves its health routes, by default on
            # port 8787, with a warning when that is taken: any free port of loopback instead.
            scheduler_kwargs={"dashboard_address": "127.0.0.1:0"},
            env={"FLYTE_SDK_LOCAL_SANDBOX": sandbox},
        ) as cluster,
        Client(cluster) as client,
    ):
        client.wait_for_workers(_WORKERS, timeout=_RESULT_TIMEOUT)
        addresses = sorted(client.run(_started))
        turn = itertools.count()

        def call(node_id: str, upstream_ids: tuple[str, ...], upstream: bytes) -> NodeRun:
            address = addresses[next(turn) % len(addresses)]
            future = ctx_dask.submit(
                client, run_node, node_id, upstream_ids, upstream, workers=[address]
            )
            return future.result(_RESULT_TIMEOUT)

        yield call


class NodeRunner:
    """A Ray actor that runs nodes (``run_node``): one worker process of its own."""

    def __init__(self) -> None:
        self._worker = Worker(os.getpid(), socket.gethostname())

    def worker(self) -> Worker:
        """The process this actor runs in (asked once, to wait until it runs)."""
        return self._worker

    def run(self, node_id: str, upstream_ids: tuple[str, ...], upstream: bytes) -> NodeRun:
        """``run_node``, in this actor's process."""
        return run_node(node_id, upstream_ids, upstream)


@contextmanager
def _ray(sandbox: str) -> Generator[_NodeCall]:
    import ray  # check_engine set the environment Ray needs before its first import

    from ctxcore.integrations import ray as ctx_ray

    ray.init(
        num_cpus=_WORKERS,
        include_dashboard=False,
        log_to_driver=False,
        runtime_env={"env_vars": {"FLYTE_SDK_LOCAL_SANDBOX": sandbox}},
    )
    try:
        # Actors, not tasks: Ray gives tasks to whichever worker is idle, an actor is a process.
        runners = [ctx_ray.actor(NodeRunner).remote() for _ in range(_WORKERS)]
        ray.get([runner.worker.remote() for runner in runners], timeout=_RESULT_TIMEOUT)
        turn = itertools.count()

        def call(node_id: str, upstream_ids: tuple[str, ...], upstream: bytes) -> NodeRun:
            runner = runners[next(turn) % _WORKERS]
            ref = runner.run.remote(node_id, upstream_ids, upstream)
            return cast("NodeRun", ray.get(ref, timeout=_RESULT_TIMEOUT))

        yield call
    finally:
        ray.shutdown()


@contextmanager
def _local(sandbox: str) -> Generator[_NodeCall]:
    del sandbox  # the nodes run here, in the caller's own context
    yield run_node


_INTEGRATIONS: Final[Mapping[Engine, str]] = {
    "dask": "ctxcore.integrations.dask",
    "ray": "ctxcore.integrations.ray",
}


def check_engine(engine: Engine) -> None:
    """Import ``engine``'s integration now, so that a missing extra is a ``MissingExtraError``
    before anything is written or started."""
    if engine == "ray":
        # Before ray is first imported: Ray's own traffic on loopback, not the machine's address.
        os.environ.setdefault("RAY_ENABLE_WINDOWS_OR_OSX_CLUSTER", "0")
    if engine in _INTEGRATIONS:
        importlib.import_module(_INTEGRATIONS[engine])


_EngineStart = Callable[[str], contextlib.AbstractContextManager[_NodeCall]]

_ENGINE_STARTS: Final[Mapping[Engine, _EngineStart]] = {
    "local": _local,
    "processes": _process_pool,
    "dask": _dask,
    "ray": _ray,
}
"""Each engine, started with its workers' sandbox (their own roots go there) and stopped on
leaving: a function that runs a node on it and waits for the result."""


def _steps(entries: tuple[TimelineEntry, ...]) -> tuple[Step, ...]:
    """The timed steps in ms, each starting from the first one's start (there is one for each
    node, so there are some)."""
    origin = min(entry.start for entry in entries)
    return tuple(
        Step(e.name, (e.start - origin).total_seconds() * 1000, e.wall_time * 1000) for e in entries
    )


def demo(
    output_dir: str,
    out: TextIO,
    *,
    engine: Engine = "local",
    env: Mapping[str, str] | None = None,
) -> DemoResult:
    """Run the demo workflow on ``engine`` with everything under ``output_dir``."""
    check_engine(engine)
    progress = _Progress(out, 6 if engine == "local" else 8)
    environment = dict(process_environment() if env is None else env)
    environment.setdefault("_FSEC_DEMO_TOKEN", "demo-token-from-the-environment")
    environment["FLYTE_SDK_LOCAL_SANDBOX"] = output_dir
    stats = RecordingStats()

    with progress.stage("building the root context"):
        file_access = local_file_access_provider(env=environment)
        root = default_root_context(env=environment, file_access=file_access)
        base_params = root.user_space_params
        assert base_params is not None
        run_id = WorkflowExecutionIdentifier("ctxcore", "demo", f"run-{uuid.uuid4().hex[:10]}")
        params = (
            base_params.builder()
            .with_params(stats=stats, secrets=SecretsManager(env=environment), execution_id=run_id)
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
    caller = root.with_execution_state(execution).with_custom_context(
        {"demo": "ctxcore", "engine": engine}
    )
    outputs: list[tuple[str, str]] = []
    runs: list[NodeRun] = []
    with FlyteContextManager.with_context(caller) as running:
        expected = _view(FlyteContextManager.envelope())
        access = running.file_access
        assert isinstance(access, FileAccessProvider)
        with contextlib.ExitStack() as engine_up:
            starting = (
                contextlib.nullcontext()
                if engine == "local"
                else progress.stage(f"starting the {engine} engine ({_WORKERS} workers)")
            )
            with starting:
                sandbox = os.path.join(output_dir, "workers")
                call = engine_up.enter_context(_ENGINE_STARTS[engine](sandbox))
            where_run = "locally" if engine == "local" else f"on {engine}"
            with progress.stage(f"running {len(nodes)} nodes {where_run}"):
                data = b""
                for node in nodes:
                    upstream = tuple(u.id for u in node.upstream_nodes)
                    with timeit(f"node {node.id}"):
                        run = call(node.id, upstream, data)
                    params.stats.incr("demo.nodes", tags={"node": node.id})
                    params.stats.gauge("demo.input_bytes", len(data))
                    data = run.output
                    runs.append(run)
                    outputs.append((node.id, run.written))
            if engine != "local":
                with progress.stage(f"stopping the {engine} engine"):
                    engine_up.close()

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

    with progress.stage("writing the report"):
        entries = params.timeline_deck.entries
        steps = _steps(entries)
        by_name = {step.name: step for step in steps}
        rows = tuple(
            NodeRow(
                name=node.id,
                worker=run.worker,
                seen=run.seen,
                start_ms=by_name[f"node {node.id}"].start_ms,
                duration_ms=by_name[f"node {node.id}"].duration_ms,
                worker_ms=run.worker_ms,
            )
            for node, run in zip(nodes, runs, strict=True)
        )
        counters = stats.counters()
        facts = (
            *((f"output of {node_id}", where) for node_id, where in outputs),
            ("checkpoint", f"{checkpoint_dir} (saved, then restored by a retry)"),
            ("secret demo.token", f"read from the environment ({len(secret)} chars)"),
            ("stats", ", ".join(f"{k}={v:g}" for k, v in sorted(counters.items()))),
        )
        report = os.path.join(output_dir, "report.html")
        page = DemoReport(
            engine=engine,
            caller=Worker(os.getpid(), socket.gethostname()),
            context=expected,
            nodes=rows,
            steps=steps,
            facts=facts,
        )
        Path(report).write_text(render_report(page), encoding="utf-8")

    return DemoResult(
        output_dir=output_dir,
        outputs=tuple(outputs),
        checkpoint=checkpoint_dir,
        report=report,
        counters=counters,
        timeline=tuple((e.name, e.wall_time) for e in entries),
        secret_length=len(secret),
        nodes=rows,
        caller=expected,
    )


def _mark(same: bool) -> str:
    return "same" if same else "DIFFERS"


def run_demo(out: TextIO, *, output: str | None = None, engine: Engine = "local") -> int:
    """The ``demo`` command: run, then print a readable summary with the paths written."""
    check_engine(engine)
    output_dir = os.path.abspath(output) if output else tempfile.mkdtemp(prefix="ctxcore-demo-")
    os.makedirs(output_dir, exist_ok=True)
    result = demo(output_dir, out, engine=engine)
    where = "locally" if engine == "local" else f"on {engine}"
    out.write(f"\nctxcore demo: a four-node workflow, compiled and run {where}\n")
    out.write(f"  output directory  {result.output_dir}\n")
    for node_id, written in result.outputs:
        out.write(f"  output of {node_id:<13} {written}\n")
    for node in result.nodes:
        fields = zip(node.seen.fields(), result.caller.fields(), strict=True)
        seen = ", ".join(
            f"{title} {_mark(mine == theirs)}" for (title, mine), (_, theirs) in fields
        )
        out.write(f"  node {node.name:<18} {node.worker.label()}: {seen}\n")
    out.write(f"  checkpoint        {result.checkpoint} (saved, then restored by a retry)\n")
    out.write(f"  secret demo.token read from the environment ({result.secret_length} chars)\n")
    counters = ", ".join(f"{name}={value:g}" for name, value in sorted(result.counters.items()))
    out.write(f"  stats             {counters}\n")
    out.write(f"  timeline          {len(result.timeline)} timed steps\n")
    for name, seconds in result.timeline:
        out.write(f"    {name:<50} {seconds * 1000:8.2f} ms\n")
    out.write(f"  report            {result.report}\n")
    return 0
