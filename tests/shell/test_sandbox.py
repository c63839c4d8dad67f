"""Task sandboxes (``ctxcore.shell.sandbox``, reached through
``ExecutionParameters.with_task_sandbox``): a fresh child working directory on the disk, with a
checkpoint. The rest of ``ExecutionParameters`` is in ``tests/core/execution/``."""

from __future__ import annotations

import datetime
import logging
import os
from pathlib import Path

from ctxcore.core.execution.parameters import ExecutionParameters
from ctxcore.core.identifiers import WorkflowExecutionIdentifier
from ctxcore.effects.stats import NullStats
from ctxcore.shell.checkpoint import SyncCheckpoint
from ctxcore.testing.fakes import CounterEntropy

_DATE = datetime.datetime(2026, 11, 26, tzinfo=datetime.timezone.utc)


def _params(tmp_dir: str) -> ExecutionParameters:
    execution_id = WorkflowExecutionIdentifier("p", "d", "n")
    user_space = logging.getLogger("user_space")
    return ExecutionParameters(_DATE, tmp_dir, NullStats(), execution_id, user_space, "s3://b/raw/")


def test_with_task_sandbox_makes_a_child_directory_with_a_checkpoint(tmp_path: Path) -> None:
    params = _params(str(tmp_path))
    sandboxed = params.with_task_sandbox().build()
    directory = Path(sandboxed.working_directory)
    assert directory.parent == tmp_path
    assert (directory / "__cp").is_dir()
    checkpoint = sandboxed.checkpoint
    assert isinstance(checkpoint, SyncCheckpoint)
    assert checkpoint.checkpoint_dest == os.path.join(directory, "__cp")
    assert params.working_directory == str(tmp_path)


def test_the_sandbox_name_comes_from_the_injected_entropy(tmp_path: Path) -> None:
    sandboxed = _params(str(tmp_path)).with_task_sandbox(entropy=CounterEntropy()).build()
    assert sandboxed.working_directory == str(tmp_path / f"{1:032x}")
