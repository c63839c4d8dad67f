"""The timeline effect: an append-only, thread-safe record of timed steps."""

from __future__ import annotations

import threading

from ctxcore.core.decks import TimelineEntry


class MemoryTimeline:
    """Keeps the entries in memory; ``entries`` is a snapshot."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._entries: tuple[TimelineEntry, ...] = ()

    def record(self, entry: TimelineEntry) -> None:
        with self._lock:
            self._entries = (*self._entries, entry)

    @property
    def entries(self) -> tuple[TimelineEntry, ...]:
        return self._entries
