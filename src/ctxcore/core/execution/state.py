"""Execution state: the mode a workflow runs in and the branch being evaluated."""

from __future__ import annotations

import enum
import posixpath
from typing import TYPE_CHECKING

import attrs

from ctxcore.core._records import from_fields, generated_init
from ctxcore.core._repr import fields_repr

if TYPE_CHECKING:
    from ctxcore.core.execution.parameters import ExecutionParameters

__all__ = [
    "BranchEvalMode",
    "ExecutionMode",
    "ExecutionState",
]


class BranchEvalMode(enum.Enum):
    """Whether the branch of a conditional being evaluated is taken. ``None`` means no branch."""

    BRANCH_ACTIVE = "branch active"
    BRANCH_SKIPPED = "branch skipped"


@attrs.frozen(init=False, slots=False)
class ExecutionState:
    """Where and how the current execution runs.

    Unlike the reference, constructing one creates nothing on disk, and ``take_branch`` /
    ``branch_complete`` return new states instead of changing a shared one.
    """

    __repr__ = fields_repr

    class Mode(enum.Enum):
        """How the current code is being executed (also exported as ``ExecutionMode``)."""

        TASK_EXECUTION = 1
        LOCAL_WORKFLOW_EXECUTION = 2
        LOCAL_TASK_EXECUTION = 3
        DYNAMIC_TASK_EXECUTION = 4
        EAGER_EXECUTION = 5
        EAGER_LOCAL_EXECUTION = 6
        LOCAL_DYNAMIC_TASK_EXECUTION = 7

    working_dir: str
    mode: ExecutionState.Mode | None
    engine_dir: str
    branch_eval_mode: BranchEvalMode | None
    user_space_params: ExecutionParameters | None

    def __init__(
        self,
        working_dir: str,
        mode: ExecutionState.Mode | None = None,
        engine_dir: str | None = None,
        branch_eval_mode: BranchEvalMode | None = None,
        user_space_params: ExecutionParameters | None = None,
    ) -> None:
        """As in the reference, an empty ``working_dir`` is an error and a missing (or empty)
        ``engine_dir`` is ``<working_dir>/engine_dir``."""
        if not working_dir:
            raise ValueError("Working directory is needed")
        _init_state(
            self,
            working_dir,
            mode,
            engine_dir or posixpath.join(working_dir, "engine_dir"),
            branch_eval_mode,
            user_space_params,
        )

    def with_params(
        self,
        working_dir: str | None = None,
        mode: ExecutionState.Mode | None = None,
        engine_dir: str | None = None,
        branch_eval_mode: BranchEvalMode | None = None,
        user_space_params: ExecutionParameters | None = None,
    ) -> ExecutionState:
        """A new state in which each given (non-``None``) value replaces the current one.

        The engine directory is inherited, not re-derived from a new working directory, as in
        the reference.
        """
        # The field dict copied and changed where given, not a new __init__ call: this is a hot
        # path (BENCHMARKS W4), twice as fast. The checks are __init__'s.
        fields = self.__dict__.copy()
        if working_dir is not None:
            if not working_dir:
                raise ValueError("Working directory is needed")
            fields["working_dir"] = working_dir
        if mode is not None:
            fields["mode"] = mode
        if engine_dir is not None:
            fields["engine_dir"] = engine_dir or posixpath.join(fields["working_dir"], "engine_dir")
        if branch_eval_mode is not None:
            fields["branch_eval_mode"] = branch_eval_mode
        if user_space_params is not None:
            fields["user_space_params"] = user_space_params
        return from_fields(ExecutionState, fields)

    def take_branch(self) -> ExecutionState:
        """A new state that evaluates the current branch."""
        return attrs.evolve(self, branch_eval_mode=BranchEvalMode.BRANCH_ACTIVE)

    def branch_complete(self) -> ExecutionState:
        """A new state that skips the remaining branches."""
        return attrs.evolve(self, branch_eval_mode=BranchEvalMode.BRANCH_SKIPPED)

    def is_local_execution(self) -> bool:
        """True exactly for the four ``*LOCAL*`` modes."""
        return self.mode in _LOCAL_MODES


_init_state = generated_init(ExecutionState)  # on the hot path of with_params


ExecutionMode = ExecutionState.Mode
"""The execution modes (``ExecutionState.Mode``), by their own name."""

_LOCAL_MODES = frozenset(
    {
        ExecutionMode.LOCAL_TASK_EXECUTION,
        ExecutionMode.LOCAL_WORKFLOW_EXECUTION,
        ExecutionMode.EAGER_LOCAL_EXECUTION,
        ExecutionMode.LOCAL_DYNAMIC_TASK_EXECUTION,
    }
)
