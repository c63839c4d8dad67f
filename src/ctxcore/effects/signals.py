"""The process's signal table (the ``Signals`` port): reading and replacing handlers."""

from __future__ import annotations

import signal
import threading
from collections.abc import Callable
from types import FrameType

from ctxcore.core.ports import Handler

__all__ = [
    "OsSignals",
]


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
