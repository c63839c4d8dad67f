"""`make docs-check`: the built site, opened page by page in headless Chromium.

Usage: ``python tools/docs_check.py SITE_DIR SCREENS_DIR``.

Two checks, then a report; the exit status is 1 when either found something.

1. Without a browser: every ``<a href>``, ``<img src>``, ``<link href>`` and ``<script src>`` of
   every HTML file that points inside the site must name a file of ``SITE_DIR``, and a
   ``#fragment`` must name an ``id`` of the page it points to.
2. In Chromium, driven over the DevTools protocol (a small websocket client below, stdlib only):
   the site is served on 127.0.0.1 and each page (every ``index.html``) is opened at
   1280x900; a console error, an uncaught exception, a request that fails or answers 4xx/5xx,
   and an ``<img>`` that did not load are findings. Every host but 127.0.0.1 resolves to nothing
   (``--host-resolver-rules``), so a page that needs the network (web fonts, a CDN) is a
   finding here, as it would be for a reader offline. A screenshot of each page is saved under
   ``SCREENS_DIR`` (``guides/testing.png`` for ``guides/testing/index.html``).

``screenshot(page)`` opens one HTML file the same way, for tests of pages ctxcore writes.

The browser is ``$CHROMIUM``, else the first of ``chromium``, ``chromium-browser``,
``google-chrome`` on ``PATH`` (Debian: ``apt-get install chromium``).
"""

from __future__ import annotations

import base64
import contextlib
import functools
import http.server
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request
from collections.abc import Generator, Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import cast

_WIDTH, _HEIGHT = 1280, 900
_TIMEOUT = 30.0
_SETTLE_MS = 400  # after the load event: what scripts start then (search index, fonts) ends


# --- links, without a browser -------------------------------------------------------------


class _Page(HTMLParser):
    """The ids of an HTML page and the URLs it refers to (attribute, value)."""

    def __init__(self) -> None:
        super().__init__()
        self.ids: set[str] = set()
        self.refs: list[tuple[str, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        wanted = {"a": "href", "img": "src", "link": "href", "script": "src"}.get(tag)
        for name, value in attrs:
            if value is None:
                continue
            if name in ("id", "name"):
                self.ids.add(value)
            if name == wanted:
                self.refs.append((f"<{tag} {name}>", value))


@functools.cache
def _parse(path: Path) -> _Page:
    page = _Page()
    page.feed(path.read_text(encoding="utf-8"))
    return page


def _target(site: Path, page: Path, url: str) -> tuple[Path, str] | None:
    """The file of ``site`` an internal ``url`` of ``page`` names, and its fragment; ``None``
    for an external URL."""
    parts = urllib.parse.urlsplit(url)
    if parts.scheme or parts.netloc:
        return None
    if not parts.path:
        return page, parts.fragment
    base = site if parts.path.startswith("/") else page.parent
    target = (base / urllib.parse.unquote(parts.path).lstrip("/")).resolve()
    if target.is_dir() or parts.path.endswith("/"):
        target = target / "index.html"
    return target, parts.fragment


def broken_links(site: Path) -> list[str]:
    """Every internal reference of the site's HTML that names no file, or no id of its page."""
    site = site.resolve()
    found: list[str] = []
    for page in sorted(site.rglob("*.html")):
        if page.name == "404.html":  # served at any depth: its links are relative to the root
            continue
        where = page.relative_to(site)
        for kind, url in _parse(page).refs:
            resolved = _target(site, page, url)
            if resolved is None:
                continue
            target, fragment = resolved
            if not target.is_relative_to(site) or not target.is_file():
                found.append(f"{where}: {kind} {url!r} names no file of the site")
            elif fragment and target.suffix == ".html" and fragment not in _parse(target).ids:
                found.append(f"{where}: {kind} {url!r}: no id {fragment!r} on that page")
    return found


# --- a websocket client, enough for the DevTools protocol ---------------------------------


class _WebSocket:
    """RFC 6455, client side: text frames out (masked), text frames in; pings answered."""

    def __init__(self, url: str) -> None:
        parts = urllib.parse.urlsplit(url)
        address = (parts.hostname or "127.0.0.1", parts.port or 80)
        self._sock = socket.create_connection(address, timeout=_TIMEOUT)
        self._in = self._sock.makefile("rb")
        key = base64.b64encode(os.urandom(16)).decode()
        request = (
            f"GET {parts.path} HTTP/1.1\r\nHost: {parts.netloc}\r\nUpgrade: websocket\r\n"
            f"Connection: Upgrade\r\nSec-WebSocket-Key: {key}\r\n"
            "Sec-WebSocket-Version: 13\r\n\r\n"
        )
        self._sock.sendall(request.encode())
        status = self._in.readline()
        if b" 101 " not in status:
            raise RuntimeError(f"websocket handshake refused: {status!r}")
        while self._in.readline() not in (b"\r\n", b""):
            pass

    def _send(self, opcode: int, payload: bytes) -> None:
        size = len(payload)
        if size < 126:
            header = bytes([0x80 | opcode, 0x80 | size])
        elif size < 1 << 16:
            header = bytes([0x80 | opcode, 0x80 | 126]) + size.to_bytes(2, "big")
        else:
            header = bytes([0x80 | opcode, 0x80 | 127]) + size.to_bytes(8, "big")
        mask = os.urandom(4)
        masked = bytes(byte ^ mask[i % 4] for i, byte in enumerate(payload))
        self._sock.sendall(header + mask + masked)

    def send(self, text: str) -> None:
        self._send(0x1, text.encode())

    def _exactly(self, size: int) -> bytes:
        data = self._in.read(size)
        if len(data) != size:
            raise ConnectionError("the browser closed the DevTools connection")
        return data

    def receive(self) -> str:
        message = b""
        while True:
            first, second = self._exactly(2)
            opcode, size = first & 0x0F, second & 0x7F
            if size == 126:
                size = int.from_bytes(self._exactly(2), "big")
            elif size == 127:
                size = int.from_bytes(self._exactly(8), "big")
            payload = self._exactly(size)  # a server never masks
            if opcode == 0x8:
                raise ConnectionError("the browser closed the DevTools connection")
            if opcode == 0x9:
                self._send(0xA, payload)
                continue
            if opcode in (0x0, 0x1, 0x2):
                message += payload
                if first & 0x80:
                    return message.decode()

    def close(self) -> None:
        with contextlib.suppress(OSError):
            self._send(0x8, b"")
        self._in.close()
        self._sock.close()


Json = dict[str, object]


class _DevTools:
    """Commands to one page target, and the events that arrive meanwhile."""

    def __init__(self, socket_url: str) -> None:
        self._ws = _WebSocket(socket_url)
        self._next = 0
        self.events: list[Json] = []

    def _read(self) -> Json:
        message: object = json.loads(self._ws.receive())
        return _object(message)

    def call(self, method: str, **params: object) -> Json:
        self._next += 1
        self._ws.send(json.dumps({"id": self._next, "method": method, "params": params}))
        while True:
            message = self._read()
            if message.get("id") == self._next:
                if "error" in message:
                    raise RuntimeError(f"{method}: {message['error']}")
                return _object(message.get("result"))
            self.events.append(message)

    def wait_for(self, method: str) -> Json:
        deadline = time.monotonic() + _TIMEOUT
        while time.monotonic() < deadline:
            for event in self.events:
                if event.get("method") == method:
                    return event
            self.events.append(self._read())
        raise TimeoutError(f"no {method} within {_TIMEOUT} s")

    def close(self) -> None:
        self._ws.close()


def _object(value: object) -> Json:
    """A JSON object as a dict (``{}`` for anything else)."""
    if isinstance(value, dict):
        return {str(key): item for key, item in cast("dict[object, object]", value).items()}
    return {}


def _list(value: object) -> list[object]:
    """A JSON array as a list (``[]`` for anything else)."""
    return list(cast("list[object]", value)) if isinstance(value, list) else []


def _text(value: object) -> str:
    return value if isinstance(value, str) else json.dumps(value)


# --- the browser, the server and the pages ------------------------------------------------


def _chromium() -> str:
    for name in (os.environ.get("CHROMIUM"), "chromium", "chromium-browser", "google-chrome"):
        if name and (found := shutil.which(name)):
            return found
    raise SystemExit(
        "docs-check needs Chromium: set CHROMIUM, or install it (Debian: apt-get install chromium)"
    )


@contextlib.contextmanager
def _served(site: Path) -> Generator[tuple[str, list[str]]]:
    """The site on 127.0.0.1, and the list of requests it answered with an error."""
    errors: list[str] = []

    class Handler(http.server.SimpleHTTPRequestHandler):
        def log_message(self, format: str, *args: object) -> None:
            pass

        def log_error(self, format: str, *args: object) -> None:
            errors.append(f"server: {format % args} ({self.path})")

    handler = functools.partial(Handler, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", errors
    finally:
        server.shutdown()
        server.server_close()


@contextlib.contextmanager
def _browser(profile: Path) -> Generator[_DevTools]:
    command = [
        _chromium(),
        "--headless",
        "--no-sandbox",  # containers run it as root
        "--disable-gpu",
        "--no-first-run",
        "--no-default-browser-check",
        "--hide-scrollbars",
        "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
        "--remote-debugging-port=0",
        f"--user-data-dir={profile}",
        f"--window-size={_WIDTH},{_HEIGHT}",
        "about:blank",
    ]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        port_file = profile / "DevToolsActivePort"
        deadline = time.monotonic() + _TIMEOUT
        while not (port_file.is_file() and port_file.read_text().count("\n") >= 1):
            if process.poll() is not None or time.monotonic() > deadline:
                raise SystemExit(f"Chromium did not start ({command[0]})")
            time.sleep(0.05)
        port = port_file.read_text().splitlines()[0]
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/json/list", timeout=_TIMEOUT) as r:
            targets: object = json.load(r)
        pages = [_object(t) for t in _list(targets) if _object(t).get("type") == "page"]
        devtools = _DevTools(_text(pages[0]["webSocketDebuggerUrl"]))
        try:
            for domain in ("Page", "Runtime", "Log", "Network"):
                devtools.call(f"{domain}.enable")
            devtools.call(
                "Emulation.setDeviceMetricsOverride",
                width=_WIDTH,
                height=_HEIGHT,
                deviceScaleFactor=1,
                mobile=False,
            )
            yield devtools
        finally:
            devtools.close()
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


_BROKEN_IMAGES = f"""
new Promise(resolve => setTimeout(resolve, {_SETTLE_MS})).then(() =>
  Array.from(document.images)
    .filter(image => !image.complete || image.naturalWidth === 0)
    .map(image => image.currentSrc || image.src))
"""


def _findings(events: list[Json]) -> Iterator[str]:
    urls: dict[object, str] = {}  # request id -> URL, for the failures that give only the id
    for event in events:
        method, params = event.get("method"), _object(event.get("params"))
        if method == "Network.requestWillBeSent":
            urls[params.get("requestId")] = _text(_object(params.get("request")).get("url"))
        if method == "Runtime.consoleAPICalled" and params.get("type") in ("error", "assert"):
            texts = [
                _text(_object(arg).get("value", _object(arg).get("description")))
                for arg in _list(params.get("args"))
            ]
            yield "console error: " + " ".join(texts)
        elif method == "Runtime.exceptionThrown":
            details = _object(params.get("exceptionDetails"))
            exception = _object(details.get("exception"))
            yield f"uncaught: {_text(exception.get('description', details.get('text')))}"
        elif method == "Log.entryAdded":
            entry = _object(params.get("entry"))
            if entry.get("level") == "error":
                yield f"console error: {_text(entry.get('text'))} {_text(entry.get('url', ''))}"
        elif method == "Network.loadingFailed" and not params.get("canceled"):
            url = urls.get(params.get("requestId"), "?")
            yield f"request failed: {_text(params.get('errorText'))} {url}"
        elif method == "Network.responseReceived":
            response = _object(params.get("response"))
            status = response.get("status")
            if isinstance(status, int) and status >= 400:
                yield f"HTTP {status}: {_text(response.get('url'))}"


def _visit(devtools: _DevTools, url: str, where: str) -> tuple[list[str], bytes]:
    """Open ``url``: its findings (each prefixed with ``where``) and its screenshot (PNG)."""
    devtools.events.clear()
    devtools.call("Page.navigate", url=url)
    devtools.wait_for("Page.loadEventFired")
    result = devtools.call(
        "Runtime.evaluate",
        expression=_BROKEN_IMAGES,
        awaitPromise=True,
        returnByValue=True,
    )
    broken = _list(_object(result.get("result")).get("value"))
    found = [f"{where}: image did not load: {_text(image)}" for image in broken]
    found.extend(f"{where}: {finding}" for finding in _findings(devtools.events))
    shot = base64.b64decode(_text(devtools.call("Page.captureScreenshot")["data"]))
    return found, shot


def check_pages(site: Path, screens: Path) -> tuple[list[str], list[Path]]:
    """Open every page of ``site``; the findings, and the screenshots written."""
    found: list[str] = []
    shots: list[Path] = []
    pages = sorted(site.rglob("index.html"))
    with (
        tempfile.TemporaryDirectory(prefix="docs-check-") as profile,
        _served(site) as (root, server_errors),
        _browser(Path(profile)) as devtools,
    ):
        for page in pages:
            path = page.parent.relative_to(site).as_posix()
            url = f"{root}/{path}/" if path != "." else f"{root}/"
            where = path if path != "." else "index"
            page_findings, shot = _visit(devtools, url, where)
            found.extend(page_findings)
            target = screens / f"{where}.png"
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(shot)
            shots.append(target)
        found.extend(server_errors)
    return found, shots


def screenshot(page: Path) -> tuple[list[str], bytes]:
    """One HTML file, served from its directory on 127.0.0.1 and opened as the site's pages
    are (1280x900, nothing outside reachable): its findings and its screenshot (PNG). The
    tests check pages that ctxcore writes (the demo's report) with it."""
    with (
        tempfile.TemporaryDirectory(prefix="docs-check-") as profile,
        _served(page.parent) as (root, server_errors),
        _browser(Path(profile)) as devtools,
    ):
        found, shot = _visit(devtools, f"{root}/{urllib.parse.quote(page.name)}", page.name)
    return [*found, *server_errors], shot


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    site, screens = Path(argv[0]).resolve(), Path(argv[1])
    if not (site / "index.html").is_file():
        print(f"{site} has no index.html: build the site first (make docs)", file=sys.stderr)
        return 2
    shutil.rmtree(screens, ignore_errors=True)
    found = broken_links(site)
    page_findings, shots = check_pages(site, screens)
    found.extend(page_findings)
    for line in found:
        print(line)
    pages = len(shots)
    print(f"docs-check: {pages} pages opened, {len(found)} findings, screenshots in {screens}")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
