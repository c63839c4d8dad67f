"""Fixtures of the hand-off tests across processes and engines."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

_ROOT = Path(__file__).resolve().parents[2]

# Before ray is first imported: keep Ray's own traffic on loopback (shared/TOOLING-NOTES.md).
os.environ.setdefault("RAY_ENABLE_WINDOWS_OR_OSX_CLUSTER", "0")


@pytest.fixture(scope="module")
def sandbox(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """Where workers that build their own root put it, set for every child process; and the
    checkout on ``PYTHONPATH``, so that workers import ``tests.integrations.workers`` by name."""
    where = tmp_path_factory.mktemp("worker-sandbox")
    saved = {name: os.environ.get(name) for name in ("FLYTE_SDK_LOCAL_SANDBOX", "PYTHONPATH")}
    os.environ["FLYTE_SDK_LOCAL_SANDBOX"] = str(where)
    os.environ["PYTHONPATH"] = os.pathsep.join(filter(None, [str(_ROOT), saved["PYTHONPATH"]]))
    yield where
    for name, value in saved.items():
        if value is None:
            del os.environ[name]
        else:
            os.environ[name] = value
