"""A fault-injecting HTTP proxy for the tests: it sits between a store client (s3fs) and a local
server (moto's), and does to each request what the test's rule says: forward it, answer it
itself (``503`` with ``Retry-After``, ``403`` ...), reset the connection, or never answer.

How this works: each client connection gets a thread that reads one request at a time (its head,
then its body by ``Content-Length`` or chunked encoding), asks the rule, and acts. Forwarded
requests go to the server over one connection per client connection, and the server's answer is
relayed back whole before the next request is read: HTTP/1.1 clients wait for an answer before
they send the next request on a connection, so request boundaries are all the proxy needs to
know. A fault ends its connection (an answer says ``Connection: close``), so the client's next
request arrives on a new connection and is judged afresh. ``Expect: 100-continue`` is answered
by the proxy itself, and removed from what reaches the server.

Every request is logged with the monotonic time it was judged and what was done, so tests can
count attempts and measure the gaps between them.
"""

from __future__ import annotations

import contextlib
import select
import socket
import socketserver
import struct
import threading
import time
import urllib.parse
from collections.abc import Callable, Iterator, Mapping
from typing import BinaryIO, TypeAlias

import attrs

_STALL_POLL_SECONDS = 0.02
"""How often a stalled request looks whether its client hung up."""

_HEAD_LIMIT = 64 * 1024
"""The largest request or response head the proxy reads: S3's are a few hundred bytes; a
larger one means the proxy lost track of the stream, and it fails loudly."""


@attrs.frozen
class Request:
    """One request as the proxy read it."""

    number: int
    """1 for the proxy's first request, and so on, over all connections."""
    method: str
    target: str
    """The path and query, as sent."""
    headers: Mapping[str, str]
    """Header names in lower case."""

    @property
    def path(self) -> str:
        """The target without its query."""
        return urllib.parse.urlsplit(self.target).path

    @property
    def query(self) -> Mapping[str, list[str]]:
        """The target's query, parsed (``?uploads`` gives ``{"uploads": [""]}``)."""
        return urllib.parse.parse_qs(
            urllib.parse.urlsplit(self.target).query, keep_blank_values=True
        )


@attrs.frozen
class Forward:
    """Pass the request to the server and its answer back."""


@attrs.frozen
class Answer:
    """Answer the request instead of the server, then close the connection."""

    status: int
    reason: str
    headers: Mapping[str, str] = attrs.field(factory=lambda: dict[str, str]())
    body: bytes = b""


@attrs.frozen
class Reset:
    """Close the connection with a TCP reset instead of answering."""


@attrs.frozen
class Stall:
    """Never answer: hold the connection until the client hangs up (see ``hung_up``) or the
    proxy closes."""


Fault: TypeAlias = Forward | Answer | Reset | Stall
Rule: TypeAlias = Callable[[Request], Fault]

FORWARD = Forward()


def s3_error(status: int, code: str, headers: Mapping[str, str] | None = None) -> Answer:
    """An S3 error answer: the XML body botocore parses into ``Error.Code``."""
    reasons = {403: "Forbidden", 500: "Internal Server Error", 503: "Service Unavailable"}
    body = (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f"<Error><Code>{code}</Code><Message>{code} (injected by the test proxy)</Message>"
        "<RequestId>fault</RequestId></Error>"
    ).encode()
    return Answer(
        status,
        reasons.get(status, "Error"),
        {"Content-Type": "application/xml", **(headers or {})},
        body,
    )


@attrs.frozen
class Seen:
    """A request the proxy judged: when (``time.monotonic()``), what, and what it did."""

    at: float
    request: Request
    fault: Fault


class FaultProxy:
    """The proxy on 127.0.0.1, on a port the system chose, in front of ``upstream``
    (``http://host:port``). ``rule`` may be replaced while it runs."""

    def __init__(self, upstream: str, rule: Rule = lambda _: FORWARD) -> None:
        parts = urllib.parse.urlsplit(upstream)
        assert parts.hostname is not None, upstream
        assert parts.port is not None, upstream
        self._upstream = (parts.hostname, parts.port)
        self.rule = rule
        self._lock = threading.Lock()
        self._seen: list[Seen] = []
        self._hung_up: list[Request] = []
        self._closing = threading.Event()
        self._sockets: set[socket.socket] = set()
        proxy = self

        class Handler(socketserver.BaseRequestHandler):
            def handle(self) -> None:
                client = self.request
                assert isinstance(client, socket.socket)
                proxy._serve(client)

        self._server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        """Where clients send their requests."""
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}"

    @property
    def seen(self) -> list[Seen]:
        """Every request judged so far, in order."""
        with self._lock:
            return list(self._seen)

    @property
    def hung_up(self) -> list[Request]:
        """The stalled requests whose client has closed its connection, in order."""
        with self._lock:
            return list(self._hung_up)

    def matching(self, method: str, path_part: str = "") -> list[Seen]:
        """The requests seen with ``method`` whose path contains ``path_part``."""
        return [s for s in self.seen if s.request.method == method and path_part in s.request.path]

    def start(self) -> FaultProxy:
        self._thread.start()
        return self

    def close(self) -> None:
        """Stop accepting, release stalled requests, and close every connection."""
        self._closing.set()
        self._server.shutdown()
        self._server.server_close()
        with self._lock:
            sockets = list(self._sockets)
        for sock in sockets:
            _close_quietly(sock)
        self._thread.join(timeout=10)

    # -- one client connection -----------------------------------------------------------

    def _track(self, sock: socket.socket) -> None:
        with self._lock:
            self._sockets.add(sock)

    def _serve(self, client: socket.socket) -> None:
        self._track(client)
        upstream: socket.socket | None = None
        upstream_reader: BinaryIO | None = None
        reader = client.makefile("rb")
        try:
            while not self._closing.is_set():
                head = _read_head(reader)
                if head is None:
                    return
                request = self._request(head)
                fault = self.rule(request)
                with self._lock:
                    self._seen.append(Seen(time.monotonic(), request, fault))
                if isinstance(fault, Reset):
                    client.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
                    return
                if isinstance(fault, Stall):
                    self._stall(client, request)
                    return
                expects = request.headers.get("expect", "").lower() == "100-continue"
                if isinstance(fault, Answer):
                    if not expects:
                        _read_body(reader, request.headers)  # unread data would reset instead
                    client.sendall(_answer(fault))
                    return
                if expects:
                    client.sendall(b"HTTP/1.1 100 Continue\r\n\r\n")
                body = _read_body(reader, request.headers)
                if upstream is None or upstream_reader is None:
                    upstream = socket.create_connection(self._upstream, timeout=60)
                    self._track(upstream)
                    upstream_reader = upstream.makefile("rb")
                upstream.sendall(_without_expect(head) + body)
                if not _relay_response(upstream_reader, client, request.method):
                    return
        except OSError:
            return  # the client or the server went away: so does this connection
        finally:
            reader.close()
            if upstream_reader is not None:
                upstream_reader.close()
            if upstream is not None:
                _close_quietly(upstream)
            _close_quietly(client)

    def _stall(self, client: socket.socket, request: Request) -> None:
        """Wait, reading nothing, until the client hangs up or the proxy closes."""
        while not self._closing.wait(_STALL_POLL_SECONDS):
            readable, _, _ = select.select([client], [], [], 0)
            if readable and not client.recv(1, socket.MSG_PEEK):
                with self._lock:
                    self._hung_up.append(request)
                return

    def _request(self, head: bytes) -> Request:
        line, *header_lines = head.decode("latin-1").split("\r\n")
        method, target, _ = line.split(" ", 2)
        with self._lock:
            number = len(self._seen) + 1
        return Request(number, method, target, _headers(header_lines))

    def __enter__(self) -> FaultProxy:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.close()


def _close_quietly(sock: socket.socket) -> None:
    with contextlib.suppress(OSError):
        sock.close()


def _headers(lines: list[str]) -> dict[str, str]:
    headers: dict[str, str] = {}
    for line in lines:
        if line:
            name, _, value = line.partition(":")
            headers[name.strip().lower()] = value.strip()
    return headers


def _read_head(reader: BinaryIO) -> bytes | None:
    """The next head, up to and including its blank line; ``None`` at a clean end."""
    lines: list[bytes] = []
    size = 0
    while True:
        line = reader.readline(_HEAD_LIMIT)
        if not line:
            if lines:
                raise ConnectionError("the peer closed in the middle of a head")
            return None
        lines.append(line)
        size += len(line)
        if size >= _HEAD_LIMIT:
            raise ConnectionError("a head larger than the proxy reads")
        if line in (b"\r\n", b"\n"):
            return b"".join(lines)


def _read_exactly(reader: BinaryIO, size: int) -> bytes:
    data = reader.read(size)
    if len(data) != size:
        raise ConnectionError(f"expected {size} bytes, got {len(data)}")
    return data


def _read_chunked(reader: BinaryIO) -> bytes:
    """A chunked body, raw (sizes, chunks, trailers), as it is passed on."""
    parts: list[bytes] = []
    while True:
        size_line = reader.readline(_HEAD_LIMIT)
        parts.append(size_line)
        size = int(size_line.split(b";")[0].strip() or b"0", 16)
        if size == 0:
            break
        parts.append(_read_exactly(reader, size + 2))
    while True:  # trailers, then the blank line
        line = reader.readline(_HEAD_LIMIT)
        parts.append(line)
        if line in (b"\r\n", b"\n", b""):
            return b"".join(parts)


def _read_body(reader: BinaryIO, headers: Mapping[str, str]) -> bytes:
    if "chunked" in headers.get("transfer-encoding", "").lower():
        return _read_chunked(reader)
    return _read_exactly(reader, int(headers.get("content-length", "0")))


def _without_expect(head: bytes) -> bytes:
    lines = head.split(b"\r\n")
    return b"\r\n".join(line for line in lines if not line.lower().startswith(b"expect:"))


def _answer(fault: Answer) -> bytes:
    headers = {
        **fault.headers,
        "Content-Length": str(len(fault.body)),
        "Connection": "close",
    }
    head = f"HTTP/1.1 {fault.status} {fault.reason}\r\n" + "".join(
        f"{name}: {value}\r\n" for name, value in headers.items()
    )
    return (head + "\r\n").encode("latin-1") + fault.body


def _relay_response(reader: BinaryIO, client: socket.socket, method: str) -> bool:
    """Pass the server's answer to one request back to the client, whole; whether the
    connection may carry another request."""
    while True:
        head = _read_head(reader)
        if head is None:
            raise ConnectionError("the server closed without answering")
        status = int(head.split(b" ", 2)[1])
        client.sendall(head)
        if not 100 <= status < 200:
            break
    _, *header_lines = head.decode("latin-1").split("\r\n")
    headers = _headers(header_lines)
    for chunk in _response_body(reader, headers, method, status):
        client.sendall(chunk)
    return headers.get("connection", "").lower() != "close"


def _response_body(
    reader: BinaryIO, headers: Mapping[str, str], method: str, status: int
) -> Iterator[bytes]:
    if method == "HEAD" or status in (204, 304):
        return
    if "chunked" in headers.get("transfer-encoding", "").lower():
        yield _read_chunked(reader)
        return
    if "content-length" in headers:
        remaining = int(headers["content-length"])
        while remaining:
            chunk = reader.read(min(remaining, 1 << 16))
            if not chunk:
                raise ConnectionError("the server closed in the middle of a body")
            remaining -= len(chunk)
            yield chunk
        return
    while chunk := reader.read(1 << 16):  # no length: the body ends with the connection
        yield chunk
