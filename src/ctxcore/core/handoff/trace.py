"""W3C trace context and baggage: checking, deriving and encoding the carriers of a hand-off.

Pure functions over strings. ``traceparent`` and ``tracestate`` follow W3C Trace Context
(level 1); the custom context travels as W3C Baggage. Every check is bounded by the named
limits below before any work proportional to the input is done, and fails with an
``EnvelopeError`` naming the field.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Final

import attrs

from ctxcore.core._repr import fields_repr
from ctxcore.core.errors import EnvelopeError, shown
from ctxcore.core.serialization.env import FrozenEnv

__all__ = [
    "MAX_CUSTOM_CONTEXT_BYTES",
    "MAX_CUSTOM_CONTEXT_ENTRIES",
    "MAX_TRACESTATE_CHARS",
    "TraceContext",
    "checked_custom_context",
    "decode_baggage",
    "derived_traceparent",
    "encode_baggage",
]

MAX_CUSTOM_CONTEXT_ENTRIES: Final = 64
"""How many entries a custom context holds: W3C Baggage lets a carrier drop members beyond 64
(its recommended minimum), so a context with more would not arrive whole."""

MAX_CUSTOM_CONTEXT_BYTES: Final = 8192
"""The largest custom context, measured as its ``BAGGAGE`` header: W3C Baggage's 8,192-byte
limit, so every member survives every compliant hop."""

MAX_TRACESTATE_CHARS: Final = 512
"""The longest ``tracestate`` kept: W3C Trace Context's 512-character recommendation."""

TRACEPARENT_PATTERN: Final = r"00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})"
"""A ``traceparent`` ctxcore reads: version 00 exactly, 55 characters, lower-case hex, nothing
after (all-zero ids are refused too)."""

BAGGAGE_KEY_PATTERN: Final = r"[!#$%&'*+\-.^_`|~0-9A-Za-z]+"
"""A custom context's key: an RFC 7230 token, as a W3C Baggage key is."""

TRACESTATE_PATTERN: Final = r"[\x20-\x7e]*"
"""A ``tracestate``: printable ASCII only (list members are checked by the tracing system that
owns them)."""

_TRACEPARENT = re.compile(TRACEPARENT_PATTERN)
_TOKEN = re.compile(BAGGAGE_KEY_PATTERN)
_TRACESTATE = re.compile(TRACESTATE_PATTERN)

_SAMPLED: Final = "01"
"""The flags of a derived ``traceparent``: sampled, so a tracing system that follows its
parent's decision records the hand-off (the sampling choice stays with that system)."""


def is_utf8(text: str) -> bool:
    """Whether ``text`` encodes as UTF-8 (JSON's ``\\ud800`` escapes make strings that do not)."""
    if text.isascii():
        return True
    try:
        text.encode()
    except UnicodeEncodeError:
        return False
    return True


def checked_traceparent(value: object, field: str) -> str:
    if not isinstance(value, str):
        raise EnvelopeError(field, f"must be a string, not {type(value).__name__}")
    match = _TRACEPARENT.fullmatch(value) if len(value) == 55 else None
    if match is None:
        raise EnvelopeError(
            field, f"is not a W3C traceparent (00-<32 hex>-<16 hex>-<2 hex>): {shown(value)}"
        )
    if match.group(1) == "0" * 32 or match.group(2) == "0" * 16:
        raise EnvelopeError(field, "has an all-zero trace id or parent id, which W3C forbids")
    return value


def _checked_tracestate(value: object, field: str) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise EnvelopeError(field, f"must be a string or null, not {type(value).__name__}")
    if len(value) > MAX_TRACESTATE_CHARS:
        raise EnvelopeError(
            field, f"is {len(value)} characters long; at most {MAX_TRACESTATE_CHARS} are kept"
        )
    if _TRACESTATE.fullmatch(value) is None:
        raise EnvelopeError(
            field, f"holds characters W3C tracestate does not allow: {shown(value)}"
        )
    return value


def _traceparent_field(value: str) -> str:
    return checked_traceparent(value, "traceparent")


def _tracestate_field(value: str | None) -> str | None:
    return _checked_tracestate(value, "tracestate")


@attrs.frozen
class TraceContext:
    """A W3C trace context: ``traceparent`` (version 00) and an optional ``tracestate``.

    Checked when made: a value that is not W3C raises ``EnvelopeError``.
    """

    __repr__ = fields_repr

    traceparent: str = attrs.field(converter=_traceparent_field)
    tracestate: str | None = attrs.field(default=None, converter=_tracestate_field)

    @property
    def trace_id(self) -> str:
        """The 32 hex digits of the trace."""
        return self.traceparent[3:35]

    @property
    def parent_id(self) -> str:
        """The 16 hex digits of the parent span."""
        return self.traceparent[36:52]


def derived_traceparent(execution_id: str, task_id: str | None = None) -> str:
    """A ``traceparent`` for a context that has no trace context of its own.

    The trace id is the first 128 bits of SHA-256 of the execution id, so every retry and every
    child task of one execution shares one trace; the parent id comes from the execution and
    task ids together. Deterministic: the same ids give the same value in any process.
    """
    import hashlib  # only derived ids need it; importing it (OpenSSL) costs 3 MiB and 3 ms

    trace = hashlib.sha256(execution_id.encode()).hexdigest()[:32]
    parent = hashlib.sha256(f"{execution_id}\n{task_id or ''}".encode()).hexdigest()[:16]
    # An all-zero id is invalid; SHA-256 giving one is not a practical concern, but stay valid.
    trace = trace if trace.strip("0") else "1".rjust(32, "0")
    parent = parent if parent.strip("0") else "1".rjust(16, "0")
    return f"00-{trace}-{parent}-{_SAMPLED}"


_UNRESERVED = frozenset(b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")
_UNRESERVED_TEXT = re.compile(r"[A-Za-z0-9\-._~]*")
"""A value made of unreserved characters only: its percent-encoding is itself."""
_PERCENT = re.compile(r"%([0-9A-Fa-f]{2})")


def _quoted(value: str) -> str:
    """``value`` percent-encoded as UTF-8, every byte but the RFC 3986 unreserved ones.

    A value with nothing to encode (the usual ``team=ml``) is returned as it is, without the
    byte-by-byte walk; a property test holds that to the walk (and to ``urllib``'s quoting).
    """
    if _UNRESERVED_TEXT.fullmatch(value):
        return value
    return "".join(chr(b) if b in _UNRESERVED else f"%{b:02X}" for b in value.encode())


def _unquoted(value: str) -> str | None:
    """A percent-encoded value decoded as UTF-8, or ``None`` when it is not UTF-8."""
    if "%" not in value:
        return value
    raw = _PERCENT.sub(lambda m: chr(int(m.group(1), 16)), value)
    try:
        return raw.encode("latin-1").decode("utf-8")
    except UnicodeError:
        return None


def encode_baggage(custom: Mapping[str, str]) -> str:
    """The custom context as a W3C ``baggage`` header: ``key=value`` members joined by ``,``,
    each value percent-encoded UTF-8."""
    return ",".join(f"{key}={_quoted(value)}" for key, value in custom.items())


def checked_custom_context(
    items: Iterable[tuple[object, object]], field: str = "custom_context"
) -> FrozenEnv:
    """``items`` as a custom context, or ``EnvelopeError`` naming what is wrong.

    Keys are RFC 7230 tokens (what W3C Baggage allows as a key), values any strings; at most
    ``MAX_CUSTOM_CONTEXT_ENTRIES`` entries and ``MAX_CUSTOM_CONTEXT_BYTES`` as a header. The
    count and the raw size are checked while reading, so a huge input is refused early.
    """
    result: dict[str, str] = {}
    size = 0
    for key, value in items:
        if not isinstance(key, str) or not isinstance(value, str):
            raise EnvelopeError(
                f"{field}[{shown(key)}]",
                f"keys and values must be strings, not {type(key).__name__}: "
                f"{type(value).__name__}",
            )
        size += len(key) + len(value) + 2
        if len(result) >= MAX_CUSTOM_CONTEXT_ENTRIES or size > MAX_CUSTOM_CONTEXT_BYTES:
            break
        if not is_utf8(value):
            raise EnvelopeError(f"{field}[{shown(key)}]", "holds a lone surrogate: not UTF-8 text")
        if _TOKEN.fullmatch(key) is None:
            raise EnvelopeError(
                f"{field}[{shown(key)}]",
                "a key must be a token (letters, digits and !#$%&'*+-.^_`|~), as W3C baggage "
                "keys are",
            )
        result[key] = value
    else:
        encoded = len(encode_baggage(result).encode())
        if encoded <= MAX_CUSTOM_CONTEXT_BYTES:
            return FrozenEnv(result)
        raise EnvelopeError(
            field,
            f"is {encoded} bytes as W3C baggage; at most {MAX_CUSTOM_CONTEXT_BYTES} travel",
        )
    raise EnvelopeError(
        field,
        f"has more than {MAX_CUSTOM_CONTEXT_ENTRIES} entries or {MAX_CUSTOM_CONTEXT_BYTES} bytes; "
        "a custom context must fit in one W3C baggage header",
    )


def decode_baggage(header: str, field: str = "BAGGAGE") -> FrozenEnv:
    """A W3C ``baggage`` header as a custom context (member properties after ``;`` are
    dropped); bounded as ``checked_custom_context`` is."""
    if len(header) > MAX_CUSTOM_CONTEXT_BYTES:
        raise EnvelopeError(
            field, f"is {len(header)} characters long; at most {MAX_CUSTOM_CONTEXT_BYTES} travel"
        )
    pairs: list[tuple[object, object]] = []
    for member in header.split(","):
        entry = member.split(";", 1)[0].strip()
        if not entry:
            continue
        key, sep, value = entry.partition("=")
        if not sep:
            raise EnvelopeError(field, f"member {shown(entry)} is not key=value")
        text = _unquoted(value.strip())
        if text is None:
            raise EnvelopeError(field, f"member {shown(key)} is not percent-encoded UTF-8")
        pairs.append((key.strip(), text))
    return checked_custom_context(pairs, field)
