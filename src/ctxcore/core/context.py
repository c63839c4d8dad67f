"""The context record and its immutable builder.

How the memo works. A context and its builder are both immutable, so what one makes from the
other never goes stale, and each keeps the last one it made in its memo slot (``Memo``, in
``ctxcore.core._records``): ``ctx.new_builder()`` hands out the same builder every time, and
``builder.build_at(origin)`` the same context when asked again for the same origin object (the
stack caches origins per code location, so a ``with`` at one place asks with the same one).
A ``with_context(current_context().new_builder())`` in a loop so makes no record after its first
round. The memo is outside the fields (no ``==``, ``hash``, ``repr``, copy or pickle sees it) and
each record remembers only one value, so nothing is kept alive but the last result; builders
stop remembering above ``_MAX_REMEMBERED_LEVEL``, so a chain ``c = c.new_builder().build()``
does not keep every context of the chain alive.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Final, cast

import attrs

from ctxcore.core._records import Memo, converted, memo_copied, memo_with, memo_with_two
from ctxcore.core._repr import fields_repr
from ctxcore.core.ambient import current_ambient
from ctxcore.core.compilation.state import CompilationState
from ctxcore.core.execution.decks import render_decks
from ctxcore.core.execution.output_metadata import OutputMetadataTracker
from ctxcore.core.execution.parameters import ExecutionParameters
from ctxcore.core.execution.state import BranchEvalMode, ExecutionState
from ctxcore.core.handoff.trace import TraceContext, checked_custom_context
from ctxcore.core.ports import FileAccess
from ctxcore.core.serialization.env import FrozenEnv
from ctxcore.core.serialization.settings import SerializationSettings

if TYPE_CHECKING:
    from traceback import FrameSummary

__all__ = [
    "FlyteContext",
    "StackOrigin",
]

_NO_CUSTOM_CONTEXT: Final[Mapping[str, str]] = FrozenEnv()
"""The custom context of a context that was given none (immutable, so shared)."""

_MAX_REMEMBERED_LEVEL = 32
"""Builders remember the context they built only up to this level. Each context remembers its
builder and each builder the context it built, so ``c = c.new_builder().build()`` repeated
would otherwise keep every context of the chain alive as long as the first one lives."""


@attrs.frozen(slots=False)
class StackOrigin:
    """Where a context was pushed: function name, line number and file name.

    Named like ``traceback.FrameSummary``'s attributes so code that read those keeps working;
    capturing it costs a frame lookup, not a stack extraction.
    """

    __repr__ = fields_repr

    name: str
    lineno: int
    filename: str

    def __str__(self) -> str:
        return f"StackOrigin({self.name}, {self.lineno}, {self.filename})"

    @classmethod
    def of(cls, frame: StackOrigin | FrameSummary) -> StackOrigin:
        """``frame`` as a ``StackOrigin``: itself, or a ``traceback.FrameSummary``'s name, line
        (0 when it has none) and file, as the reference's ``set_stackframe`` took."""
        if isinstance(frame, StackOrigin):
            return frame
        return cls(frame.name, frame.lineno or 0, frame.filename)


@attrs.frozen(slots=False)
class FlyteContext(Memo):  # remembers its builder
    """Everything the current code runs with: file access, compilation and execution state,
    serialization settings, output metadata.

    Frozen: ``set_stackframe`` and every ``with_*`` return new values (``with_*`` return a
    ``FlyteContext.Builder``, as in the reference; ``build()`` gives a context one level up).
    """

    __repr__ = fields_repr

    file_access: FileAccess
    level: int = 0
    flyte_client: object | None = None
    compilation_state: CompilationState | None = None
    execution_state: ExecutionState | None = None
    serialization_settings: SerializationSettings | None = None
    in_a_condition: bool = False
    origin_stackframe: StackOrigin | None = None
    output_metadata_tracker: OutputMetadataTracker | None = None
    worker_queue: object | None = None
    custom_context: Mapping[str, str] = _NO_CUSTOM_CONTEXT
    trace_context: TraceContext | None = None

    @property
    def user_space_params(self) -> ExecutionParameters | None:
        """The user-space parameters of the execution state, if any."""
        return None if self.execution_state is None else self.execution_state.user_space_params

    def get_deck(self) -> str:
        """The decks of the user-space parameters (and their timeline) as one HTML page;
        an empty page when there are none."""
        params = self.user_space_params
        if params is None:
            return render_decks(())
        decks = params.decks
        if params.timeline is not None:
            decks = (*decks, params.timeline_deck.to_deck())
        return render_decks(decks)

    def set_stackframe(self, s: StackOrigin | FrameSummary | None) -> FlyteContext:
        """A copy of this context with origin ``s`` (this one, when it already has it); a
        ``traceback.FrameSummary`` (the reference's type) is kept as its ``StackOrigin``, so
        ``get_origin_stackframe_repr`` gives the reference's ``StackOrigin(name, line, file)``."""
        if s is not None and not isinstance(s, StackOrigin):
            s = StackOrigin.of(s)
        if self.origin_stackframe is s:
            return self
        if type(self) is not FlyteContext:  # a subclass may check its fields in __init__
            return attrs.evolve(self, origin_stackframe=s)
        return memo_with(self, FlyteContext, "origin_stackframe", s)

    def get_origin_stackframe_repr(self) -> str:
        """``StackOrigin(<function>, <line>, <file>)``, or ``""`` when unknown."""
        return "" if self.origin_stackframe is None else str(self.origin_stackframe)

    def new_builder(self) -> FlyteContext.Builder:
        """A builder holding this context's values (not its origin) at the same level.

        Normally made once per context and handed out again (two threads asking first may each
        get one, equal): a builder is immutable, and ``with_context(ctx.new_builder())`` is the
        commonest way to push.
        """
        builder = self._memo
        if isinstance(builder, FlyteContext.Builder):
            return builder
        builder = converted(self, FlyteContext.Builder, _BUILDER_FIELDS)
        self._remember(builder)
        return builder

    def with_execution_state(self, es: ExecutionState | None) -> FlyteContext.Builder:
        """A builder from this context with ``execution_state`` replaced."""
        return self.new_builder().with_execution_state(es)

    def with_compilation_state(self, c: CompilationState | None) -> FlyteContext.Builder:
        """A builder from this context with ``compilation_state`` replaced."""
        return self.new_builder().with_compilation_state(c)

    def with_new_compilation_state(self) -> FlyteContext.Builder:
        """A builder from this context with a fresh, empty compilation state."""
        return self.with_compilation_state(self.new_compilation_state())

    def with_file_access(self, fa: FileAccess) -> FlyteContext.Builder:
        """A builder from this context with ``file_access`` replaced."""
        return self.new_builder().with_file_access(fa)

    def with_serialization_settings(self, ss: SerializationSettings | None) -> FlyteContext.Builder:
        """A builder from this context with ``serialization_settings`` replaced."""
        return self.new_builder().with_serialization_settings(ss)

    def with_output_metadata_tracker(self, t: OutputMetadataTracker | None) -> FlyteContext.Builder:
        """A builder from this context with ``output_metadata_tracker`` replaced."""
        return self.new_builder().with_output_metadata_tracker(t)

    def with_worker_queue(self, wq: object | None) -> FlyteContext.Builder:
        """A builder from this context with ``worker_queue`` replaced."""
        return self.new_builder().with_worker_queue(wq)

    def with_client(self, c: object | None) -> FlyteContext.Builder:
        """A builder from this context with ``flyte_client`` replaced."""
        return self.new_builder().with_client(c)

    def with_custom_context(self, mapping: Mapping[str, str]) -> FlyteContext.Builder:
        """A builder from this context with ``mapping`` merged into its custom context."""
        return self.new_builder().with_custom_context(mapping)

    def with_trace_context(self, trace: TraceContext | None) -> FlyteContext.Builder:
        """A builder from this context with ``trace_context`` replaced."""
        return self.new_builder().with_trace_context(trace)

    def enter_conditional_section(self) -> FlyteContext.Builder:
        """A builder for the body of a conditional (see ``Builder.enter_conditional_section``)."""
        return self.new_builder().enter_conditional_section()

    def new_compilation_state(
        self, prefix: str = "", task_resolver: object | None = None
    ) -> CompilationState:
        """An empty compilation state with ``prefix`` and, optionally, a task resolver."""
        return CompilationState(prefix=prefix, task_resolver=task_resolver)

    def new_execution_state(self, working_dir: str | None = None) -> ExecutionState:
        """An execution state in ``working_dir`` (default: the local sandbox) that carries this
        context's user-space parameters."""
        return ExecutionState(
            working_dir=working_dir or str(self.file_access.local_sandbox_dir),
            user_space_params=self.user_space_params,
        )

    @staticmethod
    def current_context() -> FlyteContext:
        """The current context of this thread or task (``FlyteContextManager.current_context``),
        as the installed ambient knows it."""
        return current_ambient().current_context()

    @attrs.frozen(slots=False)
    class Builder(Memo):  # remembers the context it built last
        """An immutable recipe for a new context: every ``with_*`` returns a new builder, and
        ``build()`` returns a context at ``level + 1``."""

        __repr__ = fields_repr

        file_access: FileAccess
        level: int = 0
        compilation_state: CompilationState | None = None
        execution_state: ExecutionState | None = None
        flyte_client: object | None = None
        serialization_settings: SerializationSettings | None = None
        in_a_condition: bool = False
        output_metadata_tracker: OutputMetadataTracker | None = None
        worker_queue: object | None = None
        custom_context: Mapping[str, str] = _NO_CUSTOM_CONTEXT
        trace_context: TraceContext | None = None

        def build(self) -> FlyteContext:
            """The context this builder describes, one level above it, with no origin."""
            return self.build_at(None)

        def build_at(self, origin: StackOrigin | None) -> FlyteContext:
            """Like ``build``, recording ``origin`` as the place the context comes from.

            Building again at the same origin returns the same (immutable) context, up to level
            ``_MAX_REMEMBERED_LEVEL``.
            """
            built = self._memo
            if isinstance(built, FlyteContext) and built.origin_stackframe is origin:
                return built
            level = self.level + 1
            if type(self) is FlyteContext.Builder:
                context = memo_with_two(
                    self, FlyteContext, "level", level, "origin_stackframe", origin
                )
            else:  # a subclass's own fields are not the context's
                context = converted(
                    self, FlyteContext, _BUILDER_FIELDS, level=level, origin_stackframe=origin
                )
            if level <= _MAX_REMEMBERED_LEVEL:
                self._remember(context)
            return context

        def _replaced(self, name: str, value: object) -> FlyteContext.Builder:
            # Only this class, which has no converter or validator for ``__init__`` to run,
            # takes the fast copy; a subclass may have some, and gets ``evolve``.
            if type(self) is not FlyteContext.Builder:
                return attrs.evolve(self, **cast("dict[str, Any]", {name: value}))
            return memo_with(self, FlyteContext.Builder, name, value)

        def with_execution_state(self, es: ExecutionState | None) -> FlyteContext.Builder:
            """A new builder with ``execution_state`` replaced."""
            return self._replaced("execution_state", es)

        def with_compilation_state(self, c: CompilationState | None) -> FlyteContext.Builder:
            """A new builder with ``compilation_state`` replaced."""
            return self._replaced("compilation_state", c)

        def with_new_compilation_state(self) -> FlyteContext.Builder:
            """A new builder with a fresh, empty compilation state."""
            return self.with_compilation_state(self.new_compilation_state())

        def with_file_access(self, fa: FileAccess) -> FlyteContext.Builder:
            """A new builder with ``file_access`` replaced."""
            return self._replaced("file_access", fa)

        def with_serialization_settings(
            self, ss: SerializationSettings | None
        ) -> FlyteContext.Builder:
            """A new builder with ``serialization_settings`` replaced."""
            return self._replaced("serialization_settings", ss)

        def with_output_metadata_tracker(
            self, t: OutputMetadataTracker | None
        ) -> FlyteContext.Builder:
            """A new builder with ``output_metadata_tracker`` replaced."""
            return self._replaced("output_metadata_tracker", t)

        def with_worker_queue(self, wq: object | None) -> FlyteContext.Builder:
            """A new builder with ``worker_queue`` replaced."""
            return self._replaced("worker_queue", wq)

        def with_client(self, c: object | None) -> FlyteContext.Builder:
            """A new builder with ``flyte_client`` replaced."""
            return self._replaced("flyte_client", c)

        def with_custom_context(self, mapping: Mapping[str, str]) -> FlyteContext.Builder:
            """A new builder whose custom context is this one's with ``mapping`` merged in
            (its keys win).

            The custom context travels to workers as W3C baggage, so it is bounded as baggage
            is: at most ``MAX_CUSTOM_CONTEXT_ENTRIES`` entries and ``MAX_CUSTOM_CONTEXT_BYTES``
            encoded, keys being tokens; otherwise ``EnvelopeError`` naming what is wrong.
            """
            merged = {**self.custom_context, **mapping}
            return self._replaced("custom_context", checked_custom_context(merged.items()))

        def with_trace_context(self, trace: TraceContext | None) -> FlyteContext.Builder:
            """A new builder with ``trace_context`` (W3C ``traceparent``/``tracestate``)
            replaced; ``None`` lets envelopes derive one from the execution id."""
            return self._replaced("trace_context", trace)

        def new_compilation_state(self, prefix: str = "") -> CompilationState:
            """An empty compilation state with ``prefix`` and no task resolver (as the
            reference's builder does)."""
            return CompilationState(prefix=prefix)

        def new_execution_state(self, working_dir: str | None = None) -> ExecutionState:
            """An execution state in ``working_dir`` or, by default, a new random path under the
            local sandbox. Nothing is created on disk; no user-space parameters are carried."""
            return ExecutionState(working_dir or self.file_access.get_random_local_path())

        def enter_conditional_section(self) -> FlyteContext.Builder:
            """A builder for the body of a conditional, by the reference's rules.

            The compilation state keeps its prefix, mode and resolver with no nodes; a local
            execution state entering its first conditional is marked ``BRANCH_SKIPPED`` (a
            nested one keeps its branch mode); a non-local one is left as it is.
            """
            compilation = self.compilation_state
            if compilation is not None:
                compilation = compilation.with_params(prefix=compilation.prefix)
            execution = self.execution_state
            if execution is not None and execution.is_local_execution() and not self.in_a_condition:
                execution = execution.with_params(branch_eval_mode=BranchEvalMode.BRANCH_SKIPPED)
            changes: dict[str, Any] = {
                "compilation_state": compilation,
                "execution_state": execution,
                "in_a_condition": True,
            }
            if type(self) is not FlyteContext.Builder:  # as in _replaced
                return attrs.evolve(self, **changes)
            return memo_copied(self, **changes)


_BUILDER_FIELDS = tuple(field.name for field in attrs.fields(FlyteContext.Builder))
