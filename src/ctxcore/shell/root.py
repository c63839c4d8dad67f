"""The default root context: a local sandbox, built on first use of the context stack."""

from __future__ import annotations

import os
import sys
import threading
from collections.abc import Mapping
from typing import TYPE_CHECKING

from ctxcore.core.config.records import Config
from ctxcore.core.context import FlyteContext
from ctxcore.core.execution.parameters import ExecutionParameters
from ctxcore.core.execution.state import ExecutionState
from ctxcore.core.identifiers import Identifier, ResourceType, WorkflowExecutionIdentifier
from ctxcore.core.ports import Clock, Entropy, FileSystems, TempDirs
from ctxcore.effects.clock import SystemClock
from ctxcore.effects.environment import process_environment
from ctxcore.effects.logs import user_space_logger
from ctxcore.effects.stats import NullStats
from ctxcore.effects.tempdirs import SystemTempDirs
from ctxcore.effects.timeline import MemoryTimeline
from ctxcore.shell.file_access import FileAccessProvider
from ctxcore.shell.secrets import SecretsManager

__all__ = [
    "default_local_file_access_provider",
    "default_root_context",
    "local_file_access_provider",
]

LOCAL_EXECUTION_ID = WorkflowExecutionIdentifier("local", "local", "local")
"""The execution id of the root context: ``ex:local:local:local``."""

LOCAL_TASK_ID = Identifier(ResourceType.TASK, "local", "local", "local", "local")
"""The task id of the root context: ``TASK:local:local:local:local``."""


def local_file_access_provider(
    *,
    env: Mapping[str, str] | None = None,
    filesystems: FileSystems | None = None,
    entropy: Entropy | None = None,
    clock: Clock | None = None,
    tempdirs: TempDirs | None = None,
) -> FileAccessProvider:
    """A provider in a new ``flyte-*`` temporary directory (``sandbox/`` and ``raw/``), or
    under ``FLYTE_SDK_LOCAL_SANDBOX`` / ``[sdk] local_sandbox`` when configured."""
    environment = process_environment() if env is None else env
    config = Config.auto(env=environment)
    base = config.local_sandbox_path or (tempdirs or SystemTempDirs()).make("flyte-")
    return FileAccessProvider(
        local_sandbox_dir=os.path.join(base, "sandbox"),
        raw_output_prefix=os.path.join(base, "raw"),
        data_config=config.data_config,
        filesystems=filesystems,
        entropy=entropy,
        clock=clock,
        env=environment,
    )


def default_root_context(
    *,
    env: Mapping[str, str] | None = None,
    clock: Clock | None = None,
    file_access: FileAccessProvider | None = None,
    filesystems: FileSystems | None = None,
    entropy: Entropy | None = None,
    tempdirs: TempDirs | None = None,
) -> FlyteContext:
    """The root context (level 1): local file access, an execution state without a mode,
    and user-space parameters with the ids ``ex:local:local:local`` and
    ``TASK:local:local:local:local``, a null stats client, a timeline and a secrets manager.

    Creates the ``user_space`` directory beside the sandbox. Without ``file_access`` (or
    effects to build one with) it uses the process's default local provider.
    """
    environment = process_environment() if env is None else env
    if file_access is not None:
        access = file_access
    elif env is None and filesystems is None and entropy is None and tempdirs is None:
        access = get_default_local_file_access_provider()
    else:
        access = local_file_access_provider(
            env=environment,
            filesystems=filesystems,
            entropy=entropy,
            clock=clock,
            tempdirs=tempdirs,
        )
    base = os.path.dirname(os.path.dirname(access.local_sandbox_dir))
    user_space = os.path.join(base, "user_space")
    os.makedirs(user_space, exist_ok=True)
    params = ExecutionParameters(
        execution_date=(clock or SystemClock()).now(),
        tmp_dir=user_space,
        stats=NullStats(),
        execution_id=LOCAL_EXECUTION_ID,
        logging=user_space_logger,
        raw_output_prefix=access.raw_output_prefix,
        task_id=LOCAL_TASK_ID,
        timeline=MemoryTimeline(),
        secrets=SecretsManager(env=environment),
    )
    sandbox = str(access.local_sandbox_dir)
    state = ExecutionState(
        working_dir=sandbox,
        engine_dir=os.path.join(sandbox, "engine_dir"),
        user_space_params=params,
    )
    return FlyteContext.Builder(file_access=access, execution_state=state).build()


class _LazyProvider:
    """The process's default local provider, built on first use (never at import)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._provider: FileAccessProvider | None = None

    def get(self) -> FileAccessProvider:
        with self._lock:
            if self._provider is None:
                self._provider = local_file_access_provider()
            return self._provider

    def after_fork_in_child(self) -> None:
        """A fresh lock for a forked child: the thread that held the parent's (building the
        default root, say) does not exist in the child."""
        self._lock = threading.Lock()


_default_provider = _LazyProvider()
if sys.platform != "win32":  # no fork there
    os.register_at_fork(after_in_child=_default_provider.after_fork_in_child)


def get_default_local_file_access_provider() -> FileAccessProvider:
    """The process's default local ``FileAccessProvider`` (built on first call)."""
    return _default_provider.get()


if TYPE_CHECKING:
    default_local_file_access_provider: FileAccessProvider
    """The reference's module-level provider; here built on first access, not at import."""
else:

    def __getattr__(name: str) -> object:
        if name == "default_local_file_access_provider":
            return _default_provider.get()
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
