"""``ctxcore.integrations.dask``: tasks run in the submitter's context as it was at submission.

On an in-process cluster (``processes=False``) a plain ``client.submit`` runs on the worker
thread's own stack, not the submitter's (the stale-context bug); through the integration each
task sees the submitter's context of the moment it was submitted. On a cluster of worker
processes the same holds, each worker building its own root (``sandbox``).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from ctxcore import (
    FileAccessProvider,
    FlyteContext,
    FlyteContextManager,
    TraceContext,
    default_root_context,
)
from tests.integrations.contexts import (
    CUSTOM_CONTEXT,
    EXECUTION_ID,
    TRACEPARENT,
    caller_root,
    check_seen,
)
from tests.integrations.workers import seen

if TYPE_CHECKING:
    from distributed import Client, LocalCluster

# distributed is imported by the tests that use it, not when pytest collects this module:
# importing it installs tblib's pickling of every exception class in the process, under which
# pickling some of ctxcore's errors recurses without end (tests/core/config/test_file.py).


def _plain_root(base: Path) -> FlyteContext:
    """The process's root (the local execution, no custom context, no trace), writing raw
    outputs under ``base / "plain-raw"``: what a worker thread's own stack has."""
    access = FileAccessProvider(str(base / "plain"), str(base / "plain-raw"), env={})
    return default_root_context(file_access=access, env={})


def _caller(base: Path) -> FlyteContext.Builder:
    return caller_root(base).new_builder().with_trace_context(TraceContext(TRACEPARENT))


def _cluster(*, processes: bool, n_workers: int) -> LocalCluster:
    """Worker processes talk over TCP on loopback; an in-process cluster over ``inproc://``."""
    from distributed import LocalCluster

    return LocalCluster(
        n_workers=n_workers,
        processes=processes,
        threads_per_worker=1,
        host="127.0.0.1" if processes else None,
        dashboard_address=None,
        worker_dashboard_address=None,
        # The scheduler serves its health routes even without a dashboard, on 8787 unless
        # told, warning (an error under filterwarnings) when another process holds that port.
        scheduler_kwargs={"dashboard_address": "127.0.0.1:0"},
    )


@pytest.fixture
def in_process(tmp_path: Path) -> Iterator[Client]:
    from distributed import Client

    with (
        FlyteContextManager.isolated(root=lambda: _plain_root(tmp_path)),
        _cluster(processes=False, n_workers=1) as cluster,
        Client(cluster) as client,
    ):
        yield client


def test_a_plain_submit_in_process_does_not_see_the_submitters_context(
    in_process: Client, tmp_path: Path
) -> None:
    with FlyteContextManager.with_context(_caller(tmp_path)):
        result = in_process.submit(seen, b"hello", pure=False).result(timeout=30)
    assert result["execution_id"] == "ex:local:local:local" != EXECUTION_ID
    assert result["custom_context"] == {}
    assert result["traceparent"] is None
    assert Path(str(result["written"])).is_relative_to(tmp_path / "plain-raw")


def test_submit_in_process_sees_the_submitters_context_at_submission(
    in_process: Client, tmp_path: Path
) -> None:
    import ctxcore.integrations.dask as ctxdask

    with FlyteContextManager.with_context(_caller(tmp_path)) as caller:
        first = ctxdask.submit(in_process, seen, b"hello")
        with FlyteContextManager.with_context(caller.with_custom_context({"run": "r2"})):
            second = ctxdask.submit(in_process, seen, b"hello")
        again = ctxdask.submit(in_process, seen, b"hello")  # the same call: the same task
    assert first.key != second.key
    assert first.key == again.key
    assert first.key.startswith("seen-")
    raw = tmp_path / "raw"
    check_seen(first.result(timeout=30), raw, TRACEPARENT, same_process=True)
    changed = {**CUSTOM_CONTEXT, "run": "r2"}
    check_seen(second.result(30), raw, TRACEPARENT, custom_context=changed, same_process=True)


def test_map_in_process_sees_the_submitters_context(in_process: Client, tmp_path: Path) -> None:
    import ctxcore.integrations.dask as ctxdask

    with FlyteContextManager.with_context(_caller(tmp_path)):
        futures = ctxdask.map(in_process, seen, [b"hello", b"hello"], pure=False)
    assert all(future.key.startswith("seen-") for future in futures)
    for result in in_process.gather(futures):
        check_seen(result, tmp_path / "raw", TRACEPARENT, same_process=True)


def test_actors_are_refused(in_process: Client) -> None:
    import ctxcore.integrations.dask as ctxdask

    with pytest.raises(ValueError, match="does not bind actors"):
        ctxdask.submit(in_process, dict, actor=True)


@pytest.mark.slow
def test_worker_processes_run_each_task_in_the_submitters_context(
    tmp_path: Path, sandbox: Path
) -> None:
    del sandbox
    from distributed import Client

    import ctxcore.integrations.dask as ctxdask

    with (
        _cluster(processes=True, n_workers=2) as cluster,
        Client(cluster) as client,
        FlyteContextManager.isolated(root=lambda: _plain_root(tmp_path)),
        FlyteContextManager.with_context(_caller(tmp_path)),
    ):
        futures = ctxdask.map(client, seen, [b"hello"] * 4, pure=False)
        single = ctxdask.submit(client, seen, b"hello")
        results = [*client.gather(futures), single.result(timeout=60)]
    for result in results:
        check_seen(result, tmp_path / "raw", TRACEPARENT)
    assert len({result["pid"] for result in results} - {os.getpid()}) >= 1
