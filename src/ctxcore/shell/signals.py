"""SIGINT handling: installed only on request, on the main thread, chaining to the previous
handler instead of replacing it."""

from __future__ import annotations

import signal
import threading
from collections.abc import Callable
from types import FrameType

from ctxcore.core.errors import SignalInstallError
from ctxcore.core.ports import Handler, Signals
from ctxcore.effects.signals import OsSignals

__all__ = [
    "SigintHandlers",
]

SignalHandler = Callable[[int, FrameType | None], object]
"""A function run with ``(signum, frame)`` when SIGINT arrives."""


class SigintHandlers:
    """The process-wide list of SIGINT handlers and the one OS-level handler that runs them."""

    def __init__(self, signals: Signals | None = None) -> None:
        self._signals = signals or OsSignals()
        self._lock = threading.Lock()
        self._handlers: tuple[SignalHandler, ...] = ()
        self._installed = False
        self._previous: Handler = None

    @property
    def handlers(self) -> tuple[SignalHandler, ...]:
        """The registered handlers, in the order they run."""
        return self._handlers

    @property
    def installed(self) -> bool:
        """Whether the OS-level handler is in place."""
        return self._installed

    def add(self, handler: SignalHandler) -> None:
        """Register ``handler``; it runs after those registered before it."""
        with self._lock:
            self._handlers = (*self._handlers, handler)

    def install(self) -> None:
        """Install the SIGINT handler (once; later calls change nothing)."""
        if not self._signals.in_main_thread():
            raise SignalInstallError(threading.current_thread().name)
        with self._lock:
            if self._installed:
                return
            self._previous = self._signals.getsignal(signal.SIGINT)
            self._signals.signal(signal.SIGINT, self._handle)
            self._installed = True

    def uninstall(self) -> None:
        """Put back the handler that was there before ``install``."""
        if not self._signals.in_main_thread():
            raise SignalInstallError(threading.current_thread().name)
        with self._lock:
            if not self._installed:
                return
            self._signals.restore(signal.SIGINT, self._previous)
            self._installed = False
            self._previous = None

    def _handle(self, signum: int, frame: FrameType | None) -> None:
        for handler in self._handlers:
            handler(signum, frame)
        previous = self._previous
        if callable(previous):
            previous(signum, frame)
        elif previous == signal.SIG_DFL:
            raise KeyboardInterrupt


sigint_handlers: SigintHandlers = SigintHandlers()
"""The process's SIGINT handlers (``FlyteContextManager.add_signal_handler`` adds to it)."""
