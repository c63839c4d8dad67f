"""The default root context: a local sandbox in a new temporary directory."""

from __future__ import annotations

import os
import tempfile

from ctxcore.core.context import FlyteContext
from ctxcore.core.execution import ExecutionState
from ctxcore.core.execution_parameters import ExecutionParameters
from ctxcore.core.identifiers import Identifier, ResourceType, WorkflowExecutionIdentifier
from ctxcore.effects.clock import Clock, SystemClock
from ctxcore.effects.logs import user_space_logger
from ctxcore.effects.stats import NullStats
from ctxcore.shell.file_access import FileAccessProvider

LOCAL_EXECUTION_ID = WorkflowExecutionIdentifier("local", "local", "local")
"""The execution id of the root context: ``ex:local:local:local``."""

LOCAL_TASK_ID = Identifier(ResourceType.TASK, "local", "local", "local", "local")
"""The task id of the root context: ``TASK:local:local:local:local``."""


def default_root_context(*, clock: Clock | None = None) -> FlyteContext:
    """Build the root context (level 1) in a new ``flyte-*`` temporary directory.

    Called on first use of the context stack, never at import.
    """
    base = tempfile.mkdtemp(prefix="flyte-")
    file_access = FileAccessProvider(
        local_sandbox_dir=os.path.join(base, "sandbox"),
        raw_output_prefix=os.path.join(base, "raw"),
    )
    user_space = os.path.join(base, "user_space")
    os.makedirs(user_space, exist_ok=True)
    params = ExecutionParameters(
        execution_date=(clock or SystemClock()).now(),
        tmp_dir=user_space,
        stats=NullStats(),
        execution_id=LOCAL_EXECUTION_ID,
        logging=user_space_logger,
        raw_output_prefix=file_access.raw_output_prefix,
        task_id=LOCAL_TASK_ID,
    )
    sandbox = str(file_access.local_sandbox_dir)
    state = ExecutionState(
        working_dir=sandbox,
        engine_dir=os.path.join(sandbox, "engine_dir"),
        user_space_params=params,
    )
    return FlyteContext.Builder(file_access=file_access, execution_state=state).build()
