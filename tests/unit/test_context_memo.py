"""Contexts remember their builder and builders the context they built (``core.records.Memo``).

The memo is a speed-up only: a context or builder that remembered something must be
indistinguishable, by value, from one that did not, and must keep nothing alive that its fields
do not.
"""

from __future__ import annotations

import copy
import gc
import pickle
import weakref
from typing import cast

import attrs
from hypothesis import given
from hypothesis import strategies as st

from ctxcore import ExecutionState, FlyteContext, FlyteContextManager, StackOrigin
from ctxcore.core.protocols import FileAccess
from ctxcore.testing.fakes import MemoryFileAccess, memory_root
from ctxcore.testing.strategies import context_builders, contexts, stack_origins

_ORIGIN = StackOrigin("f", 1, "x.py")


def _remembering(ctx: FlyteContext) -> FlyteContext:
    """``ctx`` after it made (and so remembers) a builder, which built (and remembers) a
    context."""
    ctx.new_builder().build_at(_ORIGIN)
    return ctx


def test_new_builder_is_made_once_per_context() -> None:
    ctx = FlyteContext(MemoryFileAccess(), level=2)
    assert ctx.new_builder() is ctx.new_builder()
    other = ctx.set_stackframe(_ORIGIN)
    assert other.new_builder() is not ctx.new_builder()
    assert other.new_builder() == ctx.new_builder()


def test_build_at_the_same_origin_gives_the_same_context() -> None:
    builder = FlyteContext.Builder(MemoryFileAccess(), level=2)
    first = builder.build_at(_ORIGIN)
    assert builder.build_at(_ORIGIN) is first
    assert builder.build() is builder.build()


def test_build_at_another_origin_gives_a_context_with_that_origin() -> None:
    builder = FlyteContext.Builder(MemoryFileAccess(), level=2)
    elsewhere = StackOrigin("g", 2, "y.py")
    at_origin, at_elsewhere, unplaced = (
        builder.build_at(_ORIGIN),
        builder.build_at(elsewhere),
        builder.build(),
    )
    assert at_origin.origin_stackframe is _ORIGIN
    assert at_elsewhere.origin_stackframe is elsewhere
    assert unplaced.origin_stackframe is None
    assert builder.build_at(_ORIGIN) is not at_origin  # only the last one is remembered
    assert builder.build_at(_ORIGIN) == at_origin
    assert {c.level for c in (at_origin, at_elsewhere, unplaced)} == {3}


def test_a_with_method_makes_a_new_builder_that_remembers_nothing() -> None:
    ctx = FlyteContext(MemoryFileAccess())
    es = ExecutionState("/w")
    first = ctx.with_execution_state(es)
    assert first is not ctx.new_builder()
    assert first.build().execution_state is es
    assert ctx.new_builder().build().execution_state is None


@given(contexts())
def test_a_context_that_remembers_is_equal_hashed_and_shown_as_before(ctx: FlyteContext) -> None:
    before = copy.deepcopy(ctx)
    _remembering(ctx)
    assert ctx == before
    assert repr(ctx) == repr(before)
    assert attrs.asdict(ctx, recurse=False) == attrs.asdict(before, recurse=False)


@given(context_builders(), st.none() | stack_origins())
def test_a_builder_that_remembers_is_equal_hashed_and_shown_as_before(
    builder: FlyteContext.Builder, origin: StackOrigin | None
) -> None:
    before = copy.deepcopy(builder)
    built = builder.build_at(origin)
    assert builder == before
    assert repr(builder) == repr(before)
    assert built == before.build_at(origin)


def test_remembering_leaves_the_hash_alone() -> None:
    # Generated contexts may hold unhashable values (stats clients); these do not.
    ctx = FlyteContext(cast(FileAccess, "file access"), level=2)
    builder = ctx.new_builder()
    hashes = (hash(ctx), hash(builder))
    builder.build_at(_ORIGIN)
    assert (hash(ctx), hash(builder)) == hashes
    assert hashes == (
        hash(FlyteContext(cast(FileAccess, "file access"), level=2)),
        hash(FlyteContext.Builder(cast(FileAccess, "file access"), level=2)),
    )


@given(contexts())
def test_copies_and_evolved_contexts_start_remembering_nothing(ctx: FlyteContext) -> None:
    builder = _remembering(ctx).new_builder()
    for fresh in (copy.copy(ctx), copy.deepcopy(ctx), attrs.evolve(ctx)):
        assert fresh == ctx
        assert fresh.new_builder() is not builder
        assert fresh.new_builder() == builder


def test_pickles_carry_the_fields_and_not_the_memo() -> None:
    # A picklable stand-in for file access: the memory fakes hold locks.
    ctx = _remembering(FlyteContext(cast(FileAccess, "file access"), level=2))
    builder = ctx.new_builder()
    restored = pickle.loads(pickle.dumps(ctx))
    assert restored == ctx
    assert restored.new_builder() is not builder
    assert restored.new_builder() == builder
    restored_builder = pickle.loads(pickle.dumps(builder))
    assert restored_builder == builder
    assert restored_builder.build_at(_ORIGIN) == builder.build_at(_ORIGIN)


def test_a_built_context_lives_no_longer_than_its_builder() -> None:
    ctx = FlyteContext(MemoryFileAccess())
    builder = ctx.with_execution_state(ExecutionState("/w"))
    built = weakref.ref(builder.build_at(_ORIGIN))
    del builder
    gc.collect()
    assert built() is None


def test_repeated_with_context_at_one_place_pushes_equal_contexts() -> None:
    with FlyteContextManager.isolated(memory_root):
        pushed: list[FlyteContext] = []
        for _ in range(3):
            with FlyteContextManager.with_context(
                FlyteContextManager.current_context().new_builder()
            ) as ctx:
                pushed.append(ctx)
                assert FlyteContextManager.current_context() is ctx
                assert FlyteContextManager.size() == 2
        assert pushed[0] == pushed[1] == pushed[2]
        assert pushed[0].level == FlyteContextManager.current_context().level + 1
        assert FlyteContextManager.size() == 1


def test_nested_pushes_of_the_same_builder_are_separate_levels() -> None:
    with FlyteContextManager.isolated(memory_root) as root:
        builder = root.new_builder()
        blocks = [FlyteContextManager.with_context(builder) for _ in range(2)]
        with blocks[0]:
            with blocks[1]:
                assert FlyteContextManager.size() == 3
            assert FlyteContextManager.size() == 2
        assert FlyteContextManager.size() == 1
