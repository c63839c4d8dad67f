"""Task sandboxes: a fresh working directory (with a checkpoint) per task execution."""

from __future__ import annotations

import os

from ctxcore.core.execution.parameters import ExecutionParameters
from ctxcore.core.ports import Entropy
from ctxcore.effects.entropy import OsEntropy
from ctxcore.shell.checkpoint import SyncCheckpoint


def task_sandbox(
    params: ExecutionParameters, *, entropy: Entropy | None = None
) -> ExecutionParameters.Builder:
    """A builder from ``params`` whose working directory is ``<working dir>/<random>`` (a
    child, where the reference made a sibling) holding ``__cp`` for the checkpoint."""
    directory = os.path.join(params.working_directory, (entropy or OsEntropy()).random_hex())
    checkpoint_dir = os.path.join(directory, "__cp")
    os.makedirs(checkpoint_dir)
    return params.builder().with_params(
        working_dir=directory, checkpoint=SyncCheckpoint(checkpoint_dest=checkpoint_dir)
    )
