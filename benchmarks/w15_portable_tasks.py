"""W15: 1,000 trivial tasks through ``FlyteContextManager.bind_portable`` (on a process pool) and
through ``ctxcore.integrations.dask.map`` (on a Dask ``LocalCluster`` of two worker processes),
against the same 1,000 tasks of the bare function: the overhead of carrying the context.

Both engines are started and warmed up (workers up, ``ctxcore`` imported and the worker's root
built) before timing; bare and bound batches run in pairs, in alternating order, and the
overhead is the median of the pairs' ratios (``_paired``). The target is an overhead of at most
10 %. The caller's context is a task execution with a custom
context and a trace context, so every task carries a full envelope.
"""

from __future__ import annotations

import concurrent.futures
import multiprocessing
import os
import statistics
import time
from collections.abc import Callable

from ctxcore import FlyteContextManager, TraceContext

WORKLOAD = "W15"
_TASKS = 1_000
_TARGET_OVERHEAD = 0.10
_TRACEPARENT = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01"


def trivial(x: int) -> int:
    """The task: as little work as there can be, so that only the carrying shows."""
    return x + 1


def _paired(
    bare: Callable[[], object], bound: Callable[[], object], repeat: int
) -> dict[str, float | bool]:
    """Bare and bound batches in pairs, the order swapped every pair (neither side always runs
    on a warmer or a quieter machine); the overhead is the median of the pairs' ratios, which a
    burst of load on a shared machine moves far less than a ratio of two separate medians."""
    bare_runs: list[float] = []
    bound_runs: list[float] = []
    ratios: list[float] = []
    for pair in range(repeat):
        sides = ((bare, bare_runs), (bound, bound_runs))
        for fn, runs in sides if pair % 2 == 0 else sides[::-1]:
            start = time.perf_counter()
            fn()
            runs.append(time.perf_counter() - start)
        ratios.append(bound_runs[-1] / bare_runs[-1])
    overhead = statistics.median(ratios) - 1
    return {
        "bare_ms": round(statistics.median(bare_runs) * 1e3, 1),
        "bound_ms": round(statistics.median(bound_runs) * 1e3, 1),
        "overhead": round(overhead, 3),
        "target_met": overhead <= _TARGET_OVERHEAD,
    }


def _process_pool(repeat: int) -> dict[str, float | bool]:
    bound = FlyteContextManager.bind_portable(trivial)
    context = multiprocessing.get_context("forkserver")
    with concurrent.futures.ProcessPoolExecutor(2, mp_context=context) as pool:

        def run(fn: Callable[[int], int]) -> None:
            futures = [pool.submit(fn, i) for i in range(_TASKS)]
            assert [f.result() for f in futures] == [i + 1 for i in range(_TASKS)]

        run(bound)  # warm: workers started, ctxcore imported, roots built
        return _paired(lambda: run(trivial), lambda: run(bound), repeat)


def _dask(repeat: int) -> dict[str, float | bool]:
    from distributed import Client, LocalCluster

    import ctxcore.integrations.dask as ctxdask

    cluster = LocalCluster(
        n_workers=2,
        processes=True,
        threads_per_worker=1,
        host="127.0.0.1",
        dashboard_address=None,
        worker_dashboard_address=None,
    )
    with cluster, Client(cluster) as client:

        def bare() -> None:
            results = client.gather(client.map(trivial, range(_TASKS), pure=False))
            assert results == [i + 1 for i in range(_TASKS)]

        def bound() -> None:
            results = client.gather(ctxdask.map(client, trivial, range(_TASKS), pure=False))
            assert results == [i + 1 for i in range(_TASKS)]

        bound()  # warm
        bare()
        return _paired(bare, bound, repeat)


def run() -> dict[str, object]:
    os.environ.setdefault("PYTHONPATH", os.getcwd())  # workers import this module by name
    caller = (
        FlyteContextManager.current_context()
        .with_custom_context({"team": "ml", "run": "r1"})
        .with_trace_context(TraceContext(_TRACEPARENT))
    )
    with FlyteContextManager.with_context(caller):
        return {
            "tasks": _TASKS,
            "target_overhead": _TARGET_OVERHEAD,
            "process_pool": _process_pool(repeat=15),
            "dask_local_cluster": _dask(repeat=7),
        }
