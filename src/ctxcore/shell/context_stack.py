"""The context stack: per thread and per asyncio task, immutable, pushed and popped in O(1).

How this works.

- **Frames.** The stack is a persistent linked list of plain tuples, ``(context, below, size)``
  (``_Frame``); ``None`` is the empty stack, on which the root context sits. A push makes one
  tuple, a pop follows ``below``; no frame ever changes, so a stack can be shared freely.
- **One ContextVar.** ``flyte_context_Var`` holds the top frame of the current thread or task.
  asyncio copies the context into each new task, and a new thread starts from the default, so a
  task starts from its creator's stack and a thread from the root alone, and neither sees the
  other's pushes. Handing a stack to another thread is explicit: ``snapshot``/``attach`` and
  ``bind`` set the variable there for a block.
- **Blocks.** ``with_context`` keeps the ``ContextVar`` token of its push. On exit it resets to it
  (which pops whatever the block leaked, as the reference does) and refuses, with
  ``ContextStackError``, to do so from another thread or task, whose token is not valid there.
- **Root.** The root context is process-wide and built on first use by the root factory given
  to ``initialize``/``isolated``, else by the installed ambient's ``default_root`` (the process's
  builds a local sandbox); a factory that itself asks for the current context is an error, not a
  deadlock. ``isolated`` swaps root and stack for a block and puts both back. A forked child
  gets a fresh lock (``os.register_at_fork``), so a fork while another thread builds the root
  cannot leave the child waiting for a thread it does not have.
- **Origins.** Each push records where it happened (``StackOrigin``); origins are cached per code
  location (``_ORIGINS``), so a ``with`` in a loop makes no new origin and, through the contexts'
  memo (``ctxcore.core.context``), no new context either.
"""

from __future__ import annotations

import contextvars
import copyreg
import functools
import os
import sys
import threading
from collections.abc import Callable
from types import CodeType, FrameType, TracebackType
from typing import TYPE_CHECKING, Generic, NamedTuple, ParamSpec, TypeVar, cast

from ctxcore.core.ambient import current_ambient
from ctxcore.core.context import FlyteContext, StackOrigin
from ctxcore.core.errors import ContextStackError

if TYPE_CHECKING:
    from ctxcore.core.handoff.envelope import ContextEnvelope
    from ctxcore.shell.signals import SignalHandler

__all__ = [
    "ContextSnapshot",
    "FlyteContextManager",
    "PortableCall",
    "RootFactory",
    "flyte_context_Var",
]

_P = ParamSpec("_P")
_R = TypeVar("_R")


_Frame = tuple[FlyteContext, "_Frame | None", int]
"""One pushed context, the stack below it and the stack's size: a persistent linked list of
plain tuples (a push or a pop is one tuple and one ``ContextVar.set``)."""


class ContextSnapshot(NamedTuple):
    """A stack captured with ``FlyteContextManager.snapshot()``, to hand to another thread."""

    top: _Frame | None


flyte_context_Var: contextvars.ContextVar[_Frame | None] = contextvars.ContextVar(
    "flyte_context", default=None
)
"""The stack of this thread or task: ``None`` means "only the root context"."""

RootFactory = Callable[[], FlyteContext]
"""Builds the root context; called once, on first use, after each ``initialize``. Without one,
the installed ambient's ``default_root`` builds it (the process's: a local sandbox)."""


class _Root:
    """The process-wide root context, built on first use by the current factory."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.built: FlyteContext | None = None
        self._factory: RootFactory | None = None
        self._building = threading.local()

    def get(self) -> FlyteContext:
        context = self.built
        if context is not None:
            return context
        if getattr(self._building, "active", False):
            raise ContextStackError(
                "the root context factory asked for the current context while building the "
                "root; a root factory must not use the context stack"
            )
        with self._lock:
            if self.built is None:
                factory = self._factory or current_ambient().default_root
                self._building.active = True
                try:
                    self.built = factory()
                finally:
                    self._building.active = False
            return self.built

    def state(self) -> tuple[FlyteContext | None, RootFactory | None]:
        with self._lock:
            return self.built, self._factory

    def restore(self, state: tuple[FlyteContext | None, RootFactory | None]) -> None:
        with self._lock:
            self.built, self._factory = state

    def reset(self, factory: RootFactory | None) -> None:
        with self._lock:
            self.built = None
            self._factory = factory

    def after_fork_in_child(self) -> None:
        """Give the child a lock of its own: the thread that held the parent's (building the
        root, say) does not exist in the child, which would wait for it for ever. The child
        keeps the root if it was built before the fork, and builds its own otherwise."""
        self._lock = threading.Lock()
        self._building = threading.local()


_root = _Root()
if sys.platform != "win32":  # no fork there
    os.register_at_fork(after_in_child=_root.after_fork_in_child)


def _frame_at(depth: int) -> FrameType:
    """The frame ``depth`` levels above the caller (0: the caller itself)."""
    return sys._getframe(depth + 1)  # pyright: ignore[reportPrivateUsage]


_ORIGINS: dict[int, tuple[CodeType, dict[int, StackOrigin]]] = {}
_MAX_ORIGIN_CODES = 4096
"""How many code objects the origin cache keeps before it starts afresh: a program pushes from
a few hundred places at most, and a generated-code workload must not grow it without end."""


def _origin(frame: FrameType) -> StackOrigin:
    """The origin record of ``frame``'s current instruction, made once per code location.

    Looked up by the code object's id and the instruction offset, both free to read (a code
    object's own hash is not: it is recomputed on each call, through its nested code, and
    equal code from two files would share an entry). The entry keeps its code object, so the
    id cannot be reused while the entry exists; the line number is computed only on a miss.
    """
    code = frame.f_code
    entry = _ORIGINS.get(id(code))
    if entry is None or entry[0] is not code:
        if len(_ORIGINS) >= _MAX_ORIGIN_CODES:
            _ORIGINS.clear()
        entry = _ORIGINS[id(code)] = (code, {})
    by_offset = entry[1]
    origin = by_offset.get(frame.f_lasti)
    if origin is None:
        origin = StackOrigin(code.co_name, frame.f_lineno, code.co_filename)
        by_offset[frame.f_lasti] = origin
    return origin


class _WithContext:
    """``with FlyteContextManager.with_context(builder) as ctx``: push on entry; on exit, pop
    every context at or above the entry level (as the reference does: contexts leaked inside
    the block go too, and if the block's own context was popped already nothing more is).

    Exiting in another thread or task than the one that entered is a ``ContextStackError``
    (the ``ContextVar`` token says so), unless an exception is already on its way out; either
    way the block stays entered, so the thread or task that entered it can still exit it.
    """

    __slots__ = ("_context", "_entered")

    def __init__(self, context: FlyteContext) -> None:
        self._context = context
        self._entered: tuple[_Frame, contextvars.Token[_Frame | None]] | None = None

    def __enter__(self) -> FlyteContext:
        if self._entered is not None:
            raise ContextStackError("this with_context block is already active; make a new one")
        below = flyte_context_Var.get()
        context = self._context
        frame: _Frame = (context, below, 2 if below is None else below[2] + 1)
        self._entered = (frame, flyte_context_Var.set(frame))
        return context

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        entered = self._entered
        if entered is None:
            raise ContextStackError("with_context exited without being entered")
        frame, token = entered
        top = flyte_context_Var.get()
        try:
            flyte_context_Var.reset(token)  # back to the stack below this block's context
        except ValueError:
            if exc is not None:
                return  # do not replace the exception on its way out
            raise ContextStackError(
                f"the with_context block entered at {frame[0].origin_stackframe} (level "
                f"{frame[0].level}) was exited in a different thread or task than it was "
                "entered in; its context stays on the stack it was pushed to"
            ) from None
        self._entered = None  # holds the stack below: let it go
        if top is frame:
            return  # the usual case: nothing leaked, nothing popped by hand
        cursor = top
        while cursor is not None and cursor[2] >= frame[2]:
            cursor = cursor[1]
        flyte_context_Var.set(cursor)


class FlyteContextManager:
    """The stack of contexts of the current thread or asyncio task.

    Every thread and every task sees only its own pushes; a new thread or task starts from the
    stack it was created with (a task) or from just the root context (a thread). The root is
    built lazily on first use; importing ctxcore builds nothing.
    """

    @staticmethod
    def current_context() -> FlyteContext:
        """The context on top of this thread's or task's stack."""
        top = flyte_context_Var.get()
        if top is not None:
            return top[0]
        root = _root.built  # the usual answer with nothing pushed: a read, not a call
        return _root.get() if root is None else root

    @staticmethod
    def push_context(ctx: FlyteContext, f: StackOrigin | None = None) -> FlyteContext:
        """Push ``ctx`` with origin ``f`` (default: the caller) and return what was pushed."""
        origin = f if f is not None else _origin(_frame_at(1))
        pushed = ctx.set_stackframe(origin)
        below = flyte_context_Var.get()
        flyte_context_Var.set((pushed, below, 2 if below is None else below[2] + 1))
        return pushed

    @staticmethod
    def pop_context() -> FlyteContext:
        """Pop and return the top context; the root cannot be popped."""
        top = flyte_context_Var.get()
        if top is None:
            raise ContextStackError("cannot pop the root context: nothing was pushed on this stack")
        flyte_context_Var.set(top[1])
        return top[0]

    @staticmethod
    def with_context(b: FlyteContext.Builder) -> _WithContext:
        """Push ``b.build()`` for the duration of a ``with`` block; yields the pushed context."""
        return _WithContext(b.build_at(_origin(sys._getframe(1))))  # pyright: ignore[reportPrivateUsage]

    @staticmethod
    def size() -> int:
        """How many contexts are on this stack, counting the root (built or not)."""
        top = flyte_context_Var.get()
        return 1 if top is None else top[2]

    @staticmethod
    def initialize(root: RootFactory | None = None) -> None:
        """Start a fresh stack on a new root, built lazily by ``root`` (default: the local
        sandbox root). Installs no signal handler (see ``install_signal_handlers``)."""
        _root.reset(root)
        flyte_context_Var.set(None)

    @staticmethod
    def isolated(root: RootFactory | None = None) -> _Isolated:
        """A fresh stack on a fresh root (built by ``root``) for a ``with`` block; afterwards
        the previous root and stack are back, whatever the block pushed or initialized."""
        return _Isolated(root)

    @staticmethod
    def get_origin_stackframe(limit: int = 2) -> StackOrigin:
        """The frame ``limit`` levels above this call (0: this function's own frame)."""
        frame = _frame_at(0)
        for _ in range(limit):
            if frame.f_back is None:
                break
            frame = frame.f_back
        return _origin(frame)

    @staticmethod
    def snapshot() -> ContextSnapshot:
        """This thread's or task's stack, to hand to another thread with ``attach``/``bind``."""
        return ContextSnapshot(flyte_context_Var.get())

    @staticmethod
    def attach(snapshot: ContextSnapshot) -> _Attached:
        """Use ``snapshot``'s stack for the duration of a ``with`` block in this thread."""
        return _Attached(snapshot)

    @staticmethod
    def bind(fn: Callable[_P, _R]) -> Callable[_P, _R]:
        """``fn`` wrapped to run, in whatever thread calls it, on the caller's current stack."""
        snapshot = FlyteContextManager.snapshot()

        def bound(*args: _P.args, **kwargs: _P.kwargs) -> _R:
            with _Attached(snapshot):
                return fn(*args, **kwargs)

        return bound

    @staticmethod
    def envelope() -> ContextEnvelope:
        """The current context's envelope: what a worker in another process, host or engine
        needs to rebuild it (``enter``), as plain data and without any secret."""
        from ctxcore.core.handoff.envelope import envelope_of  # hand-off: only when used
        from ctxcore.core.handoff.worker import data_config_of

        context = FlyteContextManager.current_context()
        return envelope_of(context, data_config_of(context))

    @staticmethod
    def enter(envelope: ContextEnvelope) -> _WithContext:
        """On a worker: a ``with`` block whose context is this process's own root with
        ``envelope`` applied (``ctxcore.shell.handoff.worker_builder``); it yields that context.

        The envelope is decoded and checked before anything is pushed: a bad one raises
        ``EnvelopeError`` here.
        """
        from ctxcore.core.handoff.worker import worker_builder  # hand-off: only when used

        builder = worker_builder(_root.get(), envelope)
        return _WithContext(builder.build_at(_origin(sys._getframe(1))))  # pyright: ignore[reportPrivateUsage]

    @staticmethod
    def bind_portable(fn: Callable[_P, _R]) -> PortableCall[_P, _R]:
        """``fn`` with the current context's envelope: a picklable callable (``pickle`` and
        ``cloudpickle``) that runs ``fn`` inside ``enter(envelope)`` wherever it is called —
        another process (fork, spawn, forkserver), a Dask worker, a Ray task."""
        return PortableCall(fn, FlyteContextManager.envelope())

    @staticmethod
    def add_signal_handler(handler: SignalHandler) -> None:
        """Register ``handler`` to run on SIGINT once ``install_signal_handlers`` was called."""
        from ctxcore.shell.signals import sigint_handlers  # signal handling: only when asked

        sigint_handlers.add(handler)

    @staticmethod
    def install_signal_handlers() -> None:
        """Install the SIGINT handler (main thread only); it runs the registered handlers in
        order, then the handler that was installed before it."""
        from ctxcore.shell.signals import sigint_handlers  # signal handling: only when asked

        sigint_handlers.install()


_MAX_WORKER_CONTEXTS = 32
"""How many envelopes' contexts ``_WORKER_CONTEXTS`` keeps (the oldest goes first)."""

_WORKER_CONTEXTS: dict[bytes, tuple[FlyteContext, FlyteContext]] = {}
"""The context ``worker_builder(root, envelope)`` built, by the envelope's JSON, with the root
it was built from: applying an envelope is a pure function of the two, and a worker running a
thousand tasks of one submitter applies the same envelope to the same root a thousand times
(about 270 µs each). The context is immutable, so every call pushes the same one and pops it
(with whatever the call pushed) when it returns. A root replaced (``initialize``) is not the
one remembered: applied again."""

_WORKER_CONTEXTS_LOCK = threading.Lock()

_PORTABLE_ORIGIN = StackOrigin("__call__", 0, __file__)
"""Where a ``PortableCall`` enters its context, as the contexts it pushes record it."""


def _worker_context(envelope: ContextEnvelope, key: bytes) -> FlyteContext:
    """``enter(envelope)``'s context on this worker's root, whose envelope's JSON is ``key``;
    remembered per root and envelope (``_WORKER_CONTEXTS``)."""
    root = _root.get()
    entry = _WORKER_CONTEXTS.get(key)
    if entry is not None and entry[0] is root:
        return entry[1]
    from ctxcore.core.handoff.worker import worker_builder  # hand-off: only when used

    context = worker_builder(root, envelope).build_at(_PORTABLE_ORIGIN)
    with _WORKER_CONTEXTS_LOCK:
        _WORKER_CONTEXTS.pop(key, None)
        while len(_WORKER_CONTEXTS) >= _MAX_WORKER_CONTEXTS:
            del _WORKER_CONTEXTS[next(iter(_WORKER_CONTEXTS))]
        _WORKER_CONTEXTS[key] = (root, context)
    return context


@functools.lru_cache(maxsize=_MAX_WORKER_CONTEXTS)
def _envelope_from_json(data: bytes) -> ContextEnvelope:
    """The envelope whose JSON is ``data``, parsed once per worker (it is immutable)."""
    from ctxcore.core.handoff.envelope import ContextEnvelope  # hand-off: only when used

    return ContextEnvelope.from_json(data)


_NEWOBJ: object = getattr(copyreg, "__newobj__")  # noqa: B009 - not in typeshed
"""What pickle records as "the class's ``__new__``": an opcode, not a global to look up."""


_State = tuple[Callable[..., object], bytes]
"""What a pickled ``PortableCall`` holds: its function and its envelope's JSON."""


class PortableCall(Generic[_P, _R]):
    """``fn`` and the envelope of the context it was bound in (``bind_portable``): calling it
    anywhere — another thread, process, host or engine — runs ``fn`` inside
    ``FlyteContextManager.enter(envelope)``.

    Picklable with ``pickle`` (when ``fn`` is importable by name) and with ``cloudpickle``: it
    holds only ``fn`` and the envelope, which is plain data without secrets. The envelope
    travels as its JSON, made once per ``PortableCall``; a worker parses each envelope once and
    applies it to its root once (while the root stays the same), so a call costs little more
    than ``fn``'s. Subclasses (``ctxcore.integrations.otel.TracedCall``) enter the same way,
    through ``_entered``.
    """

    __slots__ = ("_json", "envelope", "fn")

    fn: Callable[_P, _R]
    """The function called."""
    envelope: ContextEnvelope
    """The context it is called in."""

    def __init__(self, fn: Callable[_P, _R], envelope: ContextEnvelope) -> None:
        self.fn = fn
        self.envelope = envelope
        self._json: bytes | None = None

    def _envelope_json(self) -> bytes:
        data = self._json
        if data is None:
            data = self._json = self.envelope.to_json().encode("ascii")
        return data

    def _entered(self) -> _WithContext:
        """``FlyteContextManager.enter(self.envelope)``, its context remembered per worker root
        (``_worker_context``)."""
        return _WithContext(_worker_context(self.envelope, self._envelope_json()))

    def __call__(self, *args: _P.args, **kwargs: _P.kwargs) -> _R:
        with self._entered():
            return self.fn(*args, **kwargs)

    def __reduce__(self) -> tuple[object, tuple[type[PortableCall[_P, _R]]], _State]:
        # The class's __new__ (pickle's NEWOBJ opcode) and a state of fn and the envelope's
        # JSON: one global besides fn to record and to look up per call, where a
        # reconstructor function made it two (W15: a task of a process pool pays for each).
        # A subclass pickles as itself.
        return (_NEWOBJ, (type(self),), (self.fn, self._envelope_json()))

    def __setstate__(self, state: _State) -> None:
        fn, data = state
        self.fn = cast("Callable[_P, _R]", fn)
        self.envelope = _envelope_from_json(data)
        self._json = data

    def __repr__(self) -> str:
        name = getattr(self.fn, "__qualname__", repr(self.fn))
        return f"{type(self).__name__}({name}, execution_id={self.envelope.execution_id!r})"


class _Attached:
    __slots__ = ("_snapshot", "_token")

    def __init__(self, snapshot: ContextSnapshot) -> None:
        self._snapshot = snapshot
        self._token: contextvars.Token[_Frame | None] | None = None

    def __enter__(self) -> FlyteContext:
        self._token = flyte_context_Var.set(self._snapshot.top)
        return FlyteContextManager.current_context()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if self._token is not None:
            flyte_context_Var.reset(self._token)
            self._token = None


class _Isolated:
    """A fresh root for the block, and on it an empty stack attached as ``_Attached`` does."""

    __slots__ = ("_factory", "_saved", "_stack")

    def __init__(self, factory: RootFactory | None) -> None:
        self._factory = factory
        self._saved: tuple[FlyteContext | None, RootFactory | None] | None = None
        self._stack = _Attached(ContextSnapshot(None))

    def __enter__(self) -> FlyteContext:
        self._saved = _root.state()
        _root.reset(self._factory)
        try:
            return self._stack.__enter__()  # builds the new root
        except BaseException:
            self.__exit__(None, None, None)
            raise

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self._stack.__exit__(exc_type, exc, tb)
        if self._saved is not None:
            _root.restore(self._saved)
            self._saved = None
