"""The stats effect: statsd-style metrics over UDP, or nowhere."""

from __future__ import annotations

import threading
from collections.abc import Mapping
from typing import TYPE_CHECKING

import attrs

from ctxcore.core._repr import fields_repr
from ctxcore.core.config.records import StatsConfig
from ctxcore.core.ports import StatsClient
from ctxcore.effects.logs import developer_logger

if TYPE_CHECKING:
    import socket

__all__ = [
    "NullStats",
    "RecordingStats",
    "UdpStatsClient",
    "stats_client_for",
]


class NullStats:
    """Discards every metric (the default, like the reference's ``MockStats``)."""

    def incr(self, stat: str, count: int = 1, tags: dict[str, str] | None = None) -> None:
        return None

    def gauge(self, stat: str, value: float, tags: dict[str, str] | None = None) -> None:
        return None

    def timing(self, stat: str, ms: float, tags: dict[str, str] | None = None) -> None:
        return None


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else repr(float(value))


def format_metric(
    stat: str,
    value: float,
    kind: str,
    tags: Mapping[str, str] | None = None,
    prefix: str | None = None,
) -> bytes:
    """One statsd datagram: ``[prefix.]stat:value|kind[|#k:v,...]`` (DogStatsD tags)."""
    for name, part in (("stat", stat), ("prefix", prefix or "")):
        if any(c in part for c in ":|@#\n"):
            raise ValueError(f"statsd {name} {part!r} contains one of ':|@#' or a newline")
    line = f"{prefix + '.' if prefix else ''}{stat}:{_number(value)}|{kind}"
    for key, tag_value in (tags or {}).items():
        if any(c in key + tag_value for c in "|,#\n") or ":" in key:
            raise ValueError(
                f"statsd tag {key!r}={tag_value!r} contains one of '|,#', a newline"
                " or, in its name, ':'"
            )
    if tags:
        line += "|#" + ",".join(f"{key}:{tags[key]}" for key in sorted(tags))
    return line.encode("utf-8")


class UdpStatsClient:
    """Sends metrics to a statsd server over UDP: fire and forget, never raising on a send.

    The socket is opened on the first metric, not at construction. With ``disable_tags`` the
    tags are dropped (the reference's ``disabled_tags``).
    """

    def __init__(
        self,
        host: str = "localhost",
        port: int = 8125,
        prefix: str | None = None,
        *,
        disable_tags: bool = False,
    ) -> None:
        self._address = (host, port)
        self._prefix = prefix
        self._disable_tags = disable_tags
        self._lock = threading.Lock()
        self._socket: socket.socket | None = None

    def incr(self, stat: str, count: int = 1, tags: dict[str, str] | None = None) -> None:
        self._send(stat, count, "c", tags)

    def gauge(self, stat: str, value: float, tags: dict[str, str] | None = None) -> None:
        self._send(stat, value, "g", tags)

    def timing(self, stat: str, ms: float, tags: dict[str, str] | None = None) -> None:
        self._send(stat, ms, "ms", tags)

    def close(self) -> None:
        """Close the socket (a later metric opens a new one)."""
        with self._lock:
            if self._socket is not None:
                self._socket.close()
                self._socket = None

    def _send(self, stat: str, value: float, kind: str, tags: dict[str, str] | None) -> None:
        datagram = format_metric(
            stat, value, kind, None if self._disable_tags else tags, self._prefix
        )
        try:
            with self._lock:
                if self._socket is None:
                    import socket  # on the first metric: most processes never send one (4 ms)

                    family = socket.AF_INET6 if ":" in self._address[0] else socket.AF_INET
                    self._socket = socket.socket(family, socket.SOCK_DGRAM)
                    self._socket.setblocking(False)
                self._socket.sendto(datagram, self._address)
        except (OSError, OverflowError, TypeError, ValueError) as error:  # or a bad address
            developer_logger.debug("statsd send to %s failed: %s", self._address, error)


def stats_client_for(config: StatsConfig, prefix: str | None = None) -> StatsClient:
    """The client ``config`` asks for: UDP to its host and port, or null when disabled."""
    if config.disabled:
        return NullStats()
    return UdpStatsClient(config.host, config.port, prefix, disable_tags=config.disabled_tags)


StatRecord = tuple[str, str, float, dict[str, str]]
"""One recorded metric: ``(kind, stat, value, tags)``, kind being ``c``, ``g`` or ``ms``."""


@attrs.define
class RecordingStats:
    """Keeps every metric in memory, for tests and summaries; equal when the records are.

    Appending to a list is atomic in CPython, so threads may share one.
    """

    __repr__ = fields_repr

    records: list[StatRecord] = attrs.field(factory=lambda: list[StatRecord]())

    def counters(self) -> dict[str, float]:
        """The sum of every counter, by name."""
        totals: dict[str, float] = {}
        for kind, stat, value, _ in self.records:
            if kind == "c":
                totals[stat] = totals.get(stat, 0) + value
        return totals

    def incr(self, stat: str, count: int = 1, tags: dict[str, str] | None = None) -> None:
        self.records.append(("c", stat, count, dict(tags or {})))

    def gauge(self, stat: str, value: float, tags: dict[str, str] | None = None) -> None:
        self.records.append(("g", stat, value, dict(tags or {})))

    def timing(self, stat: str, ms: float, tags: dict[str, str] | None = None) -> None:
        self.records.append(("ms", stat, ms, dict(tags or {})))
