"""The timeline effect: an append-only, thread-safe record of timed steps."""

from __future__ import annotations

import collections
import threading

from ctxcore.core.execution.decks import TimelineEntry

__all__ = [
    "MemoryTimeline",
]

DEFAULT_TIMELINE_LIMIT = 10_000
"""How many entries a timeline keeps; older ones are dropped (a long-lived process would
otherwise grow without bound)."""


class MemoryTimeline:
    """Keeps the latest ``limit`` entries in memory; recording is O(1), ``entries`` a copy."""

    def __init__(self, limit: int = DEFAULT_TIMELINE_LIMIT) -> None:
        self._lock = threading.Lock()
        self._entries: collections.deque[TimelineEntry] = collections.deque(maxlen=limit)

    def record(self, entry: TimelineEntry) -> None:
        with self._lock:
            self._entries.append(entry)

    @property
    def entries(self) -> tuple[TimelineEntry, ...]:
        with self._lock:
            return tuple(self._entries)
