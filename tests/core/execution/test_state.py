"""ExecutionState and its modes: the reference's values (§7) and pure transitions."""

from __future__ import annotations

import copy

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from ctxcore import BranchEvalMode, ExecutionMode, ExecutionState
from ctxcore.core.execution.parameters import ExecutionParameters
from ctxcore.testing.strategies.execution import (
    branch_eval_modes,
    execution_modes,
    execution_parameters,
    execution_states,
)


def test_modes_have_the_reference_values() -> None:
    assert {m.name: m.value for m in ExecutionMode} == {
        "TASK_EXECUTION": 1,
        "LOCAL_WORKFLOW_EXECUTION": 2,
        "LOCAL_TASK_EXECUTION": 3,
        "DYNAMIC_TASK_EXECUTION": 4,
        "EAGER_EXECUTION": 5,
        "EAGER_LOCAL_EXECUTION": 6,
        "LOCAL_DYNAMIC_TASK_EXECUTION": 7,
    }
    assert ExecutionState.Mode is ExecutionMode


def test_branch_modes_have_the_reference_values() -> None:
    assert BranchEvalMode.BRANCH_ACTIVE.value == "branch active"
    assert BranchEvalMode.BRANCH_SKIPPED.value == "branch skipped"
    assert len(BranchEvalMode) == 2


@pytest.mark.parametrize("working_dir", ["", None])
def test_empty_working_dir_is_an_error(working_dir: str | None) -> None:
    with pytest.raises(ValueError, match=r"^Working directory is needed$"):
        ExecutionState(working_dir)  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]


def test_engine_dir_defaults_under_the_working_dir() -> None:
    assert ExecutionState("/w").engine_dir == "/w/engine_dir"
    assert ExecutionState("/w", engine_dir=None).engine_dir == "/w/engine_dir"
    assert ExecutionState("/w", engine_dir="").engine_dir == "/w/engine_dir"
    assert ExecutionState("/w", engine_dir="/e").engine_dir == "/e"


@given(
    st.text(min_size=1),
    st.none() | execution_modes(),
    st.text(min_size=1),
    st.none() | branch_eval_modes(),
    st.none() | execution_parameters(),
)
def test_construction_keeps_every_given_value(
    working_dir: str,
    mode: ExecutionMode | None,
    engine_dir: str,
    branch: BranchEvalMode | None,
    params: ExecutionParameters | None,
) -> None:
    state = ExecutionState(working_dir, mode, engine_dir, branch, params)
    assert state.working_dir == working_dir
    assert state.mode is mode
    assert state.engine_dir == engine_dir
    assert state.branch_eval_mode is branch
    assert state.user_space_params is params


def test_defaults() -> None:
    state = ExecutionState("/w")
    assert state.mode is None
    assert state.branch_eval_mode is None
    assert state.user_space_params is None


@pytest.mark.parametrize(
    ("mode", "local"),
    [
        (ExecutionMode.TASK_EXECUTION, False),
        (ExecutionMode.LOCAL_WORKFLOW_EXECUTION, True),
        (ExecutionMode.LOCAL_TASK_EXECUTION, True),
        (ExecutionMode.DYNAMIC_TASK_EXECUTION, False),
        (ExecutionMode.EAGER_EXECUTION, False),
        (ExecutionMode.EAGER_LOCAL_EXECUTION, True),
        (ExecutionMode.LOCAL_DYNAMIC_TASK_EXECUTION, True),
        (None, False),
    ],
)
def test_is_local_execution(mode: ExecutionMode | None, local: bool) -> None:
    assert ExecutionState("/w", mode=mode).is_local_execution() is local


def test_with_params_replaces_given_values_and_inherits_the_engine_dir() -> None:
    state = ExecutionState("/w", mode=ExecutionMode.TASK_EXECUTION)
    new = state.with_params(working_dir="/x", mode=ExecutionMode.LOCAL_TASK_EXECUTION)
    assert new == ExecutionState(
        "/x", mode=ExecutionMode.LOCAL_TASK_EXECUTION, engine_dir="/w/engine_dir"
    )


def test_with_params_none_keeps_the_current_value() -> None:
    state = ExecutionState(
        "/w", mode=ExecutionMode.TASK_EXECUTION, branch_eval_mode=BranchEvalMode.BRANCH_ACTIVE
    )
    assert state.with_params(mode=None, branch_eval_mode=None) == state


def test_records_are_frozen() -> None:
    state = ExecutionState("/w")
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        state.mode = ExecutionMode.TASK_EXECUTION  # type: ignore[misc]  # pyright: ignore[reportAttributeAccessIssue]


@given(execution_states())
def test_with_params_without_arguments_is_the_identity(state: ExecutionState) -> None:
    assert state.with_params() == state


@given(
    execution_states(),
    st.none() | st.text(min_size=1),
    st.none() | execution_modes(),
    st.none() | st.text(min_size=1),
    st.none() | branch_eval_modes(),
    st.none() | execution_parameters(),
)
def test_with_params_replaces_exactly_the_given_fields(
    state: ExecutionState,
    working_dir: str | None,
    mode: ExecutionMode | None,
    engine_dir: str | None,
    branch: BranchEvalMode | None,
    params: ExecutionParameters | None,
) -> None:
    before = copy.deepcopy(state)
    new = state.with_params(
        working_dir=working_dir,
        mode=mode,
        engine_dir=engine_dir,
        branch_eval_mode=branch,
        user_space_params=params,
    )
    assert state == before
    assert new.working_dir == (state.working_dir if working_dir is None else working_dir)
    assert new.mode == (state.mode if mode is None else mode)
    assert new.engine_dir == (state.engine_dir if engine_dir is None else engine_dir)
    assert new.branch_eval_mode == (state.branch_eval_mode if branch is None else branch)
    assert new.user_space_params is (state.user_space_params if params is None else params)
    assert set(vars(new)) == {f.name for f in attrs.fields(ExecutionState)}


_BRANCH_STEPS = {
    "take_branch": (ExecutionState.take_branch, BranchEvalMode.BRANCH_ACTIVE),
    "branch_complete": (ExecutionState.branch_complete, BranchEvalMode.BRANCH_SKIPPED),
}


@given(execution_states(), st.sampled_from(sorted(_BRANCH_STEPS)))
def test_branch_transition_sets_only_the_branch_mode(state: ExecutionState, step: str) -> None:
    transition, expected = _BRANCH_STEPS[step]
    before = copy.deepcopy(state)
    new = transition(state)
    assert state == before
    assert new.branch_eval_mode is expected
    assert attrs.evolve(new, branch_eval_mode=state.branch_eval_mode) == state
    assert transition(new) == new


@given(execution_states())
def test_the_last_branch_transition_wins(state: ExecutionState) -> None:
    assert state.take_branch().branch_complete() == state.branch_complete()
    assert state.branch_complete().take_branch() == state.take_branch()


@given(execution_states())
def test_branch_transitions_keep_locality(state: ExecutionState) -> None:
    assert state.take_branch().is_local_execution() == state.is_local_execution()
    assert state.branch_complete().is_local_execution() == state.is_local_execution()


@given(execution_states(), st.none() | st.text(max_size=3), st.none() | st.text(max_size=3))
def test_with_params_is_construction_with_the_given_values(
    state: ExecutionState, working_dir: str | None, engine_dir: str | None
) -> None:
    """Empty strings included: an empty working directory is refused, an empty engine
    directory is derived from the (new) working directory, as ``__init__`` does."""
    wanted_dir = state.working_dir if working_dir is None else working_dir
    wanted_engine = state.engine_dir if engine_dir is None else engine_dir
    if not wanted_dir:
        with pytest.raises(ValueError, match=r"^Working directory is needed$"):
            state.with_params(working_dir=working_dir, engine_dir=engine_dir)
        return
    new = state.with_params(working_dir=working_dir, engine_dir=engine_dir)
    assert new == ExecutionState(
        wanted_dir, state.mode, wanted_engine, state.branch_eval_mode, state.user_space_params
    )
    assert set(vars(new)) == {f.name for f in attrs.fields(ExecutionState)}
