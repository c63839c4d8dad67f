"""The signal-installation effect: reading and replacing the process's signal handlers."""

from __future__ import annotations

import signal
import threading
from collections.abc import Callable
from types import FrameType
from typing import Protocol, runtime_checkable

Handler = Callable[[int, FrameType | None], object] | int | signal.Handlers | None
"""What ``signal.getsignal`` returns: a function, ``SIG_DFL``/``SIG_IGN``, or ``None``."""


@runtime_checkable
class Signals(Protocol):
    """Where signal handlers are read and installed."""

    def getsignal(self, signum: int) -> Handler:
        """The handler installed for ``signum``."""
        ...

    def signal(self, signum: int, handler: Callable[[int, FrameType | None], object]) -> None:
        """Install ``handler`` for ``signum``."""
        ...

    def restore(self, signum: int, handler: Handler) -> None:
        """Put back a handler that ``getsignal`` returned."""
        ...

    def in_main_thread(self) -> bool:
        """Whether the caller may install handlers (Python allows it in the main thread only)."""
        ...


class OsSignals:
    """The process's real signal table."""

    def getsignal(self, signum: int) -> Handler:
        return signal.getsignal(signum)

    def signal(self, signum: int, handler: Callable[[int, FrameType | None], object]) -> None:
        signal.signal(signum, handler)

    def restore(self, signum: int, handler: Handler) -> None:
        signal.signal(signum, signal.default_int_handler if handler is None else handler)

    def in_main_thread(self) -> bool:
        return threading.current_thread() is threading.main_thread()
