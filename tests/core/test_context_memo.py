"""Contexts remember their builder and builders the context they built (``core.records.Memo``).

The memo is a speed-up only: a context or builder that remembered something must be
indistinguishable, by value, from one that did not; what it hands out must be what it would
have made; and it must not keep contexts alive without bound. What the memo means for the
context stack is tested in ``tests/shell/test_context_stack_memo.py``.
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

from ctxcore import ExecutionState, FlyteContext, StackOrigin
from ctxcore.core.context import _MAX_REMEMBERED_LEVEL  # pyright: ignore[reportPrivateUsage]
from ctxcore.core.ports import FileAccess
from ctxcore.testing.memory import MemoryFileAccess
from ctxcore.testing.strategies.context import context_builders, contexts, stack_origins

_ORIGIN = StackOrigin("f", 1, "x.py")
_CONTEXT_FIELDS = {f.name for f in attrs.fields(FlyteContext)}
_BUILDER_FIELDS = {f.name for f in attrs.fields(FlyteContext.Builder)}


def _remembering(ctx: FlyteContext) -> FlyteContext:
    """``ctx`` after it made (and so remembers) a builder, which built (and remembers) a
    context."""
    ctx.new_builder().build_at(_ORIGIN)
    return ctx


def _remembers_nothing(record: FlyteContext | FlyteContext.Builder) -> bool:
    return record._memo is None  # pyright: ignore[reportPrivateUsage]


# -- what is handed out again --------------------------------------------------------------------


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


def test_build_at_an_equal_but_distinct_origin_builds_anew() -> None:
    builder = FlyteContext.Builder(MemoryFileAccess(), level=2)
    first = builder.build_at(_ORIGIN)
    twin = StackOrigin(_ORIGIN.name, _ORIGIN.lineno, _ORIGIN.filename)
    again = builder.build_at(twin)
    assert again is not first
    assert again == first
    assert again.origin_stackframe is twin


def test_build_at_another_origin_gives_a_context_with_that_origin() -> None:
    builder = FlyteContext.Builder(MemoryFileAccess(), level=2)
    elsewhere = StackOrigin("g", 2, "y.py")
    at_origin = builder.build_at(_ORIGIN)
    at_elsewhere = builder.build_at(elsewhere)
    unplaced = builder.build()
    assert at_origin.origin_stackframe is _ORIGIN
    assert at_elsewhere.origin_stackframe is elsewhere
    assert unplaced.origin_stackframe is None
    assert builder.build_at(_ORIGIN) is not at_origin  # only the last one is remembered
    assert builder.build_at(_ORIGIN) == at_origin
    assert {c.level for c in (at_origin, at_elsewhere, unplaced)} == {3}


def test_a_with_method_after_a_build_carries_its_change() -> None:
    ctx = FlyteContext(MemoryFileAccess())
    plain = ctx.new_builder().build()  # the context's builder now remembers `plain`
    es = ExecutionState("/w")
    changed = ctx.with_execution_state(es)
    assert _remembers_nothing(changed)
    assert changed.build().execution_state is es
    assert ctx.new_builder().build() is plain
    assert plain.execution_state is None


@given(context_builders(), st.none() | stack_origins(), st.none() | stack_origins())
def test_build_at_always_equals_a_fresh_build(
    builder: FlyteContext.Builder, first: StackOrigin | None, second: StackOrigin | None
) -> None:
    fresh = copy.deepcopy(builder)
    builder.build_at(first)
    assert builder.build_at(second) == fresh.build_at(second)
    assert builder.build_at(second).origin_stackframe is second


# -- invisible ----------------------------------------------------------------------------------


@given(contexts())
def test_the_memo_is_not_in_the_fields(ctx: FlyteContext) -> None:
    before = copy.deepcopy(ctx)
    builder = _remembering(ctx).new_builder()
    assert set(ctx.__dict__) == _CONTEXT_FIELDS
    assert set(builder.__dict__) <= _CONTEXT_FIELDS  # it shares the context's dict
    assert ctx == before
    assert repr(ctx) == repr(before)


@given(context_builders(), st.none() | stack_origins())
def test_a_builder_that_remembers_is_equal_and_shown_as_before(
    builder: FlyteContext.Builder, origin: StackOrigin | None
) -> None:
    before = copy.deepcopy(builder)
    builder.build_at(origin)
    assert not _remembers_nothing(builder)
    assert set(builder.__dict__) == _BUILDER_FIELDS
    assert builder == before
    assert repr(builder) == repr(before)


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
    _remembering(ctx)
    for fresh in (copy.copy(ctx), copy.deepcopy(ctx), attrs.evolve(ctx)):
        assert fresh == ctx
        assert _remembers_nothing(fresh)
        assert fresh.__dict__ is not ctx.__dict__


def test_pickles_carry_the_fields_and_not_the_memo() -> None:
    # A picklable stand-in for file access: the memory fakes hold locks.
    ctx = _remembering(FlyteContext(cast(FileAccess, "file access"), level=2))
    builder = ctx.new_builder()
    for protocol in range(pickle.HIGHEST_PROTOCOL + 1):
        restored = pickle.loads(pickle.dumps(ctx, protocol))
        assert restored == ctx
        assert _remembers_nothing(restored)
        restored_builder = pickle.loads(pickle.dumps(builder, protocol))
        assert restored_builder == builder
        assert _remembers_nothing(restored_builder)
        assert restored_builder.build_at(_ORIGIN) == builder.build_at(_ORIGIN)


def test_a_subclassed_builder_keeps_its_class_and_its_init() -> None:
    @attrs.frozen(slots=False)
    class TaggedBuilder(FlyteContext.Builder):
        tag: str = attrs.field(default="t", validator=attrs.validators.instance_of(str))

        def __attrs_post_init__(self) -> None:  # replaces any the base class has
            pass

    tagged = TaggedBuilder(MemoryFileAccess(), tag="mine")
    changed = tagged.with_execution_state(ExecutionState("/w"))
    assert type(changed) is TaggedBuilder
    assert changed.tag == "mine"
    assert changed.execution_state == ExecutionState("/w")
    assert changed.build_at(_ORIGIN) is changed.build_at(_ORIGIN)
    assert changed.build_at(_ORIGIN).execution_state == ExecutionState("/w")


def test_a_subclassed_context_remembers_its_builder() -> None:
    @attrs.frozen(slots=False)
    class TaggedContext(FlyteContext):
        tag: str = "t"

        def __attrs_post_init__(self) -> None:
            pass

    ctx = TaggedContext(MemoryFileAccess(), tag="mine")
    assert ctx.new_builder() is ctx.new_builder()
    assert ctx.new_builder().build().level == 1


@attrs.frozen
class _SlottedContext(FlyteContext):  # module level, so that pickle finds it
    extra: int = 0


def test_a_slotted_subclass_pickles_and_remembers_under_every_protocol() -> None:
    ctx = _SlottedContext(cast(FileAccess, "file access"), level=2, extra=3)
    for protocol in range(pickle.HIGHEST_PROTOCOL + 1):
        restored = pickle.loads(pickle.dumps(ctx, protocol))
        assert restored == ctx
        assert restored.new_builder() is restored.new_builder()


def test_a_subclass_context_gives_a_builder_with_only_builder_fields() -> None:
    @attrs.frozen(slots=False)
    class ExtraContext(FlyteContext):
        extra: int = 0

    builder = ExtraContext(MemoryFileAccess(), level=2, extra=3).new_builder()
    assert set(builder.__dict__) == _BUILDER_FIELDS
    assert builder.build().level == 3
    assert not hasattr(builder.build(), "extra")


# -- what it keeps alive --------------------------------------------------------------------------


def test_a_built_context_lives_no_longer_than_its_builder() -> None:
    ctx = FlyteContext(MemoryFileAccess())
    builder = ctx.with_execution_state(ExecutionState("/w"))
    built = weakref.ref(builder.build_at(_ORIGIN))
    del builder
    gc.collect()
    assert built() is None


def test_a_chain_of_builds_keeps_at_most_the_remembered_levels_alive() -> None:
    root = FlyteContext(MemoryFileAccess(), level=1)
    chain: list[weakref.ref[FlyteContext]] = []
    ctx = root
    for _ in range(3 * _MAX_REMEMBERED_LEVEL):
        ctx = ctx.new_builder().build()
        chain.append(weakref.ref(ctx))
    del ctx
    gc.collect()
    alive = [ref() for ref in chain if ref() is not None]
    assert 0 < len(alive) <= _MAX_REMEMBERED_LEVEL
    assert max(c.level for c in alive if c is not None) <= _MAX_REMEMBERED_LEVEL
