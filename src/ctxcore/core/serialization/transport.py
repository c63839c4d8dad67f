"""The ``_F_SS_C`` wire format: base64 of gzip of the serialization settings' JSON.

Encoding is byte-identical to the reference: gzip level 9, mtime 0, header bytes
``1f 8b 08 00 00 00 00 00 02 ff`` (no file name, XFL 2, OS 255), standard base64 with padding.
The gzip member is assembled here around a raw deflate stream, so the result does not depend on
the Python version's ``gzip`` module (3.11's ``gzip.compress`` writes another OS byte).

Decoding is total and bounded: ``decode_transport`` returns a ``Result`` and never inflates
more than ``max_size`` bytes (a gzip bomb is refused after reading at most that much), and
every failure — bad base64, a bad or truncated gzip stream, too much data, bytes that are not
UTF-8, text that is not JSON, fields of the wrong type — is a ``TransportError`` saying which.
"""

from __future__ import annotations

import base64
import binascii
import re
import zlib
from typing import TYPE_CHECKING, Final, cast

from ctxcore.core import results
from ctxcore.core.errors import TransportError, TransportStage

if TYPE_CHECKING:
    from returns.result import Result

    from ctxcore.core.serialization.settings import SerializationSettings

__all__ = [
    "DEFAULT_MAX_TRANSPORT_SIZE",
    "SERIALIZED_CONTEXT_ENV_VAR",
    "decode_transport",
    "decode_transport_text",
    "encode_transport_text",
]

SERIALIZED_CONTEXT_ENV_VAR: Final = "_F_SS_C"
"""The environment variable that carries the serialized settings into a task container."""

DEFAULT_MAX_TRANSPORT_SIZE: Final = 1 << 20
"""The most bytes of JSON a serialized context may inflate to (1 MiB) unless told otherwise."""

_GZIP_HEADER: Final = bytes.fromhex("1f8b08000000000002ff")
_GZIP_MAGIC: Final = b"\x1f\x8b"
_PLAIN_HEADER_START: Final = b"\x1f\x8b\x08\x00"
_DEFLATED: Final = 8
_FHCRC, _FEXTRA, _FNAME, _FCOMMENT, _FRESERVED = 0x02, 0x04, 0x08, 0x10, 0xE0
_FIRST_CHUNK: Final = 1 << 10
_LARGEST_CHUNK: Final = 1 << 16
"""Inflation reads 1 KiB, then twice as much each round up to 64 KiB: a small value costs one
small read, and a bomb is caught a chunk past the bound, never a whole member past it."""


def _context_error(stage: TransportStage, reason: str) -> TransportError:
    return TransportError("serialized context", stage, reason)


def gzip_member(data: bytes) -> bytes:
    """``data`` as one gzip member exactly as the reference writes it (level 9, mtime 0)."""
    compressor = zlib.compressobj(9, zlib.DEFLATED, -zlib.MAX_WBITS, zlib.DEF_MEM_LEVEL, 0)
    return b"".join(
        (
            _GZIP_HEADER,
            compressor.compress(data),
            compressor.flush(),
            zlib.crc32(data).to_bytes(4, "little"),
            (len(data) & 0xFFFFFFFF).to_bytes(4, "little"),
        )
    )


def encode_transport_text(json_text: str) -> str:
    """The ``_F_SS_C`` value carrying ``json_text``: base64 of its gzipped UTF-8 bytes."""
    return base64.b64encode(gzip_member(json_text.encode("utf-8"))).decode("ascii")


def _encoded_limit(max_size: int) -> int:
    # The longest base64 text a valid value of at most `max_size` inflated bytes can need:
    # deflate adds at most 5 bytes per 16 KiB stored block, gzip 18 bytes per member.
    compressed = max_size + 5 * (max_size // 16_384 + 1) + 64
    return 4 * (compressed // 3 + 1)


def _header_end(data: bytes, pos: int) -> int | TransportError:
    """The offset just past the gzip member header that starts at ``pos``, or why there is
    none (returned, not wrapped: this runs on every decode)."""
    end = len(data)
    if data.startswith(_PLAIN_HEADER_START, pos) and end - pos >= 10:
        return pos + 10  # the common case: no optional header fields
    if not _GZIP_MAGIC.startswith(data[pos : pos + 2]):
        return _context_error("gzip", f"no gzip header (bad magic) at byte {pos}")
    if end - pos < 10:
        return _context_error("gzip", f"truncated gzip header at byte {pos}")
    if data[pos + 2] != _DEFLATED:
        return _context_error("gzip", f"unknown compression method {data[pos + 2]} at byte {pos}")
    flags = data[pos + 3]
    if flags & _FRESERVED:
        return _context_error("gzip", f"reserved header flags set at byte {pos}")
    cursor = pos + 10
    if flags & _FEXTRA:
        if end - cursor < 2:
            return _context_error("gzip", "truncated gzip header (extra field)")
        cursor += 2 + int.from_bytes(data[cursor : cursor + 2], "little")
    for flag, what in ((_FNAME, "file name"), (_FCOMMENT, "comment")):
        if flags & flag:
            zero = data.find(b"\x00", cursor)
            if zero < 0:
                return _context_error("gzip", f"truncated gzip header ({what})")
            cursor = zero + 1
    if flags & _FHCRC:
        cursor += 2
    if cursor > end:
        return _context_error("gzip", "truncated gzip header")
    return cursor


def _inflate_member(
    data: memoryview, pos: int, budget: int, limit: int
) -> tuple[bytes, int] | TransportError:
    """Inflate the deflate stream at ``pos`` and check the trailer; at most ``budget`` bytes.
    The content and the offset past the member, or why not (returned, not wrapped).

    Input is fed in growing chunks so that neither zlib's leftovers nor the output ever hold
    more than a chunk beyond the budget.
    """
    inflater = zlib.decompressobj(-zlib.MAX_WBITS)
    parts: list[bytes] = []
    produced = 0
    crc = 0
    chunk_size = _FIRST_CHUNK
    end = len(data)
    while not inflater.eof:
        if pos >= end:
            return _context_error("gzip", "truncated gzip stream (the compressed data ends early)")
        chunk = data[pos : pos + chunk_size]
        try:
            part = inflater.decompress(chunk, budget - produced + 1)
        except zlib.error as error:
            return _context_error("gzip", f"bad deflate data: {error}")
        produced += len(part)
        if produced > budget:
            return _context_error("size", f"inflates to more than {limit} bytes")
        crc = zlib.crc32(part, crc)
        parts.append(part)
        pos += len(chunk) - len(inflater.unconsumed_tail) - len(inflater.unused_data)
        chunk_size = min(chunk_size * 2, _LARGEST_CHUNK)
    if end - pos < 8:
        return _context_error("gzip", "truncated gzip trailer")
    if int.from_bytes(data[pos : pos + 4], "little") != crc:
        return _context_error("gzip", "CRC check failed")
    if int.from_bytes(data[pos + 4 : pos + 8], "little") != produced & 0xFFFFFFFF:
        return _context_error("gzip", "length check failed")
    return b"".join(parts), pos + 8


def gunzip_bounded(data: bytes, max_size: int) -> Result[bytes, TransportError]:
    """The content of the gzip ``data`` (one or more members, zero padding between them, as
    ``gzip.decompress`` accepts), or an error; never more than ``max_size`` bytes inflated."""
    content = _gunzipped(data, max_size)
    return (
        results.Failure(content)
        if isinstance(content, TransportError)
        else results.Success(content)
    )


def _gunzipped(data: bytes, max_size: int) -> bytes | TransportError:
    """``gunzip_bounded``, its error returned rather than wrapped (it runs on every decode)."""
    view = memoryview(data)
    members: list[bytes] = []
    total = 0
    pos = 0
    while True:
        header = _header_end(data, pos)
        if isinstance(header, TransportError):
            return header
        member = _inflate_member(view, header, max_size - total, max_size)
        if isinstance(member, TransportError):
            return member
        content, pos = member
        members.append(content)
        total += len(content)
        while pos < len(data) and data[pos] == 0:
            pos += 1
        if pos >= len(data):
            return b"".join(members)


_MIME_SPACES = " \t\r\n"
"""The only characters taken out of a ``_F_SS_C`` value before base64, wherever they are: any
other (a form feed, a no-break space) is refused, alone or beside these."""
_WITHOUT_MIME_SPACES = str.maketrans("", "", _MIME_SPACES)
_MIME_SPACE = re.compile(f"[{_MIME_SPACES}]")


def decode_transport_text(
    s: str, max_size: int = DEFAULT_MAX_TRANSPORT_SIZE
) -> Result[str, TransportError]:
    """The JSON text inside a ``_F_SS_C`` value (base64 → gzip → UTF-8), bounded by
    ``max_size`` inflated bytes."""
    text = _transport_text(s, max_size)
    return results.Failure(text) if isinstance(text, TransportError) else results.Success(text)


def _transport_text(s: str, max_size: int) -> str | TransportError:
    """``decode_transport_text``, its error returned rather than wrapped (every decode)."""
    given = cast(object, s)  # outside input: checked, whatever the annotation says
    if not isinstance(given, str):
        return _context_error("input", f"expected str, got {type(given).__name__}")
    if len(s) > _encoded_limit(max_size):
        return _context_error(
            "size", f"{len(s)} characters of base64 cannot hold at most {max_size} bytes"
        )
    text = given
    if _MIME_SPACE.search(text):  # MIME-style line breaks: accepted
        text = text.translate(_WITHOUT_MIME_SPACES)
    try:
        compressed = base64.b64decode(text, validate=True)
    except (binascii.Error, ValueError) as error:
        return _context_error("base64", str(error))
    if not compressed:
        return _context_error("gzip", "no data")
    inflated = _gunzipped(compressed, max_size)
    if isinstance(inflated, TransportError):
        return inflated
    try:
        return inflated.decode("utf-8")
    except UnicodeDecodeError as error:
        return _context_error("utf-8", str(error))


def decode_transport(
    s: str, max_size: int = DEFAULT_MAX_TRANSPORT_SIZE
) -> Result[SerializationSettings, TransportError]:
    """The settings a ``_F_SS_C`` value carries, or a ``TransportError`` saying what is wrong.

    Accepts what the reference's ``serialized_context`` produces. At most ``max_size`` bytes
    are ever inflated (default 1 MiB).
    """
    settings = decode_transport_or_error(s, max_size)
    return (
        results.Failure(settings)
        if isinstance(settings, TransportError)
        else results.Success(settings)
    )


def decode_transport_or_error(
    s: str, max_size: int = DEFAULT_MAX_TRANSPORT_SIZE
) -> SerializationSettings | TransportError:
    """``decode_transport``, its error returned rather than wrapped in a ``Result``: what
    ``from_transport`` raises or returns, a wrapper less on every call (W6)."""
    text = _transport_text(s, max_size)
    if isinstance(text, TransportError):
        return text
    return _decoding.settings_or_error(text, source="serialized context")


# Bound at the end, as a module: ``decoding`` imports this module's size limit, so it cannot come
# first, and its functions may not be defined yet when this line runs (when ``decoding`` is
# imported first). An import statement in ``decode_transport`` would cost 1-3 µs a call (W6).
from ctxcore.core.serialization import decoding as _decoding  # noqa: E402
