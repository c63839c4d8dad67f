"""FlyteContext and its immutable Builder (§9.2, §9.3)."""

from __future__ import annotations

import copy
import datetime
import logging
import traceback
from collections.abc import Callable

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from ctxcore import (
    BranchEvalMode,
    CompilationState,
    Deck,
    ExecutionMode,
    ExecutionParameters,
    ExecutionState,
    FlyteContext,
    Node,
    NodeMetadata,
    OutputMetadataTracker,
    StackOrigin,
    TimelineDeck,
    TimelineEntry,
    TraceContext,
    WorkflowExecutionIdentifier,
    render_decks,
)
from ctxcore.core.serialization.settings import SerializationSettings
from ctxcore.effects.stats import RecordingStats
from ctxcore.testing.memory import MemoryFileAccess, memory_root
from ctxcore.testing.strategies.compilation import compilation_states
from ctxcore.testing.strategies.context import (
    context_builders,
    contexts,
    file_accesses,
    output_metadata_trackers,
    stack_origins,
)
from ctxcore.testing.strategies.execution import execution_states

_LOCAL = ExecutionMode.LOCAL_WORKFLOW_EXECUTION
_REMOTE = ExecutionMode.TASK_EXECUTION


def _params() -> ExecutionParameters:
    return ExecutionParameters(
        execution_date=datetime.datetime(2024, 1, 1, tzinfo=datetime.timezone.utc),
        tmp_dir="/user_space",
        stats=RecordingStats(),
        execution_id=WorkflowExecutionIdentifier("p", "d", "n"),
        logging=logging.getLogger("user_space"),
        raw_output_prefix="memory://raw/",
    )


# -- the record --------------------------------------------------------------------------------


def test_defaults() -> None:
    fa = MemoryFileAccess()
    ctx = FlyteContext(fa)
    assert ctx.file_access is fa
    assert (ctx.level, ctx.in_a_condition) == (0, False)
    assert ctx.flyte_client is None
    assert ctx.compilation_state is None
    assert ctx.execution_state is None
    assert ctx.serialization_settings is None
    assert ctx.origin_stackframe is None
    assert ctx.output_metadata_tracker is None
    assert ctx.worker_queue is None
    assert ctx.user_space_params is None


def test_frozen() -> None:
    ctx = FlyteContext(MemoryFileAccess())
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        ctx.level = 3  # type: ignore[misc]  # pyright: ignore[reportAttributeAccessIssue]


def test_user_space_params_come_from_the_execution_state() -> None:
    params = _params()
    ctx = FlyteContext(
        MemoryFileAccess(), execution_state=ExecutionState("/w", user_space_params=params)
    )
    assert ctx.user_space_params is params
    assert (
        FlyteContext(MemoryFileAccess(), execution_state=ExecutionState("/w")).user_space_params
        is None
    )


def test_set_stackframe_returns_a_new_context() -> None:
    origin = StackOrigin("fn", 12, "/src/m.py")
    ctx = FlyteContext(MemoryFileAccess(), level=4)
    marked = ctx.set_stackframe(origin)
    assert marked.origin_stackframe == origin
    assert ctx.origin_stackframe is None
    assert attrs.evolve(marked, origin_stackframe=None) == ctx


def test_get_origin_stackframe_repr() -> None:
    assert FlyteContext(MemoryFileAccess()).get_origin_stackframe_repr() == ""
    ctx = FlyteContext(MemoryFileAccess()).set_stackframe(StackOrigin("fn", 12, "/src/m.py"))
    assert ctx.get_origin_stackframe_repr() == "StackOrigin(fn, 12, /src/m.py)"


def test_a_frame_summary_is_kept_as_its_stack_origin() -> None:
    # The reference's set_stackframe took a traceback.FrameSummary and printed it in this form.
    summary = traceback.FrameSummary("/src/m.py", 12, "fn", line="x = 1")
    ctx = FlyteContext(MemoryFileAccess()).set_stackframe(summary)
    assert ctx.origin_stackframe == StackOrigin("fn", 12, "/src/m.py")
    assert ctx.get_origin_stackframe_repr() == "StackOrigin(fn, 12, /src/m.py)"
    assert StackOrigin.of(traceback.FrameSummary("f.py", None, "g")) == StackOrigin("g", 0, "f.py")


def test_get_deck_renders_the_user_space_decks_then_the_timeline() -> None:
    bare = FlyteContext(MemoryFileAccess())
    assert bare.get_deck() == render_decks(())
    decks = (Deck("default", "<p>made</p>"), Deck("other", "<p>more</p>"))
    params = ExecutionParameters.new_builder(_params()).with_params(decks=decks).build()
    with_decks = bare.with_execution_state(ExecutionState("/w", user_space_params=params)).build()
    assert with_decks.get_deck() == render_decks(decks)
    entry = TimelineEntry("step", _NOON, _NOON, 1.0, 0.5)
    timed = attrs.evolve(params, timeline=_Timeline((entry,)))
    with_timeline = bare.with_execution_state(ExecutionState("/w", user_space_params=timed))
    expected = render_decks((*decks, TimelineDeck(entries=(entry,)).to_deck()))
    assert with_timeline.build().get_deck() == expected


_NOON = datetime.datetime(2024, 1, 1, 12, tzinfo=datetime.timezone.utc)


@attrs.frozen
class _Timeline:
    """A timeline that has recorded ``entries`` and records nothing more."""

    entries: tuple[TimelineEntry, ...]

    def record(self, entry: TimelineEntry) -> None:
        raise AssertionError(f"nothing is timed here, not {entry}")


@attrs.frozen(slots=False)
class _TaggedContext(FlyteContext):
    tag: str = attrs.field(default="t", validator=attrs.validators.instance_of(str))


def test_set_stackframe_of_a_subclass_keeps_its_class_and_fields() -> None:
    origin = StackOrigin("fn", 12, "/src/m.py")
    tagged = _TaggedContext(MemoryFileAccess(), level=3, tag="mine")
    marked = tagged.set_stackframe(origin)
    assert type(marked) is _TaggedContext
    assert (marked.tag, marked.level, marked.origin_stackframe) == ("mine", 3, origin)
    assert tagged.origin_stackframe is None


# -- builders ----------------------------------------------------------------------------------


def test_new_builder_copies_everything_but_the_origin() -> None:
    ctx = FlyteContext(
        MemoryFileAccess(),
        level=3,
        flyte_client="client",
        compilation_state=CompilationState("p"),
        execution_state=ExecutionState("/w"),
        serialization_settings=SerializationSettings.for_image("repo/image:v1", "v1"),
        in_a_condition=True,
        origin_stackframe=StackOrigin("f", 1, "x"),
        output_metadata_tracker=OutputMetadataTracker(),
        worker_queue="queue",
    )
    built = ctx.new_builder().build()
    assert built.level == 4
    assert built.origin_stackframe is None
    assert attrs.evolve(built, level=3, origin_stackframe=ctx.origin_stackframe) == ctx


def test_build_adds_one_to_the_level() -> None:
    fa = MemoryFileAccess()
    assert FlyteContext.Builder(fa).build().level == 1
    assert FlyteContext.Builder(fa, level=5).build().level == 6
    root = memory_root(fa)
    assert root.level == 1
    assert root.new_builder().build().new_builder().build().level == 3


def test_build_at_records_the_origin() -> None:
    origin = StackOrigin("f", 1, "x")
    assert FlyteContext.Builder(MemoryFileAccess()).build_at(origin).origin_stackframe == origin


def test_with_methods_return_builders_with_one_change() -> None:
    ctx = FlyteContext(MemoryFileAccess(), level=2)
    es, cs, fa = ExecutionState("/w"), CompilationState("p"), MemoryFileAccess("/other")
    tracker = OutputMetadataTracker()
    ss = SerializationSettings.for_image("repo/image:v1", "v1")
    trace = TraceContext("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01")
    cases: list[tuple[FlyteContext.Builder, str, object]] = [
        (ctx.with_execution_state(es), "execution_state", es),
        (ctx.with_compilation_state(cs), "compilation_state", cs),
        (ctx.with_file_access(fa), "file_access", fa),
        (ctx.with_serialization_settings(ss), "serialization_settings", ss),
        (ctx.with_output_metadata_tracker(tracker), "output_metadata_tracker", tracker),
        (ctx.with_worker_queue("wq"), "worker_queue", "wq"),
        (ctx.with_client("client"), "flyte_client", "client"),
        (ctx.with_trace_context(trace), "trace_context", trace),
    ]
    for builder, field, value in cases:
        assert isinstance(builder, FlyteContext.Builder)
        assert getattr(builder, field) is value
        assert builder == attrs.evolve(ctx.new_builder(), **{field: value})
    merged = ctx.with_custom_context({"team": "ml"}).build().with_custom_context({"run": "r1"})
    assert merged.custom_context == {"team": "ml", "run": "r1"}


def test_with_new_compilation_state() -> None:
    builder = FlyteContext(MemoryFileAccess()).with_new_compilation_state()
    assert builder.compilation_state == CompilationState("")
    again = builder.with_new_compilation_state()
    assert again.compilation_state == CompilationState("")


def test_new_compilation_state_of_context_and_builder() -> None:
    ctx = FlyteContext(MemoryFileAccess())
    assert ctx.new_compilation_state() == CompilationState("")
    assert ctx.new_compilation_state("p", task_resolver="r") == CompilationState(
        "p", task_resolver="r"
    )
    # The reference's builder sets no task resolver.
    assert ctx.new_builder().new_compilation_state("q") == CompilationState("q")


def test_new_execution_state_of_a_context_carries_user_params() -> None:
    params = _params()
    fa = MemoryFileAccess("/sandbox")
    ctx = FlyteContext(fa, execution_state=ExecutionState("/w", user_space_params=params))
    state = ctx.new_execution_state()
    assert state == ExecutionState("/sandbox", user_space_params=params)
    assert state.mode is None
    assert ctx.new_execution_state("/elsewhere").working_dir == "/elsewhere"


def test_new_execution_state_of_a_builder_uses_a_new_random_path() -> None:
    params = _params()
    fa = MemoryFileAccess("/sandbox")
    builder = FlyteContext(
        fa, execution_state=ExecutionState("/w", user_space_params=params)
    ).new_builder()
    first, second = builder.new_execution_state(), builder.new_execution_state()
    assert first.working_dir == "/sandbox/" + "0" * 31 + "1"
    assert second.working_dir == "/sandbox/" + "0" * 31 + "2"
    assert first.user_space_params is None
    assert builder.new_execution_state("/given").working_dir == "/given"


# -- enter_conditional_section (§9.3) ----------------------------------------------------------


def test_conditional_resets_nodes_and_keeps_prefix_mode_resolver() -> None:
    node = Node("n", NodeMetadata("n"))
    cs = CompilationState("p", mode=2, task_resolver="r", nodes=[node])
    builder = FlyteContext(MemoryFileAccess(), compilation_state=cs).enter_conditional_section()
    assert builder.compilation_state == CompilationState("p", mode=2, task_resolver="r")
    assert builder.in_a_condition is True
    assert list(cs.nodes) == [node]


def test_conditional_without_states() -> None:
    builder = FlyteContext(MemoryFileAccess()).enter_conditional_section()
    assert builder.in_a_condition is True
    assert builder.compilation_state is None
    assert builder.execution_state is None


def test_first_conditional_of_a_local_execution_is_skipped() -> None:
    es = ExecutionState("/w", mode=_LOCAL)
    builder = FlyteContext(MemoryFileAccess(), execution_state=es).enter_conditional_section()
    assert builder.execution_state == es.with_params(branch_eval_mode=BranchEvalMode.BRANCH_SKIPPED)
    assert es.branch_eval_mode is None


@pytest.mark.parametrize(
    "branch", [BranchEvalMode.BRANCH_ACTIVE, BranchEvalMode.BRANCH_SKIPPED, None]
)
def test_nested_conditional_keeps_the_branch_mode(branch: BranchEvalMode | None) -> None:
    es = ExecutionState("/w", mode=_LOCAL, branch_eval_mode=branch)
    builder = FlyteContext(
        MemoryFileAccess(), execution_state=es, in_a_condition=True
    ).enter_conditional_section()
    assert builder.execution_state == es


@pytest.mark.parametrize("in_a_condition", [False, True])
@pytest.mark.parametrize("mode", [_REMOTE, ExecutionMode.DYNAMIC_TASK_EXECUTION, None])
def test_non_local_execution_is_untouched(in_a_condition: bool, mode: ExecutionMode | None) -> None:
    es = ExecutionState("/w", mode=mode, branch_eval_mode=BranchEvalMode.BRANCH_ACTIVE)
    builder = FlyteContext(
        MemoryFileAccess(), execution_state=es, in_a_condition=in_a_condition
    ).enter_conditional_section()
    assert builder.execution_state is es
    assert builder.in_a_condition is True


@given(context_builders())
def test_enter_conditional_section_by_the_rules(builder: FlyteContext.Builder) -> None:
    before = copy.deepcopy(builder)
    entered = builder.enter_conditional_section()
    assert builder == before
    assert entered.in_a_condition is True
    if builder.compilation_state is None:
        assert entered.compilation_state is None
    else:
        assert entered.compilation_state == builder.compilation_state.with_params(
            prefix=builder.compilation_state.prefix
        )
    es = builder.execution_state
    if es is None or not es.is_local_execution() or builder.in_a_condition:
        assert entered.execution_state == es
    else:
        assert entered.execution_state == es.branch_complete()
    unchanged = ("file_access", "level", "flyte_client", "serialization_settings", "worker_queue")
    for name in unchanged:
        assert getattr(entered, name) == getattr(builder, name)


# -- every transition leaves its input as it was ----------------------------------------------

# Every ``with_*`` of the reference, on both the context and the builder, with the strategy of
# its argument (``None``: it takes none).
_WITH_METHODS: dict[str, st.SearchStrategy[object] | None] = {
    "with_execution_state": st.none() | execution_states(),
    "with_compilation_state": st.none() | compilation_states(),
    "with_new_compilation_state": None,
    "with_file_access": file_accesses(),
    "with_serialization_settings": st.text(),
    "with_output_metadata_tracker": st.none() | output_metadata_trackers(),
    "with_worker_queue": st.integers(),
    "with_client": st.text(),
    "enter_conditional_section": None,
}
_BUILDER_METHODS = {**_WITH_METHODS, "build": None, "build_at": stack_origins()}
_CONTEXT_METHODS = {
    **_WITH_METHODS,
    "set_stackframe": st.none() | stack_origins(),
    "new_builder": None,
    "new_compilation_state": st.text(),
    "new_execution_state": st.text(min_size=1),
}


def _apply(
    target: object,
    name: str,
    methods: dict[str, st.SearchStrategy[object] | None],
    data: st.DataObject,
) -> object:
    argument = methods[name]
    return _call(target, name, () if argument is None else (data.draw(argument),))


def _call(target: object, name: str, arguments: tuple[object, ...]) -> object:
    method: Callable[..., object] = getattr(target, name)
    return method(*arguments)


@given(context_builders(), st.sampled_from(sorted(_BUILDER_METHODS)), st.data())
def test_builder_transitions_leave_the_builder_unchanged(
    builder: FlyteContext.Builder, name: str, data: st.DataObject
) -> None:
    before = copy.deepcopy(builder)
    result = _apply(builder, name, _BUILDER_METHODS, data)
    assert builder == before
    assert result is not builder


@given(context_builders(), st.sampled_from(sorted(_WITH_METHODS)), st.data())
def test_builder_with_methods_change_at_most_their_field(
    builder: FlyteContext.Builder, name: str, data: st.DataObject
) -> None:
    result = _apply(builder, name, _WITH_METHODS, data)
    assert isinstance(result, FlyteContext.Builder)
    changed = {
        f.name
        for f in attrs.fields(FlyteContext.Builder)
        if getattr(result, f.name) != getattr(builder, f.name)
    }
    allowed = 3 if name == "enter_conditional_section" else 1
    assert len(changed) <= allowed


@given(contexts(), st.sampled_from(sorted(_CONTEXT_METHODS)), st.data())
def test_context_transitions_leave_the_context_unchanged(
    ctx: FlyteContext, name: str, data: st.DataObject
) -> None:
    before = copy.deepcopy(ctx)
    _apply(ctx, name, _CONTEXT_METHODS, data)
    assert ctx == before


@given(contexts(), st.sampled_from(sorted(_WITH_METHODS)), st.data())
def test_context_with_methods_are_new_builder_then_the_same_method(
    ctx: FlyteContext, name: str, data: st.DataObject
) -> None:
    argument = _WITH_METHODS[name]
    arguments = () if argument is None else (data.draw(argument),)
    via_context = _call(ctx, name, arguments)
    assert isinstance(via_context, FlyteContext.Builder)
    assert via_context == _call(ctx.new_builder(), name, arguments)


@given(contexts())
def test_new_builder_then_build_is_one_level_up(ctx: FlyteContext) -> None:
    built = ctx.new_builder().build()
    assert built.level == ctx.level + 1
    assert attrs.evolve(built, level=ctx.level, origin_stackframe=ctx.origin_stackframe) == ctx


@given(contexts(), stack_origins())
def test_set_stackframe_changes_only_the_origin(ctx: FlyteContext, origin: StackOrigin) -> None:
    marked = ctx.set_stackframe(origin)
    assert marked.origin_stackframe == origin
    assert marked.set_stackframe(ctx.origin_stackframe) == ctx
