"""FlyteContextManager on one thread: root, push/pop, with_context, origins (§9.4, §9.5)."""

from __future__ import annotations

import gc
import inspect
import os
import sys
import tempfile
import threading
import weakref
from collections.abc import Iterator
from pathlib import Path

import pytest

from ctxcore import (
    ContextStackError,
    ExecutionMode,
    ExecutionState,
    FlyteContext,
    FlyteContextManager,
    StackOrigin,
)
from ctxcore.testing.memory import MemoryFileAccess, memory_root

FCM = FlyteContextManager


class CountingRoot:
    """A root factory that counts how often it was called."""

    def __init__(self) -> None:
        self.built: list[FlyteContext] = []

    def __call__(self) -> FlyteContext:
        root = memory_root(MemoryFileAccess(f"/root{len(self.built)}"))
        self.built.append(root)
        return root


@pytest.fixture(autouse=True)
def root() -> Iterator[CountingRoot]:
    factory = CountingRoot()
    FCM.initialize(root=factory)
    yield factory
    FCM.initialize()


def _line() -> int:
    frame = inspect.currentframe()
    assert frame is not None
    assert frame.f_back is not None
    return frame.f_back.f_lineno


# -- the root context --------------------------------------------------------------------------


def test_root_is_built_lazily_once(root: CountingRoot) -> None:
    assert FCM.size() == 1
    assert root.built == []
    first = FCM.current_context()
    assert root.built == [first]
    assert FCM.current_context() is first
    assert first.level == 1
    assert root.built == [first]


def test_initialize_rebuilds_the_root_lazily(root: CountingRoot) -> None:
    first = FCM.current_context()
    FCM.initialize(root=root)
    assert len(root.built) == 1
    second = FCM.current_context()
    assert second is not first
    assert root.built == [first, second]


def test_initialize_drops_pushed_contexts() -> None:
    FCM.push_context(FCM.current_context().new_builder().build())
    assert FCM.size() == 2
    FCM.initialize(root=CountingRoot())
    assert FCM.size() == 1
    assert FCM.current_context().level == 1


def test_default_root(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    for name in list(os.environ):
        if name.startswith(("FLYTE", "_F")):
            monkeypatch.delenv(name)
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    FCM.initialize()
    ctx = FCM.current_context()
    assert ctx.level == 1
    assert FCM.size() == 1
    params = ctx.user_space_params
    assert params is not None
    assert str(params.execution_id) == "ex:local:local:local"
    assert str(params.task_id) == "TASK:local:local:local:local"
    assert ctx.compilation_state is None
    assert ctx.serialization_settings is None
    assert ctx.flyte_client is None
    assert ctx.output_metadata_tracker is None
    assert ctx.worker_queue is None
    assert ctx.in_a_condition is False
    state = ctx.execution_state
    assert state is not None
    sandbox = str(ctx.file_access.local_sandbox_dir)
    assert sandbox.endswith(os.path.join("sandbox", "local_flytekit"))
    assert state == ExecutionState(
        sandbox, engine_dir=os.path.join(sandbox, "engine_dir"), user_space_params=params
    )
    assert ctx.file_access.raw_output_prefix.endswith(("raw/", "raw" + os.sep))
    assert FCM.current_context() is ctx


def test_flyte_context_current_context_is_the_managers() -> None:
    assert FlyteContext.current_context() is FCM.current_context()
    with FCM.with_context(FCM.current_context().new_builder()) as ctx:
        assert FlyteContext.current_context() is ctx


# -- push and pop ------------------------------------------------------------------------------


def test_push_records_the_callers_frame_and_keeps_the_level() -> None:
    ctx = FlyteContext(MemoryFileAccess(), level=7)
    pushed, line = FCM.push_context(ctx), _line()
    assert pushed.origin_stackframe == StackOrigin(
        "test_push_records_the_callers_frame_and_keeps_the_level", line, __file__
    )
    assert pushed.level == 7
    assert FCM.current_context() is pushed
    assert ctx.origin_stackframe is None
    assert FCM.size() == 2
    assert FCM.pop_context() is pushed
    assert FCM.size() == 1


def test_push_with_an_explicit_origin() -> None:
    origin = StackOrigin("somewhere", 3, "x.py")
    pushed = FCM.push_context(FlyteContext(MemoryFileAccess()), origin)
    assert pushed.origin_stackframe == origin
    assert pushed.get_origin_stackframe_repr() == "StackOrigin(somewhere, 3, x.py)"


def test_pop_order() -> None:
    base = FCM.current_context()
    pushed = [FCM.push_context(base.new_builder().with_client(i).build()) for i in range(5)]
    assert FCM.size() == 6
    popped = [FCM.pop_context() for _ in range(5)]
    assert popped == pushed[::-1]
    assert FCM.current_context() is base


def test_popping_the_root_is_an_error() -> None:
    root = FCM.current_context()
    with pytest.raises(ContextStackError, match="root") as info:
        FCM.pop_context()
    assert isinstance(info.value, RuntimeError)
    assert FCM.size() == 1
    assert FCM.current_context() is root


def test_popping_the_root_after_pushes_is_an_error() -> None:
    FCM.push_context(FCM.current_context().new_builder().build())
    FCM.pop_context()
    with pytest.raises(ContextStackError):
        FCM.pop_context()
    assert FCM.size() == 1


# -- with_context ------------------------------------------------------------------------------


def test_with_context_builds_one_level_up_and_restores() -> None:
    outer = FCM.current_context()
    builder = outer.new_builder().with_execution_state(
        ExecutionState("/w", mode=ExecutionMode.LOCAL_TASK_EXECUTION)
    )
    line = _line() + 1
    with FCM.with_context(builder) as ctx:
        pass
    assert ctx.level == outer.level + 1
    assert ctx.execution_state == builder.execution_state
    assert ctx.origin_stackframe == StackOrigin(
        "test_with_context_builds_one_level_up_and_restores", line, __file__
    )
    assert FCM.current_context() is outer
    assert FCM.size() == 1


def test_with_context_inside_is_current() -> None:
    with FCM.with_context(FCM.current_context().new_builder()) as ctx:
        assert FCM.current_context() is ctx
        assert FCM.size() == 2
        with FCM.with_context(ctx.new_builder()) as inner:
            assert inner.level == ctx.level + 1
            assert FCM.size() == 3
        assert FCM.current_context() is ctx
    assert FCM.size() == 1


def test_with_context_pops_leaked_contexts() -> None:
    with FCM.with_context(FCM.current_context().new_builder()) as ctx:
        for _ in range(3):
            FCM.push_context(ctx.new_builder().build())
        assert FCM.size() == 5
    assert FCM.size() == 1


def test_with_context_restores_on_exceptions() -> None:
    outer = FCM.current_context()

    def fail_inside() -> None:
        with FCM.with_context(outer.new_builder()) as ctx:
            FCM.push_context(ctx.new_builder().build())
            raise KeyError("boom")

    with pytest.raises(KeyError, match="boom"):
        fail_inside()
    assert FCM.size() == 1
    assert FCM.current_context() is outer


def test_with_context_block_cannot_be_reentered() -> None:
    block = FCM.with_context(FCM.current_context().new_builder())
    with block, pytest.raises(ContextStackError, match="already active"), block:
        pass
    assert FCM.size() == 1


def test_with_context_exit_without_enter_is_an_error() -> None:
    block = FCM.with_context(FCM.current_context().new_builder())
    with pytest.raises(ContextStackError):
        block.__exit__(None, None, None)


def test_exiting_a_block_whose_context_was_popped_pops_nothing_more() -> None:
    outer = FCM.push_context(FCM.current_context().new_builder().build())
    block = FCM.with_context(FCM.current_context().new_builder())
    block.__enter__()
    FCM.pop_context()
    block.__exit__(None, None, None)  # as the reference: no error, nothing below is popped
    assert FCM.size() == 2
    assert FCM.current_context() is outer
    FCM.pop_context()


def test_exiting_a_block_pops_what_was_pushed_after_a_manual_pop() -> None:
    block = FCM.with_context(FCM.current_context().new_builder())
    block.__enter__()
    FCM.pop_context()
    FCM.push_context(FCM.current_context().new_builder().build())
    block.__exit__(None, None, None)  # everything at or above the entry size goes
    assert FCM.size() == 1


def test_initialize_inside_a_block_then_exit_pops_back_below_the_entry_size() -> None:
    with FCM.with_context(FCM.current_context().new_builder()):
        FCM.initialize(root=CountingRoot())
        assert FCM.size() == 1
        FCM.push_context(FCM.current_context().new_builder().build())
        assert FCM.size() == 2
    assert FCM.size() == 1  # as the reference: pops while size >= the entry size


def test_an_error_exiting_in_another_thread_does_not_hide_the_exception_in_flight() -> None:
    block = FCM.with_context(FCM.current_context().new_builder())
    block.__enter__()
    raised: list[BaseException] = []

    def exit_elsewhere() -> None:
        try:
            block.__exit__(KeyError, KeyError("the user's error"), None)
        except BaseException as error:  # pragma: no cover - reached only on a regression
            raised.append(error)

    worker = threading.Thread(target=exit_elsewhere)
    worker.start()
    worker.join()
    assert raised == []  # returned quietly: the user's KeyError goes on
    block.__exit__(None, None, None)  # still entered here, where it can be exited
    assert FCM.size() == 1


def test_a_finished_block_keeps_nothing_of_the_stack_alive() -> None:
    below = FCM.push_context(FCM.current_context().with_client(object()).build())
    block = FCM.with_context(FCM.current_context().new_builder())
    with block:
        pass
    FCM.pop_context()
    gone = weakref.ref(below)
    del below
    gc.collect()
    assert gone() is None  # `block` is still referenced, but not what was below it


def test_a_root_factory_that_uses_the_stack_is_an_error_not_a_deadlock() -> None:
    def needy_root() -> FlyteContext:
        return FCM.current_context()

    before = FCM.current_context()
    with pytest.raises(ContextStackError, match="root context factory"), FCM.isolated(needy_root):
        pass
    assert FCM.current_context() is before  # the failed isolation put everything back


# -- get_origin_stackframe (§9.4) --------------------------------------------------------------


def _one_level_down(limit: int) -> StackOrigin:
    return FCM.get_origin_stackframe(limit)


def test_get_origin_stackframe_limits() -> None:
    me = "test_get_origin_stackframe_limits"
    assert FCM.get_origin_stackframe(0).name == "get_origin_stackframe"
    here, line = FCM.get_origin_stackframe(1), _line()
    assert here == StackOrigin(me, line, __file__)
    assert _one_level_down(1).name == "_one_level_down"
    assert _one_level_down(2).name == me
    assert _one_level_down(0).name == "get_origin_stackframe"


def test_get_origin_stackframe_default_is_the_callers_caller() -> None:
    def helper() -> StackOrigin:
        return FCM.get_origin_stackframe()

    assert helper().name == "test_get_origin_stackframe_default_is_the_callers_caller"


def test_equal_code_in_two_files_has_each_file_as_its_origin() -> None:
    source = (
        "def run():\n"
        "    with FCM.with_context(FCM.current_context().new_builder()) as c:\n"
        "        return c.origin_stackframe\n"
    )
    origins: list[StackOrigin] = []
    for filename in ("/proj/a_workflow.py", "/proj/b_workflow.py"):
        namespace: dict[str, object] = {"FCM": FCM}
        exec(compile(source, filename, "exec"), namespace)
        run = namespace["run"]
        assert callable(run)
        origin = run()
        assert isinstance(origin, StackOrigin)
        origins.append(origin)
    assert origins == [
        StackOrigin("run", 2, "/proj/a_workflow.py"),
        StackOrigin("run", 2, "/proj/b_workflow.py"),
    ]


def test_the_origin_cache_is_bounded_and_stays_right(monkeypatch: pytest.MonkeyPatch) -> None:
    from ctxcore.shell import context_stack

    monkeypatch.setattr(context_stack, "_MAX_ORIGIN_CODES", 2)
    monkeypatch.setattr(context_stack, "_ORIGINS", {})

    def first() -> StackOrigin:
        return FCM.get_origin_stackframe(1)

    def second() -> StackOrigin:
        return FCM.get_origin_stackframe(1)

    def third() -> StackOrigin:
        return FCM.get_origin_stackframe(1)

    for _ in range(2):
        assert [f().name for f in (first, second, third)] == ["first", "second", "third"]
        assert len(context_stack._ORIGINS) <= 2  # pyright: ignore[reportPrivateUsage]


def test_get_origin_stackframe_deeper_than_the_stack_is_the_outermost_frame() -> None:
    frame = sys._getframe()  # pyright: ignore[reportPrivateUsage]
    while frame.f_back is not None:
        frame = frame.f_back
    outermost = FCM.get_origin_stackframe(10_000)
    assert (outermost.name, outermost.filename) == (frame.f_code.co_name, frame.f_code.co_filename)
