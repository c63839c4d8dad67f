"""Fakes of the effects, for tests: a clock, random names, signals, a logger and temporary
directories that are deterministic, value-equal and do no I/O (``ctxcore.testing.memory`` has
the edge in memory)."""

from __future__ import annotations

import datetime
import logging
import os
import threading
import time
from collections.abc import Callable, Mapping
from signal import SIGINT
from types import FrameType

from ctxcore.core.ports import Handler

__all__ = [
    "CounterEntropy",
    "CountingTempDirs",
    "FakeClock",
    "FakeSecretProvider",
    "FakeSignals",
    "RecordingLogger",
]


class FakeClock:
    """A clock that moves only when told to (``advance``) and records every ``sleep``.

    ``sleep`` advances the clock instead of waiting, so back-off runs instantly.
    """

    def __init__(
        self,
        start: datetime.datetime = datetime.datetime(2026, 1, 1, tzinfo=datetime.timezone.utc),
    ) -> None:
        self._now = start
        self._monotonic = 0.0
        self.sleeps: list[float] = []

    def now(self) -> datetime.datetime:
        return self._now

    def monotonic(self) -> float:
        return self._monotonic

    def process_time(self) -> float:
        return self._monotonic

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.advance(seconds)

    def advance(self, seconds: float) -> None:
        """Move the clock forward by ``seconds``."""
        self._now += datetime.timedelta(seconds=seconds)
        self._monotonic += seconds


class CounterEntropy:
    """ "Random" names from a counter: ``00..01``, ``00..02``, ... (32 hex digits)."""

    def __init__(self, start: int = 0) -> None:
        self._lock = threading.Lock()
        self._count = start
        self._objects: dict[str, bytes] = {}

    def random_hex(self) -> str:
        with self._lock:
            self._count += 1
            return f"{self._count:032x}"


class FakeSignals:
    """A signal table in a dict: installing handlers touches nothing real."""

    def __init__(self, previous: Handler = None, *, main_thread: bool = True) -> None:
        self.table: dict[int, Handler] = {SIGINT: previous}
        self.main_thread = main_thread

    def getsignal(self, signum: int) -> Handler:
        return self.table.get(signum)

    def signal(self, signum: int, handler: Callable[[int, FrameType | None], object]) -> None:
        self.table[signum] = handler

    def restore(self, signum: int, handler: Handler) -> None:
        self.table[signum] = handler

    def in_main_thread(self) -> bool:
        return self.main_thread

    def fire(self, signum: int = SIGINT) -> None:
        """Deliver ``signum`` to the installed handler, as the interpreter would."""
        handler = self.table.get(signum)
        if not callable(handler):
            raise RuntimeError(f"no Python-level handler is installed for signal {signum}")
        handler(signum, None)


class RecordingLogger:
    """A logger (the logging effect) whose records are kept in ``records`` and go nowhere
    else: pass ``.logger`` wherever ctxcore takes a ``logging.Logger``."""

    def __init__(self, name: str = "ctxcore.testing", level: int = logging.DEBUG) -> None:
        self.records: list[logging.LogRecord] = []
        # Not registered with logging.getLogger: no global state is touched.
        self.logger: logging.Logger = logging.Logger(name, level)
        self.logger.propagate = False
        self.logger.addHandler(_ListHandler(self.records))

    @property
    def messages(self) -> list[str]:
        """The formatted message of every record, in order."""
        return [record.getMessage() for record in self.records]


class _ListHandler(logging.Handler):
    def __init__(self, records: list[logging.LogRecord]) -> None:
        super().__init__()
        self._records = records

    def emit(self, record: logging.LogRecord) -> None:
        self._records.append(record)


class CountingTempDirs:
    """The temporary-directory effect for tests: ``<base>/<prefix>0001``, ``…0002``, ...,
    created under ``base`` (a test's ``tmp_path``), so scratch paths are known in advance."""

    def __init__(self, base: str | os.PathLike[str]) -> None:
        self._base = os.fspath(base)
        self._lock = threading.Lock()
        self._count = 0
        self.made: list[str] = []

    def make(self, prefix: str) -> str:
        with self._lock:
            self._count += 1
            path = os.path.join(self._base, f"{prefix}{self._count:04d}")
            os.makedirs(path)
            self.made.append(path)
            return path


class FakeSecretProvider:
    """A ``SecretProvider`` answering from ``{(group, key, group_version): value}``; records
    each lookup's name (``calls``); ``failure`` makes every lookup raise it; ``delay`` seconds
    of sleep before answering (for timeouts)."""

    def __init__(
        self,
        secrets: Mapping[tuple[str, str | None, str | None], str] | None = None,
        *,
        failure: Exception | None = None,
        delay: float = 0.0,
        name: str = "fake",
    ) -> None:
        self._secrets = dict(secrets or {})
        self.failure = failure
        self.delay = delay
        self.name = name
        self.calls: list[tuple[str, str | None, str | None]] = []

    def __repr__(self) -> str:
        return f"FakeSecretProvider(name={self.name!r}, {len(self._secrets)} secrets)"

    def lookup(self, group: str, key: str | None, group_version: str | None) -> str | None:
        self.calls.append((group, key, group_version))
        if self.delay:
            time.sleep(self.delay)
        if self.failure is not None:
            raise self.failure
        return self._secrets.get((group, key, group_version))
