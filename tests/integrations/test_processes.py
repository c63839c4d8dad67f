"""``bind_portable`` and ``enter`` across real process boundaries: process pools under fork,
spawn and forkserver, ``multiprocessing.Pool``, and a subprocess started with ``to_env()``.

Each worker runs ``tests.integrations.workers.seen`` in the caller's context re-established
there, and writes a raw output: it must land under the caller's raw-output prefix. A spawned
worker builds its own root under this module's sandbox (``FLYTE_SDK_LOCAL_SANDBOX``).
"""

from __future__ import annotations

import concurrent.futures
import json
import multiprocessing
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from ctxcore import (
    ContextEnvelope,
    DataConfig,
    FlyteContextManager,
    S3Config,
)
from tests.integrations.contexts import caller_root, check_seen
from tests.integrations.workers import seen

pytestmark = pytest.mark.slow

_ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("method", ["fork", "spawn", "forkserver"])
def test_a_process_pool_runs_the_bound_function_in_the_callers_context(
    method: str, tmp_path: Path, sandbox: Path
) -> None:
    del sandbox
    with FlyteContextManager.isolated(root=lambda: caller_root(tmp_path)):
        envelope = FlyteContextManager.envelope()
        bound = FlyteContextManager.bind_portable(seen)
    context = multiprocessing.get_context(method)
    with concurrent.futures.ProcessPoolExecutor(1, mp_context=context) as pool:
        result = pool.submit(bound, b"hello").result(timeout=60)
    check_seen(result, tmp_path / "raw", envelope.traceparent)


def test_a_multiprocessing_pool_runs_the_bound_function_in_the_callers_context(
    tmp_path: Path, sandbox: Path
) -> None:
    del sandbox
    with FlyteContextManager.isolated(root=lambda: caller_root(tmp_path)):
        envelope = FlyteContextManager.envelope()
        bound = FlyteContextManager.bind_portable(seen)
    with multiprocessing.get_context("spawn").Pool(1) as pool:
        results = pool.map(bound, [b"hello", b"hello"])
    for result in results:
        check_seen(result, tmp_path / "raw", envelope.traceparent)


_CHILD = """
import json, os
from ctxcore import ContextEnvelope, FlyteContextManager
from tests.integrations.workers import seen

envelope = ContextEnvelope.from_env(os.environ)
assert envelope is not None
with FlyteContextManager.enter(envelope):
    try:
        print(json.dumps(seen(b"hello")))
    except Exception as error:
        cause = error.__cause__
        print(json.dumps({"error": type(error).__name__, "cause": type(cause).__name__,
                          "message": str(error)}))
"""


def _run_child(envelope: ContextEnvelope, sandbox: Path) -> dict[str, object]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("FLYTE", "_FSEC", "AWS_"))}
    env.update(envelope.to_env())
    env["FLYTE_SDK_LOCAL_SANDBOX"] = str(sandbox)
    env["PYTHONPATH"] = str(_ROOT)
    done = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(_CHILD)],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        cwd=_ROOT,
    )
    assert done.returncode == 0, done.stderr
    result: dict[str, object] = json.loads(done.stdout)
    return result


def test_a_subprocess_started_with_to_env_rebuilds_the_context(
    tmp_path: Path, sandbox: Path
) -> None:
    with FlyteContextManager.isolated(root=lambda: caller_root(tmp_path)):
        envelope = FlyteContextManager.envelope()
    check_seen(_run_child(envelope, sandbox), tmp_path / "raw", envelope.traceparent)


def test_a_subprocess_without_the_stores_credentials_gets_a_typed_error(
    tmp_path: Path, sandbox: Path
) -> None:
    config = DataConfig(
        s3=S3Config(
            endpoint="http://127.0.0.1:9", access_key_id="caller-id", secret_access_key="k3y"
        )
    )
    with FlyteContextManager.isolated(
        root=lambda: caller_root(tmp_path, config, raw="s3://bucket/raw")
    ):
        envelope = FlyteContextManager.envelope()
    assert "k3y" not in json.dumps(envelope.to_env())
    result = _run_child(envelope, sandbox)
    assert result["error"] == "UploadDataError", result
    assert result["cause"] == "MissingCredentialsError", result
    assert "s3.secret_access_key" in str(result["message"])
