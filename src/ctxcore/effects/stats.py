"""The stats effect: statsd-style metrics."""

from __future__ import annotations

from ctxcore.core.protocols import StatsClient

__all__ = ["NullStats", "StatsClient"]


class NullStats:
    """Discards every metric (the default, like the reference's ``MockStats``)."""

    def incr(self, stat: str, count: int = 1, tags: dict[str, str] | None = None) -> None:
        return None

    def gauge(self, stat: str, value: float, tags: dict[str, str] | None = None) -> None:
        return None

    def timing(self, stat: str, ms: float, tags: dict[str, str] | None = None) -> None:
        return None
