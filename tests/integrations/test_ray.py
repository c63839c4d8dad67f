"""``ctxcore.integrations.ray``: remote functions and actor methods run in the caller's context
of each ``.remote(...)`` call, in Ray's worker processes (each with its own root, ``sandbox``).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
import ray

import ctxcore.integrations.ray as ctxray
from ctxcore import FlyteContext, FlyteContextManager, TraceContext
from tests.integrations.contexts import (
    CUSTOM_CONTEXT,
    EXECUTION_ID,
    TRACEPARENT,
    caller_root,
    check_seen,
)
from tests.integrations.workers import Recorder, Stateless, seen

pytestmark = pytest.mark.slow

_ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def ray_session(sandbox: Path) -> Iterator[None]:
    env = {"FLYTE_SDK_LOCAL_SANDBOX": str(sandbox), "PYTHONPATH": str(_ROOT)}
    ray.init(
        num_cpus=2,
        include_dashboard=False,
        log_to_driver=False,
        runtime_env={"env_vars": env},
    )
    try:
        yield
    finally:
        ray.shutdown()


def _caller(base: Path) -> FlyteContext.Builder:
    return caller_root(base).new_builder().with_trace_context(TraceContext(TRACEPARENT))


def test_a_plain_remote_function_runs_in_the_workers_own_context(ray_session: None) -> None:
    del ray_session
    plain = ray.remote(seen)
    ref: ray.ObjectRef[dict[str, object]] = plain.remote()
    result = ray.get(ref, timeout=60)
    assert result["execution_id"] == "ex:local:local:local" != EXECUTION_ID
    assert result["custom_context"] == {}


def test_a_remote_function_runs_in_the_callers_context_of_each_call(
    ray_session: None, tmp_path: Path
) -> None:
    del ray_session
    remote_seen = ctxray.remote(seen)
    with_options = ctxray.remote(num_cpus=1)(seen).options(max_retries=0)
    with (
        FlyteContextManager.isolated(root=lambda: caller_root(tmp_path)),
        FlyteContextManager.with_context(_caller(tmp_path)) as caller,
    ):
        first = remote_seen.remote(b"hello")
        with FlyteContextManager.with_context(caller.with_custom_context({"run": "r2"})):
            second = with_options.remote(b"hello")
    raw = tmp_path / "raw"
    check_seen(ray.get(first, timeout=60), raw, TRACEPARENT)
    changed = {**CUSTOM_CONTEXT, "run": "r2"}
    check_seen(ray.get(second, timeout=60), raw, TRACEPARENT, custom_context=changed)


def test_an_actor_is_built_and_called_in_the_callers_context_of_each_call(
    ray_session: None, tmp_path: Path
) -> None:
    del ray_session
    recorder = ctxray.actor(num_cpus=0)(Recorder)
    with (
        FlyteContextManager.isolated(root=lambda: caller_root(tmp_path)),
        FlyteContextManager.with_context(_caller(tmp_path)) as caller,
    ):
        handle = recorder.remote()
        constructed = handle.constructed_in.remote()
        with FlyteContextManager.with_context(caller.with_custom_context({"run": "r3"})):
            called = handle.seen.remote(b"hello")
    built: dict[str, object] = ray.get(constructed, timeout=60)
    assert built["execution_id"] == EXECUTION_ID
    assert built["custom_context"] == CUSTOM_CONTEXT
    assert built["pid"] != os.getpid()
    check_seen(
        ray.get(called, timeout=60),
        tmp_path / "raw",
        TRACEPARENT,
        custom_context={**CUSTOM_CONTEXT, "run": "r3"},
    )


def test_an_actor_without_an_init_of_its_own_is_built_and_called_in_context(
    ray_session: None, tmp_path: Path
) -> None:
    del ray_session
    stateless = ctxray.actor(num_cpus=0)(Stateless)
    with (
        FlyteContextManager.isolated(root=lambda: caller_root(tmp_path)),
        FlyteContextManager.with_context(_caller(tmp_path)),
    ):
        called = stateless.remote().seen.remote(b"hello")
    check_seen(ray.get(called, timeout=60), tmp_path / "raw", TRACEPARENT)


def test_a_class_is_refused_by_remote() -> None:
    with pytest.raises(TypeError, match="use actor"):
        ctxray.remote(Recorder)
