"""The context memo (``core.records.Memo``) through the context stack: ``with_context`` at one
place pushes the same context, and one builder pushed twice is two stack entries."""

from __future__ import annotations

from ctxcore import FlyteContext, FlyteContextManager
from ctxcore.testing.memory import memory_root


def test_repeated_with_context_at_one_place_pushes_the_same_context() -> None:
    with FlyteContextManager.isolated(memory_root):
        pushed: list[FlyteContext] = []
        for _ in range(3):
            with FlyteContextManager.with_context(
                FlyteContextManager.current_context().new_builder()
            ) as ctx:
                pushed.append(ctx)
                assert FlyteContextManager.current_context() is ctx
                assert FlyteContextManager.size() == 2
        assert pushed[0] is pushed[1] is pushed[2]
        assert pushed[0].level == FlyteContextManager.current_context().level + 1
        assert FlyteContextManager.size() == 1


def test_one_builder_pushed_twice_nested_gives_two_stack_entries_at_one_level() -> None:
    with FlyteContextManager.isolated(memory_root) as root:
        builder = root.new_builder()
        outer, inner = (FlyteContextManager.with_context(builder) for _ in range(2))
        with outer as first:
            with inner as second:
                assert FlyteContextManager.size() == 3
                assert first.level == second.level == root.level + 1
            assert FlyteContextManager.size() == 2
            assert FlyteContextManager.current_context() is first
        assert FlyteContextManager.size() == 1
