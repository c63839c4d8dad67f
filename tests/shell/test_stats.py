"""Stats clients: the statsd datagram format, and a real UDP listener on 127.0.0.1."""

from __future__ import annotations

import socket
from collections.abc import Iterator

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ctxcore.core.config.records import StatsConfig
from ctxcore.effects.stats import NullStats, UdpStatsClient, format_metric, stats_client_for


@pytest.fixture
def listener() -> Iterator[socket.socket]:
    sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    sock.bind(("127.0.0.1", 0))
    sock.settimeout(5)
    yield sock
    sock.close()


def _receive(sock: socket.socket) -> str:
    return sock.recv(65535).decode("utf-8")


def test_counters_gauges_and_timings_reach_a_real_udp_listener(listener: socket.socket) -> None:
    client = UdpStatsClient("127.0.0.1", listener.getsockname()[1], prefix="ctx")
    client.incr("tasks")
    client.incr("tasks", 3, tags={"project": "p", "domain": "d"})
    client.gauge("queue", 2.5)
    client.timing("upload", 12)
    client.close()
    assert [_receive(listener) for _ in range(4)] == [
        "ctx.tasks:1|c",
        "ctx.tasks:3|c|#domain:d,project:p",
        "ctx.queue:2.5|g",
        "ctx.upload:12|ms",
    ]


def test_disable_tags_drops_them(listener: socket.socket) -> None:
    client = UdpStatsClient("127.0.0.1", listener.getsockname()[1], disable_tags=True)
    client.incr("tasks", tags={"project": "p"})
    client.close()
    assert _receive(listener) == "tasks:1|c"


def test_a_send_to_nowhere_does_not_raise() -> None:
    client = UdpStatsClient("127.0.0.1", 9)  # discard port: nobody listens, nothing raises
    client.incr("x")
    client.close()


@pytest.mark.parametrize(("host", "port"), [("127.0.0.1", 70000), ("127.0.0.1", -1), ("a\x00b", 9)])
def test_a_send_to_an_impossible_address_does_not_raise(host: str, port: int) -> None:
    client = UdpStatsClient(host, port)
    client.incr("x")
    client.gauge("y", 1.5)
    client.close()


def test_the_socket_is_opened_on_first_use_only() -> None:
    client = UdpStatsClient("127.0.0.1", 9)
    assert client._socket is None  # pyright: ignore[reportPrivateUsage]


@pytest.mark.parametrize("stat", ["a:b", "a|b", "a@b", "a#b", "a\nb"])
def test_names_that_would_break_the_datagram_are_refused(stat: str) -> None:
    with pytest.raises(ValueError, match="statsd stat"):
        format_metric(stat, 1, "c")


def test_tags_that_would_break_the_datagram_are_refused() -> None:
    with pytest.raises(ValueError, match="statsd tag"):
        format_metric("s", 1, "c", {"k": "a,b"})


_NAME = st.text(alphabet="abcdefghijklmnopqrstuvwxyz_.", min_size=1, max_size=20)


@given(stat=_NAME, value=st.integers(-(10**9), 10**9), tags=st.dictionaries(_NAME, _NAME))
def test_a_datagram_parses_back_into_its_parts(stat: str, value: int, tags: dict[str, str]) -> None:
    line = format_metric(stat, value, "c", tags).decode()
    head, _, tag_part = line.partition("|#")
    name, _, rest = head.partition(":")
    number, _, kind = rest.partition("|")
    assert (name, int(number), kind) == (stat, value, "c")
    parsed = dict(t.split(":", 1) for t in tag_part.split(",")) if tag_part else {}
    assert parsed == tags


def test_null_stats_accepts_everything() -> None:
    stats = NullStats()
    stats.incr("a", tags={"k": "v"})
    stats.gauge("b", 1.0)
    stats.timing("c", 2.0)


def test_the_configured_client(listener: socket.socket) -> None:
    assert isinstance(stats_client_for(StatsConfig(disabled=True)), NullStats)
    port = listener.getsockname()[1]
    client = stats_client_for(StatsConfig(host="127.0.0.1", port=port, disabled_tags=True), "p")
    assert isinstance(client, UdpStatsClient)
    client.incr("n", tags={"k": "v"})
    client.close()
    assert _receive(listener) == "p.n:1|c"
