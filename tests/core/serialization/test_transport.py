"""The ``_F_SS_C`` codec: byte-identical encoding, and total, bounded decoding of hostile input."""

from __future__ import annotations

import base64
import gzip
import io
import pickle
import tracemalloc
import zlib
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from returns.result import Failure, Success

from ctxcore.core.errors import CtxcoreError, TransportError
from ctxcore.core.serialization.images import ImageConfig
from ctxcore.core.serialization.settings import SerializationSettings
from ctxcore.core.serialization.transport import (
    DEFAULT_MAX_TRANSPORT_SIZE,
    decode_transport,
    decode_transport_text,
    encode_transport_text,
    gunzip_bounded,
    gzip_member,
)
from ctxcore.testing.strategies.serialization import gzip_bomb, serialization_settings

FIXTURES = Path(__file__).parents[2] / "fixtures"
SAMPLE_JSON = (FIXTURES / "serialization_settings.to_json.json").read_text(encoding="utf-8")
SAMPLE_CONTEXT = (FIXTURES / "serialized_context.b64.txt").read_text(encoding="ascii")
MINIMAL_JSON = b'{"image_config": {}}'


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def failure_of(s: str, max_size: int = DEFAULT_MAX_TRANSPORT_SIZE) -> TransportError:
    result = decode_transport(s, max_size)
    assert isinstance(result, Failure), result
    error: TransportError = result.failure()
    return error


def gzip_with(
    payload: bytes, *, name: str = "", mtime: int = 0, level: int = 9, extra: bool = False
) -> bytes:
    """A gzip member as Python's GzipFile writes it (optionally with FEXTRA and FHCRC)."""
    buffer = io.BytesIO()
    with gzip.GzipFile(
        filename=name, mode="wb", fileobj=buffer, mtime=mtime, compresslevel=level
    ) as f:
        f.write(payload)
    data = buffer.getvalue()
    if not extra:
        return data
    # Add an extra field and a header CRC to a member that has neither.
    header, rest = data[:10], data[10:]
    flags = header[3] | 0x04 | 0x02
    new_header = header[:3] + bytes([flags]) + header[4:] + (4).to_bytes(2, "little") + b"ab\x00c"
    return new_header + zlib.crc32(new_header).to_bytes(4, "little")[:2] + rest


def member_with_bad_trailer(payload: bytes, *, crc_delta: int = 0, size_delta: int = 0) -> bytes:
    data = gzip_member(payload)
    crc = (int.from_bytes(data[-8:-4], "little") + crc_delta) & 0xFFFFFFFF
    size = (int.from_bytes(data[-4:], "little") + size_delta) & 0xFFFFFFFF
    return data[:-8] + crc.to_bytes(4, "little") + size.to_bytes(4, "little")


# -- Encoding --------------------------------------------------------------------------------


def test_encoding_is_byte_identical_to_the_reference() -> None:
    assert encode_transport_text(SAMPLE_JSON) == SAMPLE_CONTEXT


def test_gzip_member_header_and_trailer() -> None:
    data = gzip_member(MINIMAL_JSON)
    assert data[:10] == bytes.fromhex("1f8b08000000000002ff")
    assert data[-8:-4] == zlib.crc32(MINIMAL_JSON).to_bytes(4, "little")
    assert data[-4:] == len(MINIMAL_JSON).to_bytes(4, "little")
    assert gzip.decompress(data) == MINIMAL_JSON


@given(st.text())
def test_text_round_trip(text: str) -> None:
    encoded = encode_transport_text(text)
    assert decode_transport_text(encoded) == Success(text)
    assert gzip.decompress(base64.b64decode(encoded)) == text.encode("utf-8")


def test_decoding_the_reference_sample() -> None:
    assert decode_transport_text(SAMPLE_CONTEXT) == Success(SAMPLE_JSON)
    settings = decode_transport(SAMPLE_CONTEXT).unwrap()
    assert settings.project == "flytesnacks"
    assert settings.to_json() == SAMPLE_JSON


# -- What else gzip writers produce is accepted, as the reference's gzip.decompress does --------


@pytest.mark.parametrize(
    "data",
    [
        pytest.param(gzip.compress(MINIMAL_JSON), id="gzip.compress (OS byte 3)"),
        pytest.param(
            gzip.compress(MINIMAL_JSON, compresslevel=1, mtime=12345), id="level 1, mtime"
        ),
        pytest.param(gzip_with(MINIMAL_JSON, name="settings.json"), id="file name"),
        pytest.param(gzip_with(MINIMAL_JSON, extra=True), id="extra field and header crc"),
        pytest.param(
            gzip.compress(MINIMAL_JSON[:7]) + gzip.compress(MINIMAL_JSON[7:]), id="two members"
        ),
        pytest.param(
            gzip.compress(MINIMAL_JSON[:7]) + b"\x00" * 9 + gzip.compress(MINIMAL_JSON[7:]),
            id="zero padding between members",
        ),
        pytest.param(gzip.compress(MINIMAL_JSON) + b"\x00" * 4, id="zero padding at the end"),
        pytest.param(
            gzip.compress(b"") + gzip.compress(MINIMAL_JSON) + gzip.compress(b""),
            id="empty members",
        ),
    ],
)
def test_accepts_other_gzip_writers(data: bytes) -> None:
    assert decode_transport(b64(data)) == Success(SerializationSettings(ImageConfig()))


def test_whitespace_is_accepted() -> None:
    assert decode_transport_text(f"  {SAMPLE_CONTEXT}\n") == Success(SAMPLE_JSON)
    wrapped = "\n".join(SAMPLE_CONTEXT[i : i + 76] for i in range(0, len(SAMPLE_CONTEXT), 76))
    assert decode_transport_text(wrapped) == Success(SAMPLE_JSON)
    assert decode_transport_text(SAMPLE_CONTEXT[:100] + " \t" + SAMPLE_CONTEXT[100:]) == Success(
        SAMPLE_JSON
    )
    every_kind = " \t\r\n".join(SAMPLE_CONTEXT[i : i + 50] for i in range(0, 200, 50))
    assert decode_transport_text(every_kind + SAMPLE_CONTEXT[200:]) == Success(SAMPLE_JSON)


def test_only_mime_whitespace_is_taken_out() -> None:
    # A form feed is no line break: alone, it is a character base64 does not allow.
    assert "X" in SAMPLE_CONTEXT
    error = decode_transport_text(SAMPLE_CONTEXT[:100] + "\f" + SAMPLE_CONTEXT[100:]).failure()
    assert error.stage == "base64"


@pytest.mark.parametrize(
    "value",
    [
        SAMPLE_CONTEXT[:100] + " \f" + SAMPLE_CONTEXT[100:],  # beside a space: still refused
        "\f" + SAMPLE_CONTEXT,
        SAMPLE_CONTEXT + "\f",
        SAMPLE_CONTEXT + "\u00a0",
        "\u2003" + SAMPLE_CONTEXT + "\n",
        SAMPLE_CONTEXT[:100] + "\v\n" + SAMPLE_CONTEXT[100:],
    ],
    ids=["beside a space", "leading", "trailing", "no-break space", "em space", "vertical tab"],
)
def test_other_whitespace_is_refused_wherever_it_is(value: str) -> None:
    # One rule, wherever the character is and whatever is beside it: only " \t\r\n" go.
    assert decode_transport_text(value).failure().stage == "base64"


# -- Hostile input: every failure is a typed error of the right stage ---------------------------


@pytest.mark.parametrize(
    ("value", "stage", "text"),
    [
        ("", "gzip", "no data"),
        ("!!!!", "base64", "bad base64"),
        ("H4sI", "gzip", "truncated gzip header"),
        ("QUJD", "gzip", "bad magic"),
        ("é", "base64", "ASCII"),
        ("H4sIAAAAAAAC/", "base64", "bad base64"),
        (b64(b"\x1f\x8b\x07" + b"\x00" * 7), "gzip", "unknown compression method 7"),
        (b64(b"\x1f\x8b\x08\xe0" + b"\x00" * 6), "gzip", "reserved header flags"),
        (b64(b"\x1f\x8b\x08\x08" + b"\x00" * 6 + b"name-without-end"), "gzip", "file name"),
        (b64(b"\x1f\x8b\x08\x10" + b"\x00" * 6 + b"comment"), "gzip", "comment"),
        (b64(b"\x1f\x8b\x08\x04" + b"\x00" * 6 + b"\x01"), "gzip", "extra field"),
        (b64(b"\x1f\x8b\x08\x04" + b"\x00" * 6 + b"\xff\x00"), "gzip", "truncated gzip header"),
        (b64(b"\x1f\x8b\x08\x04" + b"\x00" * 6 + b"\x00\x00"), "gzip", "truncated gzip stream"),
        (b64(bytes.fromhex("1f8b08000000000002ff") + b"\xff\xff\xff"), "gzip", "bad deflate"),
        (b64(gzip_member(MINIMAL_JSON)[:-8]), "gzip", "truncated gzip trailer"),
        (b64(gzip_member(MINIMAL_JSON)[:-3]), "gzip", "truncated gzip trailer"),
        (b64(member_with_bad_trailer(MINIMAL_JSON, crc_delta=1)), "gzip", "CRC check failed"),
        (b64(member_with_bad_trailer(MINIMAL_JSON, size_delta=1)), "gzip", "length check failed"),
        (b64(gzip_member(MINIMAL_JSON) + b"x"), "gzip", "(bad magic) at byte 40"),
        (b64(gzip_member(MINIMAL_JSON) + b"\x1f"), "gzip", "truncated gzip header at byte 40"),
        (b64(gzip_member(MINIMAL_JSON) + b"garbage after"), "gzip", "bad magic"),
        (b64(gzip_member(b"\xff\xfe{}")), "utf-8", "can't decode"),
        (b64(gzip_member(b"not json")), "json", "Expecting value"),
        (b64(gzip_member(b"[1, 2]")), "json", "expected an object, got an array"),
        (b64(gzip_member(b"[" * 50_000)), "json", "recursion"),
        (b64(gzip_member(b"1" * 50_000)), "json", "digits"),
        (b64(gzip_member(b'{"image_config": {}, "domain": 5}')), "fields", "@ $.domain"),
        (b64(gzip_member(b'{"project": "p"}')), "fields", "missing @ $.image_config"),
    ],
)
def test_hostile_values_are_typed_errors(value: str, stage: str, text: str) -> None:
    error = failure_of(value)
    assert error.stage == stage
    assert text in str(error)
    assert error.source == "serialized context"
    with pytest.raises(TransportError) as raised:
        SerializationSettings.from_transport(value)
    assert raised.value.stage == stage


def test_non_str_input_is_refused() -> None:
    result = decode_transport(b"H4sI")  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]
    assert result.failure().stage == "input"


def test_transport_error_is_a_value_error_and_pickles() -> None:
    error = failure_of("!!!!")
    assert isinstance(error, ValueError)
    assert isinstance(error, CtxcoreError)
    assert str(error).startswith("serialized context: bad base64: ")
    copy = pickle.loads(pickle.dumps(error))
    assert (copy.source, copy.stage, copy.reason) == (error.source, error.stage, error.reason)


def test_every_prefix_of_a_valid_value_is_refused() -> None:
    for end in range(len(SAMPLE_CONTEXT)):
        error = failure_of(SAMPLE_CONTEXT[:end])
        assert error.stage in {"base64", "gzip"}, (end, error)


def test_every_prefix_of_the_gzip_bytes_is_refused() -> None:
    raw = base64.b64decode(SAMPLE_CONTEXT)
    for end in range(len(raw)):
        error = failure_of(b64(raw[:end]))
        assert error.stage == "gzip", (end, error)


@given(serialization_settings(), st.data())
def test_prefixes_of_generated_values_are_refused(
    settings: SerializationSettings, data: st.DataObject
) -> None:
    raw = base64.b64decode(settings.serialized_context)
    end = data.draw(st.integers(0, len(raw) - 1))
    assert failure_of(b64(raw[:end])).stage == "gzip"


@given(st.text(max_size=300))
def test_arbitrary_text_never_raises(value: str) -> None:
    result = decode_transport(value)
    if isinstance(result, Failure):
        assert isinstance(result.failure(), TransportError)


@given(st.binary(max_size=300))
def test_arbitrary_bytes_never_raise(value: bytes) -> None:
    result = decode_transport(b64(value))
    assert isinstance(result, Failure)


@given(st.binary(max_size=64))
def test_arbitrary_gzip_bodies_never_raise(body: bytes) -> None:
    result = decode_transport(b64(bytes.fromhex("1f8b08000000000002ff") + body))
    if isinstance(result, Failure):
        assert result.failure().stage in {"gzip", "size", "utf-8", "json", "fields"}


@given(st.data())
def test_corrupted_bytes_never_raise(data: st.DataObject) -> None:
    raw = bytearray(base64.b64decode(SAMPLE_CONTEXT))
    for _ in range(data.draw(st.integers(1, 4))):
        raw[data.draw(st.integers(0, len(raw) - 1))] = data.draw(st.integers(0, 255))
    result = decode_transport(b64(bytes(raw)))
    if isinstance(result, Success):
        assert isinstance(result.unwrap(), SerializationSettings)


# -- Size bounds -----------------------------------------------------------------------------


def _big_settings_json(size: int) -> bytes:
    return b'{"image_config": {}, "git_repo": "' + b"x" * size + b'"}'


def test_oversize_content_is_refused() -> None:
    value = b64(gzip_member(_big_settings_json(DEFAULT_MAX_TRANSPORT_SIZE)))
    error = failure_of(value)
    assert error.stage == "size"
    assert f"more than {DEFAULT_MAX_TRANSPORT_SIZE} bytes" in str(error)


def test_content_at_the_limit_is_accepted() -> None:
    payload = _big_settings_json(1000)
    assert decode_transport(b64(gzip_member(payload)), max_size=len(payload)).unwrap().git_repo == (
        "x" * 1000
    )
    assert failure_of(b64(gzip_member(payload)), max_size=len(payload) - 1).stage == "size"


def test_the_limit_spans_members() -> None:
    half = b" " * 600
    value = b64(gzip_member(half) + gzip_member(half + MINIMAL_JSON))
    assert failure_of(value, max_size=1000).stage == "size"
    assert isinstance(decode_transport(value, max_size=1300), Success)


def test_oversize_base64_is_refused_before_decoding() -> None:
    value = "A" * (4 * DEFAULT_MAX_TRANSPORT_SIZE)
    error = failure_of(value)
    assert error.stage == "size"
    assert "characters of base64" in str(error)


def test_incompressible_content_within_the_limit_is_accepted() -> None:
    # Random text barely compresses: the base64 bound must still admit it.
    import random

    rng = random.Random(7)
    filler = "".join(rng.choice("abcdefghijklmnopqrstuvwxyz0123456789") for _ in range(60_000))
    payload = _big_settings_json(0).replace(b'""', f'"{filler}"'.encode())
    value = b64(gzip_member(payload))
    assert decode_transport(value, max_size=len(payload)).unwrap().git_repo == filler


def _peak_extra_bytes(value: str) -> tuple[TransportError, int]:
    tracemalloc.start()
    try:
        tracemalloc.reset_peak()
        before = tracemalloc.get_traced_memory()[0]
        result = decode_transport(value)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert isinstance(result, Failure)
    error: TransportError = result.failure()
    return error, peak - before


def test_a_small_gzip_bomb_is_refused_within_bounded_memory() -> None:
    error, extra = _peak_extra_bytes(b64(gzip_bomb(16 << 20)))
    assert error.stage == "size"
    assert extra <= 5 << 20


@pytest.mark.slow
def test_a_200_mb_gzip_bomb_is_refused_with_at_most_5_mib_extra_memory() -> None:
    bomb = b64(gzip_bomb(200 * 10**6))
    error, extra = _peak_extra_bytes(bomb)
    assert error.stage == "size"
    assert extra <= 5 << 20, f"{extra / 2**20:.1f} MiB"


def test_gunzip_bounded_directly() -> None:
    assert gunzip_bounded(gzip_member(b"abc"), 3) == Success(b"abc")
    assert isinstance(gunzip_bounded(gzip_member(b"abcd"), 3), Failure)
