"""A state machine of FlyteContextManager against a list model of the stack.

Rules: push, pop (the root cannot be popped), enter and exit nested ``with_context`` blocks,
an exception inside a block, a context popped from under an open block, and ``initialize``
(after which exiting a block opened before pops nothing).
"""

from __future__ import annotations

from typing import NamedTuple

import pytest
from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule

from ctxcore import ContextStackError, FlyteContext, FlyteContextManager
from ctxcore.testing.memory import MemoryFileAccess, memory_root

FCM = FlyteContextManager


class _Boom(Exception):
    pass


class _Block(NamedTuple):
    """An open ``with_context`` block: its context manager, what it pushed, and the stack
    size right after the push (the level its exit pops back below)."""

    manager: object
    context: FlyteContext
    size: int


class ContextStackMachine(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.generation = 0
        self.roots: list[FlyteContext] = []
        FCM.initialize(root=self._make_root)
        # model[0] stands for the root, which is built lazily.
        self.model: list[FlyteContext | None] = [None]
        self.blocks: list[_Block] = []
        self.counter = 0

    def _make_root(self) -> FlyteContext:
        root = memory_root(MemoryFileAccess(f"/root{len(self.roots)}"))
        self.roots.append(root)
        return root

    def _top(self) -> FlyteContext:
        top = self.model[-1]
        return FCM.current_context() if top is None else top

    def _index(self, ctx: FlyteContext) -> int | None:
        return next((i for i, c in enumerate(self.model) if c is ctx), None)

    # -- rules ---------------------------------------------------------------------------------

    @rule()
    def push(self) -> None:
        self.counter += 1
        ctx = self._top().new_builder().with_client(self.counter).build()
        pushed = FCM.push_context(ctx)
        assert pushed.flyte_client == self.counter
        assert pushed.origin_stackframe is not None
        self.model.append(pushed)

    @rule()
    def pop(self) -> None:
        if len(self.model) == 1:
            with pytest.raises(ContextStackError):
                FCM.pop_context()
        else:
            assert FCM.pop_context() is self.model.pop()

    @rule()
    def enter_block(self) -> None:
        below = self._top()
        manager = FCM.with_context(below.new_builder())
        ctx = manager.__enter__()
        assert ctx.level == below.level + 1
        self.model.append(ctx)
        self.blocks.append(_Block(manager, ctx, len(self.model)))

    @precondition(lambda self: bool(self.blocks))
    @rule()
    def exit_block(self) -> None:
        block = self.blocks.pop()
        exit_method = getattr(block.manager, "__exit__")  # noqa: B009
        exit_method(None, None, None)
        # As the reference: everything at or above the block's entry size goes, whether the
        # block's own context is still there, was popped by hand, or a fresh stack began.
        del self.model[block.size - 1 :]

    @rule(leaked=st.integers(0, 3))
    def exception_inside_block(self, leaked: int) -> None:
        outer = self._top()
        size = FCM.size()
        with pytest.raises(_Boom), FCM.with_context(outer.new_builder()) as ctx:  # noqa: PT012
            assert FCM.current_context() is ctx
            for _ in range(leaked):
                FCM.push_context(ctx.new_builder().build())
            assert FCM.size() == size + 1 + leaked
            raise _Boom
        # the model is unchanged: the invariants check the stack came back

    @rule()
    def initialize(self) -> None:
        FCM.initialize(root=self._make_root)
        self.generation += 1
        self.model = [None]

    # -- invariants ----------------------------------------------------------------------------

    @invariant()
    def size_matches(self) -> None:
        assert FCM.size() == len(self.model)

    @invariant()
    def current_matches(self) -> None:
        current = FCM.current_context()
        top = self.model[-1]
        if top is None:
            assert current is self.roots[-1]
            assert current.level == 1
        else:
            assert current is top

    @invariant()
    def one_root_per_generation(self) -> None:
        assert len(self.roots) <= self.generation + 1

    def teardown(self) -> None:
        FCM.initialize()


ContextStackMachine.TestCase.settings = settings(
    ContextStackMachine.TestCase.settings, max_examples=200, stateful_step_count=40
)
TestContextStack = ContextStackMachine.TestCase
