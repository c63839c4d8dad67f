"""The ``_F_SS_C`` decoder's size bounds, exactly: where the base64 bound lies, where each header
field ends, and how much a member may inflate. Each test pins one edge that a mutation of the
bound would move (``make mutation`` runs them against such mutations)."""

from __future__ import annotations

import base64
import random
import zlib

import pytest
from returns.result import Failure, Success

from ctxcore.core.errors import TransportError
from ctxcore.core.serialization.transport import (
    _encoded_limit,  # pyright: ignore[reportPrivateUsage]
    decode_transport_text,
    gunzip_bounded,
    gzip_member,
)

_HEADER = bytes.fromhex("1f8b08000000000002ff")
_FHCRC, _FEXTRA, _FNAME, _FCOMMENT = 0x02, 0x04, 0x08, 0x10


def _failure(data: bytes, max_size: int = 1 << 20) -> TransportError:
    result = gunzip_bounded(data, max_size)
    assert isinstance(result, Failure), result
    error: TransportError = result.failure()
    return error


def _body(content: bytes) -> bytes:
    """The raw deflate stream and trailer of ``content``: a member without its header."""
    return gzip_member(content)[len(_HEADER) :]


# -- The base64 bound -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("max_size", "characters"),
    [
        (0, 96),
        (2, 96),
        (3, 100),
        (11, 108),
        (16_383, 21_940),
        (16_384, 21_948),
        (16_385, 21_948),
        (1 << 20, 1_398_624),
    ],
)
def test_the_base64_bound_is_the_stored_size_plus_overhead(max_size: int, characters: int) -> None:
    # max_size bytes stored in deflate blocks (5 bytes per 16 KiB block and one more), 64 bytes
    # of gzip framing, as base64: 4 characters per 3 bytes, rounded up and one group more.
    assert _encoded_limit(max_size) == characters
    at_bound = decode_transport_text("A" * characters, max_size)
    assert isinstance(at_bound, Failure)
    assert at_bound.failure().stage != "size"  # read, then refused for what it is
    past_bound = decode_transport_text("A" * (characters + 1), max_size)
    assert isinstance(past_bound, Failure)
    assert past_bound.failure().stage == "size"
    assert f"{characters + 1} characters of base64" in str(past_bound.failure())


@pytest.mark.parametrize("max_size", [1, 2, 100, 16_384, 16_385, 65_536, 200_000])
def test_the_base64_bound_admits_incompressible_content_of_the_largest_size(max_size: int) -> None:
    content = b"\xff" + random.Random(max_size).randbytes(max_size - 1)
    value = base64.b64encode(gzip_member(content)).decode()
    assert len(value) <= _encoded_limit(max_size)
    result = decode_transport_text(value, max_size)
    assert isinstance(result, Failure)
    assert result.failure().stage == "utf-8"  # past the size checks: random bytes are not text


# -- Where the header ends ----------------------------------------------------------------------


def _header(flags: int, fields: bytes = b"") -> bytes:
    return b"\x1f\x8b\x08" + bytes([flags]) + b"\x00" * 4 + b"\x02\xff" + fields


@pytest.mark.parametrize(
    ("flags", "fields"),
    [
        (_FEXTRA, (3).to_bytes(2, "little") + b"abc"),
        (_FEXTRA, (0x0102).to_bytes(2, "little") + b"x" * 0x0102),
        (_FNAME, b"settings.json\x00"),
        (_FCOMMENT, b"a comment\x00"),
        (_FNAME | _FCOMMENT, b"name\x00comment\x00"),
        (_FHCRC, b"\x12\x34"),
        (_FEXTRA | _FNAME | _FCOMMENT | _FHCRC, b"\x01\x00?name\x00\x00\x12\x34"),
    ],
)
def test_optional_header_fields_are_skipped_exactly(flags: int, fields: bytes) -> None:
    content = b'{"image_config": {}}'
    assert gunzip_bounded(_header(flags, fields) + _body(content), 100) == Success(content)
    # One byte less of the fields and the stream starts inside them: never the same content.
    assert gunzip_bounded(_header(flags, fields[:-1]) + _body(content), 100) != Success(content)


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"\x1f\x8b\x08\x00\x00\x00\x00", "truncated gzip header at byte 0"),
        (b"\x1f\x8b\x08\x00" + b"\x00" * 6, "truncated gzip stream"),
        (_header(_FNAME, b"name\x00"), "truncated gzip stream"),
        (_header(_FCOMMENT, b"\x00"), "truncated gzip stream"),
        (_header(_FHCRC, b"\x00\x00"), "truncated gzip stream"),
        (_header(_FHCRC, b"\x00"), "truncated gzip header"),
        (_header(_FEXTRA, b"\x02\x00ab"), "truncated gzip stream"),
        (_header(_FEXTRA, b"\x03\x00ab"), "truncated gzip header"),
        (_header(_FEXTRA, b"\x02"), "truncated gzip header (extra field)"),
        (b"\x1f", "truncated gzip header at byte 0"),
        (b"\x8b\x1f" + b"\x00" * 8, "no gzip header (bad magic) at byte 0"),
        (gzip_member(b"ab") + b"\x1f\x8b\x08\x00", "truncated gzip header at byte 22"),
        (gzip_member(b"ab") + b"\x1f\x8b\x09" + b"\x00" * 7, "unknown compression method 9"),
        (gzip_member(b"ab") + b"\x1f\x8b\x08\x20" + b"\x00" * 6, "reserved header flags set"),
    ],
)
def test_a_header_that_ends_early_says_where(data: bytes, reason: str) -> None:
    error = _failure(data)
    assert error.stage == "gzip"
    assert reason in error.reason, error.reason


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"\x1f\x8b\x08", "truncated gzip header at byte 0"),
        (b"\x1f\x8c" + b"\x00" * 8, "no gzip header (bad magic) at byte 0"),
        (
            gzip_member(b"ab") + b"\x1f\x8b\x09" + b"\x00" * 7,
            "unknown compression method 9 at byte 22",
        ),
        (
            gzip_member(b"ab") + b"\x1f\x8b\x08\x80" + b"\x00" * 6,
            "reserved header flags set at byte 22",
        ),
        (_header(_FEXTRA, b"\x02"), "truncated gzip header (extra field)"),
        (_header(_FNAME, b"name"), "truncated gzip header (file name)"),
        (_header(_FNAME | _FCOMMENT, b"name\x00comment"), "truncated gzip header (comment)"),
        (_header(_FHCRC, b"\x00"), "truncated gzip header"),
        (_header(0), "truncated gzip stream (the compressed data ends early)"),
        (gzip_member(b"abc" * 9)[:14], "truncated gzip stream (the compressed data ends early)"),
        (
            _header(0) + b"\x07",
            "bad deflate data: Error -3 while decompressing data: invalid block type",
        ),
        (gzip_member(b"abc")[:-1], "truncated gzip trailer"),
        (gzip_member(b"abc")[:-8] + b"\x00" * 4 + gzip_member(b"abc")[-4:], "CRC check failed"),
        (gzip_member(b"abc")[:-4] + b"\x04\x00\x00\x00", "length check failed"),
    ],
)
def test_every_gzip_reason_reads_as_written(data: bytes, reason: str) -> None:
    # What a user sees in the TransportError, word for word.
    error = _failure(data)
    assert (error.stage, error.reason) == ("gzip", reason)
    assert str(error) == f"serialized context: bad gzip data: {reason}"


def test_the_reasons_before_gzip_read_as_written() -> None:
    empty = decode_transport_text("  ")
    assert isinstance(empty, Failure)
    assert (empty.failure().stage, empty.failure().reason) == ("gzip", "no data")
    given: object = b"H4sI"
    not_text = decode_transport_text(given)  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]
    assert isinstance(not_text, Failure)
    assert (not_text.failure().stage, not_text.failure().reason) == (
        "input",
        "expected str, got bytes",
    )


# -- How much a member may inflate --------------------------------------------------------------


@pytest.mark.parametrize("size", [1, 1023, 1024, 1025, 3 * 1024 + 1, 70_000, 300_000])
def test_content_of_exactly_the_bound_is_read_and_one_byte_more_is_not(size: int) -> None:
    content = random.Random(size).randbytes(size)
    for member in (gzip_member(content), _header(0) + _body(content)):
        assert gunzip_bounded(member, size) == Success(content)
        error = _failure(member, size - 1)
        assert (error.stage, error.reason) == ("size", f"inflates to more than {size - 1} bytes")


def test_the_bound_counts_every_member() -> None:
    first, second = b"a" * 700, b"b" * 300
    data = gzip_member(first) + b"\x00" * 3 + gzip_member(second)
    assert gunzip_bounded(data, 1000) == Success(first + second)
    assert _failure(data, 999).stage == "size"
    assert _failure(data, 999).reason == "inflates to more than 999 bytes"


def test_the_bound_counts_every_member_of_many() -> None:
    # Three members: the third one's budget is what the first two left, not what one left.
    data = gzip_member(b"a" * 400) * 3
    assert gunzip_bounded(data, 1200) == Success(b"a" * 1200)
    assert _failure(data, 1199).reason == "inflates to more than 1199 bytes"
    assert _failure(data, 1000).reason == "inflates to more than 1000 bytes"


def _stored(content: bytes, *, final: bool = False) -> bytes:
    """One stored deflate block of ``content`` (at most 65535 bytes)."""
    size = len(content)
    return (
        bytes([final])
        + size.to_bytes(2, "little")
        + (size ^ 0xFFFF).to_bytes(2, "little")
        + content
    )


def test_inflation_stops_one_byte_past_the_bound() -> None:
    # Eleven bytes, one more, then a block of the reserved type: with a bound of ten, the
    # decoder stops at the eleventh byte and never reaches the bad block.
    body = _stored(b"a" * 11) + _stored(b"b") + b"\x07"
    assert _failure(_header(0) + body, 10).stage == "size"
    assert _failure(_header(0) + body, 11).reason.startswith("bad deflate data")


def test_a_second_member_is_read_where_the_first_one_ends() -> None:
    # Highly compressible content: the first chunk fed to zlib holds the next member too.
    data = gzip_member(b"x" * 5000) + gzip_member(b"y" * 5000)
    assert gunzip_bounded(data, 10_000) == Success(b"x" * 5000 + b"y" * 5000)


@pytest.mark.parametrize("cut", [1, 4, 7])
def test_a_trailer_cut_short_is_refused(cut: int) -> None:
    error = _failure(gzip_member(b"abc")[:-cut])
    assert error.reason == "truncated gzip trailer"


def test_the_trailer_length_is_taken_modulo_2_to_the_32() -> None:
    member = gzip_member(b"abc")
    wrong = member[:-4] + (3 + (1 << 32) - 1).to_bytes(5, "little")[:4]
    assert _failure(wrong).reason == "length check failed"
    crc = zlib.crc32(b"abc")
    assert member[-8:] == crc.to_bytes(4, "little") + (3).to_bytes(4, "little")
