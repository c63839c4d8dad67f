"""W3C trace context, baggage and the custom context's bounds."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ctxcore import (
    MAX_CUSTOM_CONTEXT_BYTES,
    MAX_CUSTOM_CONTEXT_ENTRIES,
    EnvelopeError,
    TraceContext,
    checked_custom_context,
    decode_baggage,
    derived_traceparent,
    encode_baggage,
)

_PARENT = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01"
_KEYS = st.text("abcdefghijklmnopqrstuvwxyz0123456789_-.", min_size=1, max_size=12)


def test_a_w3c_traceparent_is_kept_with_its_parts() -> None:
    trace = TraceContext(_PARENT, "congo=t61rcWkgMzE")
    assert trace.trace_id == "0af7651916cd43dd8448eb211c80319c"
    assert trace.parent_id == "b7ad6b7169203331"


@pytest.mark.parametrize(
    "value",
    [
        "",
        "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331",  # no flags
        "01-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01",  # unknown version
        "00-0AF7651916CD43DD8448EB211C80319C-b7ad6b7169203331-01",  # upper case
        "00-00000000000000000000000000000000-b7ad6b7169203331-01",  # zero trace id
        "00-0af7651916cd43dd8448eb211c80319c-0000000000000000-01",  # zero parent id
        _PARENT + "-extra",
        "x" * 10_000_000,
    ],
)
def test_anything_else_is_refused_naming_the_field(value: str) -> None:
    with pytest.raises(EnvelopeError, match="traceparent") as caught:
        TraceContext(value)
    assert len(str(caught.value)) < 400


def test_a_tracestate_over_its_bound_or_with_control_characters_is_refused() -> None:
    with pytest.raises(EnvelopeError, match="tracestate"):
        TraceContext(_PARENT, "a=" + "b" * 600)
    with pytest.raises(EnvelopeError, match="tracestate"):
        TraceContext(_PARENT, "a=\nb")


def test_the_derived_traceparent_depends_only_on_the_ids() -> None:
    one = derived_traceparent("ex:p:d:n", "TASK:p:d:t:v")
    again = derived_traceparent("ex:p:d:n", "TASK:p:d:t:v")
    child = derived_traceparent("ex:p:d:n", "TASK:p:d:other:v")
    other = derived_traceparent("ex:p:d:m", "TASK:p:d:t:v")
    assert one == again
    assert TraceContext(one).trace_id == TraceContext(child).trace_id  # one trace per execution
    assert TraceContext(one).parent_id != TraceContext(child).parent_id
    assert TraceContext(one).trace_id != TraceContext(other).trace_id


@given(st.dictionaries(_KEYS, st.text(max_size=20), max_size=10))
def test_baggage_round_trips_any_values(custom: dict[str, str]) -> None:
    header = encode_baggage(custom)
    assert header.isascii()
    assert decode_baggage(header) == custom


def test_baggage_encodes_only_what_is_not_unreserved() -> None:
    # Unreserved characters stay as they are beside encoded ones: the header's size, which the
    # custom context's bound counts, is the shortest W3C form.
    assert (
        encode_baggage({"team": "ml ops-1.x_~", "run": "€"}) == "team=ml%20ops-1.x_~,run=%E2%82%AC"
    )


def test_baggage_members_properties_and_spaces_are_read_as_w3c_says() -> None:
    assert decode_baggage(" a = 1 ;prop=x , b=%E2%82%AC ,, ") == {"a": "1", "b": "€"}


@pytest.mark.parametrize(
    "header",
    ["novalue", "k=%FF", "bad key=1", "k=" + "v" * (MAX_CUSTOM_CONTEXT_BYTES + 1)],
)
def test_bad_baggage_is_refused(header: str) -> None:
    with pytest.raises(EnvelopeError, match="BAGGAGE"):
        decode_baggage(header)


def test_the_custom_context_is_bounded_in_count_and_size() -> None:
    checked_custom_context((f"k{i}", "v") for i in range(MAX_CUSTOM_CONTEXT_ENTRIES))
    with pytest.raises(EnvelopeError, match="entries"):
        checked_custom_context((f"k{i}", "v") for i in range(MAX_CUSTOM_CONTEXT_ENTRIES + 1))
    with pytest.raises(EnvelopeError, match="bytes"):
        checked_custom_context([("k", "€" * (MAX_CUSTOM_CONTEXT_BYTES // 4))])
    with pytest.raises(EnvelopeError, match="strings"):
        checked_custom_context([("k", 1)])
    with pytest.raises(EnvelopeError, match="token"):
        checked_custom_context([("a b", "1")])


def test_an_endless_custom_context_is_refused_without_reading_it_all() -> None:
    def endless() -> Iterator[tuple[str, str]]:
        i = 0
        while True:
            yield (f"k{i}", "v")
            i += 1

    with pytest.raises(EnvelopeError):
        checked_custom_context(endless())


# -- each refusal says which field and why; each bound holds exactly ---------------------------

_TRACE = "0af7651916cd43dd8448eb211c80319c"
_SPAN = "b7ad6b7169203331"


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda: TraceContext(5), "traceparent: must be a string, not int"),  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]
        (
            lambda: TraceContext(_PARENT + "x"),
            f"traceparent: is not a W3C traceparent (00-<32 hex>-<16 hex>-<2 hex>): '{_PARENT}x'",
        ),
        (
            lambda: TraceContext(f"00-{'0' * 32}-{_SPAN}-01"),
            "traceparent: has an all-zero trace id or parent id, which W3C forbids",
        ),
        (
            lambda: TraceContext(f"00-{_TRACE}-{'0' * 16}-01"),
            "traceparent: has an all-zero trace id or parent id, which W3C forbids",
        ),
        (
            lambda: TraceContext(_PARENT, 5),  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]
            "tracestate: must be a string or null, not int",
        ),
        (
            lambda: TraceContext(_PARENT, "a" * 513),
            "tracestate: is 513 characters long; at most 512 are kept",
        ),
        (
            lambda: TraceContext(_PARENT, "a\x7f"),
            "tracestate: holds characters W3C tracestate does not allow: 'a\\x7f'",
        ),
        (
            lambda: checked_custom_context([(1, "v")]),
            "custom_context[1]: keys and values must be strings, not int: str",
        ),
        (
            lambda: checked_custom_context([("k", "\ud800")]),
            "custom_context['k']: holds a lone surrogate: not UTF-8 text",
        ),
        (
            lambda: checked_custom_context([("a b", "v")]),
            "custom_context['a b']: a key must be a token (letters, digits and "
            "!#$%&'*+-.^_`|~), as W3C baggage keys are",
        ),
        (
            lambda: checked_custom_context([(f"k{n}", "v") for n in range(65)]),
            "custom_context: has more than 64 entries or 8192 bytes; "
            "a custom context must fit in one W3C baggage header",
        ),
        (lambda: decode_baggage("k"), "BAGGAGE: member 'k' is not key=value"),
        (lambda: decode_baggage("k=%FF"), "BAGGAGE: member 'k' is not percent-encoded UTF-8"),
        (
            lambda: decode_baggage("k=" + "v" * 8191),
            "BAGGAGE: is 8193 characters long; at most 8192 travel",
        ),
    ],
)
def test_a_refusal_names_the_field_and_says_why(make: Callable[[], object], message: str) -> None:
    with pytest.raises(EnvelopeError) as raised:
        make()
    assert str(raised.value) == f"context envelope: {message}"


def test_a_tracestate_of_512_characters_is_kept() -> None:
    assert TraceContext(_PARENT, "a" * 512).tracestate == "a" * 512


def test_the_size_bound_counts_each_entry_as_key_value_and_two_separators() -> None:
    # "k" and 8189 characters: 8192 bytes counted, 8191 as baggage ("k=" and the value).
    assert len(checked_custom_context([("k", "v" * 8189)])["k"]) == 8189
    with pytest.raises(EnvelopeError, match="has more than 64 entries or 8192 bytes"):
        checked_custom_context([("k", "v" * 8190)])
    with pytest.raises(EnvelopeError, match="has more than 64 entries or 8192 bytes"):
        checked_custom_context([("a", "v" * 5000), ("b", "v" * 5000)])
    assert len(checked_custom_context([(f"k{n:02d}", "v") for n in range(64)])) == 64


def test_the_encoded_size_may_be_8192_bytes_and_not_one_more() -> None:
    # Each "%" is three bytes as baggage ("%25"): 2 + 3 * 2730 is 8192.
    assert checked_custom_context([("k", "%" * 2730)])["k"] == "%" * 2730
    with pytest.raises(EnvelopeError) as raised:
        checked_custom_context([("k", "%" * 2731)])
    assert str(raised.value) == (
        "context envelope: custom_context: is 8195 bytes as W3C baggage; at most 8192 travel"
    )


def test_a_baggage_header_of_8192_characters_is_read() -> None:
    with pytest.raises(EnvelopeError, match="has more than 64 entries or 8192 bytes"):
        decode_baggage("k=" + "v" * 8190)  # read, then refused for what it holds
    assert decode_baggage("k=" + "v" * 8187)["k"] == "v" * 8187


def test_baggage_members_drop_their_properties_and_empty_members() -> None:
    assert decode_baggage("a=1;p1;p2=x,,b=x=y ; p") == {"a": "1", "b": "x=y"}


def test_a_derived_traceparent_hashes_the_execution_and_then_the_task() -> None:
    def digest(text: str) -> str:
        return hashlib.sha256(text.encode()).hexdigest()

    assert derived_traceparent("e") == f"00-{digest('e')[:32]}-{digest('e' + chr(10))[:16]}-01"
    assert derived_traceparent("e", "t") == (
        f"00-{digest('e')[:32]}-{digest('e' + chr(10) + 't')[:16]}-01"
    )
