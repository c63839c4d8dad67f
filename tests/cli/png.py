"""Just enough of PNG to count a screenshot's colours: 8-bit RGB or RGBA, not interlaced (what
Chromium's ``Page.captureScreenshot`` writes), decoded with the standard library only."""

from __future__ import annotations

import struct
import zlib
from collections import Counter

_SIGNATURE = b"\x89PNG\r\n\x1a\n"
_CHANNELS = {2: 3, 6: 4}  # colour type -> bytes per pixel (8-bit samples)


def _paeth(left: int, up: int, up_left: int) -> int:
    estimate = left + up - up_left
    to_left, to_up, to_up_left = abs(estimate - left), abs(estimate - up), abs(estimate - up_left)
    if to_left <= to_up and to_left <= to_up_left:
        return left
    return up if to_up <= to_up_left else up_left


def _unfilter(kind: int, line: bytearray, previous: bytes, step: int) -> None:
    """Undo one scanline's filter in place (PNG spec, section 9)."""
    if kind == 0:
        return
    if kind == 2:
        line[:] = bytes((a + b) & 0xFF for a, b in zip(line, previous, strict=True))
        return
    for i in range(len(line)):
        left = line[i - step] if i >= step else 0
        up = previous[i]
        if kind == 1:
            line[i] = (line[i] + left) & 0xFF
        elif kind == 3:
            line[i] = (line[i] + (left + up) // 2) & 0xFF
        elif kind == 4:
            up_left = previous[i - step] if i >= step else 0
            line[i] = (line[i] + _paeth(left, up, up_left)) & 0xFF
        else:
            raise ValueError(f"unknown PNG filter {kind}")


def colour_counts(png: bytes) -> tuple[int, int, Counter[str]]:
    """Width, height and the number of pixels of each colour (``#rrggbb``, alpha ignored)."""
    if not png.startswith(_SIGNATURE):
        raise ValueError("not a PNG")
    at = len(_SIGNATURE)
    header = b""
    data = bytearray()
    while at < len(png):
        (size,) = struct.unpack(">I", png[at : at + 4])
        kind, body = png[at + 4 : at + 8], png[at + 8 : at + 8 + size]
        at += 12 + size
        if kind == b"IHDR":
            header = body
        elif kind == b"IDAT":
            data += body
    width, height, depth, colour, _, _, interlace = struct.unpack(">IIBBBBB", header)
    if depth != 8 or colour not in _CHANNELS or interlace:
        raise ValueError(f"unsupported PNG: depth {depth}, colour type {colour}")
    step = _CHANNELS[colour]
    raw = zlib.decompress(bytes(data))
    stride = width * step
    previous = bytes(stride)
    counts: Counter[str] = Counter()
    for row in range(height):
        start = row * (stride + 1)
        line = bytearray(raw[start + 1 : start + 1 + stride])
        _unfilter(raw[start], line, previous, step)
        counts.update(
            f"#{line[i]:02x}{line[i + 1]:02x}{line[i + 2]:02x}" for i in range(0, stride, step)
        )
        previous = bytes(line)
    return width, height, counts
